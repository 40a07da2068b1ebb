/**
 * Possible advisory matches: products of the organisation's devices that an advisory may name in
 * its own words, awaiting a national decision. Not findings; shown so nothing is silently dropped.
 */
import { Link } from 'react-router';
import { useProposals } from '../../api/queries';
import { fmt } from '../format';

export function PossibleMatches({ org }: { org: string }) {
  const proposals = useProposals({ org, status: 'proposed', limit: 50 });
  const items = proposals.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="possible-matches">
      <h2 id="possible-matches">Possible advisory matches</h2>
      <p>
        Advisories that may be about these devices, named in the manufacturer’s words. They are not findings
        until the national centre confirms the match (<Link to="/identity">review and evidence</Link>).
      </p>
      <ul id="possible-matches-list">
        {items.map((p) => (
          <li key={p.id}>
            <strong>
              {p.inventory.vendor} / {p.inventory.product}
            </strong>{' '}
            may be {p.advisory.vendor} / {p.advisory.product} ({p.advisories.join(', ')}): {fmt(p.devices)}{' '}
            device
            {p.devices === 1 ? '' : 's'}, version {p.versions.map((v) => v || '(not given)').join(', ')}
          </li>
        ))}
      </ul>
    </section>
  );
}
