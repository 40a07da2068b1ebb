/**
 * Incidents the person may read (their organisations and those under them, and any shared with
 * them): status, severity, and the reporting deadlines still open, overdue ones flagged.
 */
import { Link, useSearchParams } from 'react-router';
import { useIncidents, useSession } from '../api/queries';
import { dateTime } from '../components/format';
import { OpenDeadlines } from '../components/incident/Deadlines';
import { CATEGORY_SHORT, STATUS_LABEL } from '../components/incident/labels';
import { canWrite } from '../components/roles';
import { queryState } from '../components/Status';

export default function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const org = params.get('org')?.toUpperCase() || undefined;
  const session = useSession();
  const incidents = useIncidents({ status: status || undefined, org });
  const state = queryState(incidents, org ? `Organisation ${org}` : 'Incidents');
  return (
    <>
      <h1>Incidents</h1>
      {canWrite(session.data) && (
        <p>
          <Link className="button primary" to={`/incidents/report${org ? `?org=${org}` : ''}`}>
            Report an incident
          </Link>
        </p>
      )}
      <form className="filters" aria-label="Filter incidents">
        <label>
          Status
          <select
            value={status}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('status', e.target.value);
              else next.delete('status');
              setParams(next);
            }}
          >
            <option value="">any</option>
            {Object.entries(STATUS_LABEL).map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </form>
      {state ??
        ((incidents.data ?? []).length === 0 ? (
          <p>No incidents.</p>
        ) : (
          <div className="table-wrap">
            <table id="incidents-table">
              <caption>Incidents, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Incident</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Detected</th>
                  <th scope="col">Reports due</th>
                </tr>
              </thead>
              <tbody>
                {(incidents.data ?? []).map((i) => (
                  <tr key={i.reference} data-incident={i.reference} className={i.overdue ? 'overdue' : ''}>
                    <th scope="row">
                      <Link to={`/incidents/${i.reference}`}>{i.reference}</Link>: {i.title}
                    </th>
                    <td>
                      {i.org.name} <span className="code">{i.org.code}</span>
                    </td>
                    <td>{CATEGORY_SHORT[i.category]}</td>
                    <td data-field="status">{STATUS_LABEL[i.status]}</td>
                    <td>
                      {i.severity ? <span className={`badge sev-${i.severity}`}>{i.severity}</span> : '—'}
                    </td>
                    <td>{dateTime(i.detectedAt)}</td>
                    <td>
                      <OpenDeadlines deadlines={i.deadlines} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
