/**
 * What the caller's organisations expose to the internet, as external scans see it: the summary by
 * child organisation (with unregistered addresses for the national centre), then each exposure,
 * most severe first, with what to do. `?org=CODE` narrows both to one subtree.
 */
import { Link, useSearchParams } from 'react-router';
import { useExternal, useExternalSummary } from '../api/queries';
import { date, fmt } from '../components/format';
import { queryState } from '../components/Status';

export default function ExternalPage() {
  const [params, setParams] = useSearchParams();
  const org = params.get('org')?.toUpperCase() || undefined;
  const all = params.get('all') === 'true';
  const summary = useExternalSummary(org);
  const list = useExternal({ org, all, limit: 500 });
  const state = queryState(summary, org ? `Organisation ${org}` : 'external exposure');
  const s = summary.data;
  return (
    <>
      <h1>Seen from outside{s ? `: ${s.name}` : ''}</h1>
      <p>
        Services of your organisations that external scans found open to the internet. Critical and high ones
        are told to the organisation’s contacts as soon as they are seen.
      </p>
      {state ??
        (s && (
          <>
            <dl className="stats" id="external-counts">
              <div>
                <dt>Open</dt>
                <dd data-field="open">{fmt(s.open)}</dd>
              </div>
              <div>
                <dt>Closed</dt>
                <dd data-field="closed">{fmt(s.closed)}</dd>
              </div>
            </dl>
            <div className="table-wrap">
              <table id="external-summary-table">
                <caption>By organisation</caption>
                <thead>
                  <tr>
                    <th scope="col">Organisation</th>
                    <th scope="col" className="num">
                      Open
                    </th>
                    <th scope="col" className="num">
                      Closed
                    </th>
                    <th scope="col">Open by kind</th>
                  </tr>
                </thead>
                <tbody>
                  {s.rows.map((r) => (
                    <tr key={r.org} data-org={r.org}>
                      <th scope="row">
                        {r.own ? `${r.name} (its own)` : <Link to={`/external?org=${r.org}`}>{r.name}</Link>}
                      </th>
                      <td className="num">{fmt(r.open)}</td>
                      <td className="num">{fmt(r.closed)}</td>
                      <td>
                        {r.counts
                          .filter((c) => c.open > 0)
                          .map((c) => `${c.kind} ${c.open} (${c.severity})`)
                          .join(', ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {s.recentReports && s.recentReports.length > 0 && (
              <div className="table-wrap">
                <table id="external-reports-table">
                  <caption>Recent reports: addresses no organisation registered</caption>
                  <thead>
                    <tr>
                      <th scope="col">Report</th>
                      <th scope="col" className="num">
                        Rows
                      </th>
                      <th scope="col" className="num">
                        Unregistered
                      </th>
                      <th scope="col">Addresses</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.recentReports.map((r) => (
                      <tr key={`${r.source}/${r.file}/${r.importedAt}`}>
                        <th scope="row">
                          {r.source} {r.file} ({date(r.importedAt)})
                        </th>
                        <td className="num">{fmt(r.rows)}</td>
                        <td className="num">{fmt(r.unknown)}</td>
                        <td>{r.unknownAddresses.map((u) => `${u.address} (${u.rows})`).join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        ))}
      <label className="check">
        <input
          type="checkbox"
          checked={all}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            if (e.target.checked) next.set('all', 'true');
            else next.delete('all');
            setParams(next);
          }}
        />
        Show closed exposures too
      </label>
      {queryState(list, 'exposures') ?? (
        <div className="table-wrap">
          <table id="external-table">
            <caption>{all ? 'All exposures' : 'Open exposures'}, most severe first</caption>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Organisation</th>
                <th scope="col">Address and port</th>
                <th scope="col">Service</th>
                <th scope="col">Last seen</th>
                <th scope="col">What to do</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((e) => (
                <tr key={`${e.org}/${e.source}/${e.address}/${e.port}/${e.kind}`} data-kind={e.kind}>
                  <td>{e.severity}</td>
                  <td>{e.org}</td>
                  <td>
                    {e.address} {e.port}/{e.protocol}
                  </td>
                  <td>
                    {e.name}
                    {e.product ? ` — ${[e.product, e.version].filter(Boolean).join(' ')}` : ''}
                  </td>
                  <td>
                    {date(e.lastSeen)}
                    {e.closedAt ? ` (closed ${date(e.closedAt)})` : e.reopenedAt ? ' (reopened)' : ''}
                  </td>
                  <td>{e.whatToDo ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data?.items.length === 0 && <p>Nothing {all ? '' : 'open '}seen from outside.</p>}
          {list.data?.truncated && <p>More than shown: choose an organisation above to narrow the list.</p>}
        </div>
      )}
    </>
  );
}
