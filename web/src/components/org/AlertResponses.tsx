/**
 * Alerts awaiting answers from an organisation (or from the organisations under it): what to do,
 * by when, which devices, and the answer buttons — per organisation, and in bulk for managers of
 * several.
 */
import { Link } from 'react-router';
import { useAlertStatus, useAlerts, useSession } from '../../api/queries';
import type { AlertSummary } from '../../api/types';
import { dateTime, STATE_LABEL } from '../format';
import { canWrite } from '../roles';
import { queryState } from '../Status';
import { RespondButtons } from './RespondButtons';

function AlertCard({ alert, org, writer }: { alert: AlertSummary; org: string; writer: boolean }) {
  const status = useAlertStatus(alert.reference, { org, targets: true });
  const targets = status.data?.targets ?? [];
  if (status.isPending || targets.length === 0) return null;
  const open = targets.filter((t) => t.state !== 'resolved' && t.state !== 'not_applicable');
  return (
    <article className="card" aria-labelledby={`alert-${alert.reference}`} data-alert={alert.reference}>
      <h3 id={`alert-${alert.reference}`}>
        <Link to={`/alerts/${alert.reference}`}>{alert.reference}</Link>: {alert.title}{' '}
        <span className={`badge sev-${alert.severity}`}>{alert.severity}</span>
      </h3>
      <p>
        <strong>What to do:</strong> {status.data?.alert.action}
      </p>
      {writer && targets.length > 1 && open.length > 0 && (
        <div className="bulk">
          <p>
            Answer for all {targets.length} organisations under {org} at once:
          </p>
          <RespondButtons
            reference={alert.reference}
            target={{ under: org }}
            label={`all organisations under ${org}`}
          />
        </div>
      )}
      <div className="table-wrap">
        <table className="targets">
          <caption>Organisations asked to respond</caption>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">State</th>
              <th scope="col">Acknowledge by</th>
              <th scope="col">Exposed devices</th>
              {writer && <th scope="col">Answer</th>}
            </tr>
          </thead>
          <tbody>
            {targets.map((t) => (
              <tr key={t.code} data-org={t.code} className={t.overdue ? 'overdue' : ''}>
                <th scope="row">
                  <Link to={`/orgs/${t.code}`}>{t.name}</Link> <span className="code">{t.code}</span>
                </th>
                <td data-field="state">
                  {STATE_LABEL[t.state] ?? t.state}
                  {t.overdue && <strong className="flag"> overdue</strong>}
                </td>
                <td>{dateTime(t.ackDueAt)}</td>
                <td>
                  {t.devices === 0 ? (
                    'none recorded'
                  ) : (
                    <details>
                      <summary>{t.devices} devices</summary>
                      <ul className="devices">
                        {t.deviceList.map((d) => (
                          <li key={d}>{d}</li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
                {writer && (
                  <td>
                    <RespondButtons reference={alert.reference} target={{ orgs: [t.code] }} label={t.name} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

export function AlertResponses({ org }: { org: string }) {
  const session = useSession();
  const alerts = useAlerts({ open: true, limit: 20 });
  const state = queryState(alerts, 'alerts');
  const live = (alerts.data?.items ?? []).filter((a) => !a.withdrawn && a.targets > 0);
  return (
    <section aria-labelledby="alerts-awaiting">
      <h2 id="alerts-awaiting">Alerts awaiting a response</h2>
      {state ??
        (live.length === 0 ? (
          <p>No open alerts.</p>
        ) : (
          live.map((a) => <AlertCard key={a.reference} alert={a} org={org} writer={canWrite(session.data)} />)
        ))}
    </section>
  );
}
