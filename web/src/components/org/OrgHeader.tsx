/** An organisation's name, kind and the path down to it from the person's own organisation. */
import { Link } from 'react-router';
import { useSession } from '../../api/queries';
import type { OrgDetails } from '../../api/types';
import { KIND_LABEL } from '../format';

export function OrgHeader({ details, section }: { details: OrgDetails; section?: string }) {
  const session = useSession();
  const mine = new Set(session.data?.memberships.map((m) => m.org));
  const path = [...details.ancestors, details.organisation];
  const from = Math.max(
    0,
    path.findIndex((o) => mine.has(o.code)),
  );
  const o = details.organisation;
  return (
    <header className="page-head">
      <nav aria-label="Breadcrumb">
        <ol className="crumbs">
          {path.slice(from).map((a) => (
            <li key={a.code}>
              {a.code === o.code && !section ? (
                <span aria-current="page">{a.name}</span>
              ) : (
                <Link to={`/orgs/${a.code}`}>{a.name}</Link>
              )}
            </li>
          ))}
          {section && <li aria-current="page">{section}</li>}
        </ol>
      </nav>
      <h1>
        {o.name} <span className="code">{o.code}</span>
      </h1>
      <p className="muted">{KIND_LABEL[o.kind] ?? o.kind}</p>
      {!section && (
        <p>
          <Link to={`/orgs/${o.code}/external`}>
            Seen from outside: open services and vulnerabilities on banners
          </Link>
          {' · '}
          <Link to={`/incidents?org=${o.code}`}>Incidents</Link>
          {' · '}
          <Link to={`/incidents/report?org=${o.code}`}>Report an incident</Link>
        </p>
      )}
    </header>
  );
}
