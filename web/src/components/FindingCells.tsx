/**
 * The cells a finding shows wherever findings are listed (the worklist, an organisation's external
 * exposure): its priority badge, and its CVE with the flags that qualify it.
 */
import { Link } from 'react-router';
import { PRIORITY_LABEL } from './format';

interface FindingLike {
  priority: string;
  cve: string;
  kev: boolean;
  certainty: string;
}

export function PriorityCell({ finding: f }: { finding: Pick<FindingLike, 'priority'> }) {
  return (
    <td>
      <span className={`badge p-${f.priority.replace('*', 'star')}`}>
        {PRIORITY_LABEL[f.priority] ?? f.priority}
      </span>
    </td>
  );
}

export function CveCell({ finding: f }: { finding: Omit<FindingLike, 'priority'> }) {
  return (
    <td>
      <Link to={`/cves/${f.cve}`}>{f.cve}</Link>
      {f.kev && <span className="flag"> known exploited</span>}
      {f.certainty === 'possible' && <span className="flag"> possible</span>}
    </td>
  );
}
