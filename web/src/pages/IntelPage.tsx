/** The intel Ward holds: each feed's records and last sync, and the counts. */
import { useIntelStatus } from '../api/queries';
import { dateTime, fmt } from '../components/format';
import { queryState } from '../components/Status';

const COUNT_LABEL: Record<string, string> = {
  vulnerabilities: 'Vulnerabilities (CVEs)',
  rejected: 'Rejected CVEs',
  rules: 'Match rules',
  kev: 'Known exploited (KEV)',
  epss: 'EPSS scores',
  advisories: 'Advisories',
  medicalAdvisories: 'Medical-device advisories',
};

export default function IntelPage() {
  const intel = useIntelStatus();
  const state = queryState(intel, 'intel');
  return (
    <>
      <h1>Intel</h1>
      <p>Where Ward’s knowledge of vulnerabilities comes from, and how fresh it is.</p>
      {state ?? (
        <>
          <dl className="stats" id="intel-counts">
            {Object.entries(intel.data?.counts ?? {}).map(([k, n]) => (
              <div key={k}>
                <dt>{COUNT_LABEL[k] ?? k}</dt>
                <dd data-field={k}>{fmt(n)}</dd>
              </div>
            ))}
          </dl>
          <div className="table-wrap">
            <table id="sources-table">
              <caption>Sources</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col" className="num">
                    Records
                  </th>
                  <th scope="col">Last sync</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {intel.data?.sources.map((s) => (
                  <tr key={s.source}>
                    <th scope="row">{s.source}</th>
                    <td className="num">{fmt(s.records)}</td>
                    <td>{dateTime(s.lastSuccess)}</td>
                    <td>{s.lastError ?? 'none'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
