/** One vulnerability: scores, known exploitation (KEV) and likelihood (EPSS), advisories, and who is exposed. */
import { Link, useParams } from 'react-router';
import { useVulnerability, useWhoIsExposed } from '../api/queries';
import { date, fmt, KIND_LABEL, PRIORITY_LABEL } from '../components/format';
import { Pager, useCursor } from '../components/Pager';
import { queryState } from '../components/Status';

function WhoIsExposed({ cve }: { cve: string }) {
  const pager = useCursor(cve);
  const who = useWhoIsExposed(cve, { limit: 25, cursor: pager.cursor });
  const state = queryState(who, 'exposure');
  return (
    <section aria-labelledby="who">
      <h2 id="who">Who is exposed</h2>
      {state ?? (
        <>
          <p id="who-totals">
            {fmt(who.data?.totals.organisations)} organisations, {fmt(who.data?.totals.assets)} devices.
          </p>
          <div className="table-wrap">
            <table id="who-table">
              <caption>Exposed organisations you can see, most devices first</caption>
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Priority</th>
                  <th scope="col" className="num">
                    Devices
                  </th>
                </tr>
              </thead>
              <tbody>
                {who.data?.items.map((o) => (
                  <tr key={o.code} data-org={o.code}>
                    <th scope="row">
                      <Link to={`/orgs/${o.code}`}>{o.name}</Link> <span className="code">{o.code}</span>
                    </th>
                    <td>{KIND_LABEL[o.kind] ?? o.kind}</td>
                    <td>{PRIORITY_LABEL[o.priority] ?? o.priority}</td>
                    <td className="num">{fmt(o.assets)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager label="Exposed organisations" cursor={pager} nextCursor={who.data?.nextCursor} />
        </>
      )}
    </section>
  );
}

export default function CvePage() {
  const cve = (useParams().cve ?? '').toUpperCase();
  const vuln = useVulnerability(cve);
  const state = queryState(vuln, `Vulnerability ${cve}`);
  if (state) return state;
  const v = vuln.data;
  if (!v) return null;
  return (
    <>
      <h1>{v.id}</h1>
      <p>{v.description}</p>
      <dl className="stats" id="cve-facts">
        <div>
          <dt>Severity (CVSS {v.cvss.version ?? ''})</dt>
          <dd>
            {v.cvss.score ?? '—'} {v.cvss.severity?.toLowerCase() ?? ''}
          </dd>
        </div>
        <div className={v.kev ? 'alarm' : ''}>
          <dt>Known to be exploited (KEV)</dt>
          <dd>{v.kev ? `Yes, fix by ${date(v.kev.dueDate)}` : 'No'}</dd>
        </div>
        <div>
          <dt>Chance of exploitation in 30 days (EPSS)</dt>
          <dd>{v.epss ? `${(v.epss.score * 100).toFixed(1)}%` : '—'}</dd>
        </div>
        <div>
          <dt>Published</dt>
          <dd>{date(v.published)}</dd>
        </div>
      </dl>
      {v.kev && (
        <p>
          <strong>Required action:</strong> {v.kev.requiredAction}
        </p>
      )}
      {v.cvss.vector && <p className="muted">Vector: {v.cvss.vector}</p>}
      <section aria-labelledby="advisories">
        <h2 id="advisories">Advisories</h2>
        {v.advisories.length === 0 ? (
          <p>No advisories name it.</p>
        ) : (
          <ul>
            {v.advisories.map((a) => (
              <li key={a.id}>
                {a.id}: {a.title} ({a.publisher}){a.medical && ' — medical devices'}
              </li>
            ))}
          </ul>
        )}
      </section>
      <WhoIsExposed cve={cve} />
    </>
  );
}
