/**
 * One alert: what it asks, its answers counted by state, and its targets (filtered by state,
 * overdue highlighted), exportable as CSV.
 */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { exportCell } from '../../../src/domain/csv/csv-cell';
import { useAlertStatus } from '../api/queries';
import type { AlertTarget } from '../api/types';
import { Choice } from '../components/Choice';
import { dateTime, fmt, KIND_LABEL, pct, STATE_LABEL } from '../components/format';
import { queryState } from '../components/Status';

const CSV_COLUMNS: [string, (t: AlertTarget) => string | number | null][] = [
  ['code', (t) => t.code],
  ['name', (t) => t.name],
  ['kind', (t) => t.kind],
  ['parent', (t) => t.parent],
  ['state', (t) => t.state],
  ['overdue', (t) => String(t.overdue)],
  ['ack_due_at', (t) => t.ackDueAt],
  ['acknowledged_at', (t) => t.acknowledgedAt],
  ['devices', (t) => t.devices],
  ['responded_by', (t) => t.respondedBy],
];

function csvOf(targets: AlertTarget[]): string {
  const lines = [CSV_COLUMNS.map(([h]) => h).join(',')];
  for (const t of targets) lines.push(CSV_COLUMNS.map(([, f]) => exportCell(f(t))).join(','));
  return `${lines.join('\n')}\n`;
}

export default function AlertPage() {
  const reference = (useParams().reference ?? '').toUpperCase();
  const status = useAlertStatus(reference, { targets: true });
  const [filter, setFilter] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const targets = status.data?.targets;
  const shown = useMemo(
    () => (targets ?? []).filter((t) => (!filter || t.state === filter) && (!overdueOnly || t.overdue)),
    [targets, filter, overdueOnly],
  );
  const csvHref = useMemo(() => `data:text/csv;charset=utf-8,${encodeURIComponent(csvOf(shown))}`, [shown]);
  const state = queryState(status, `Alert ${reference}`);
  if (state) return state;
  const s = status.data;
  if (!s) return null;
  const c = s.counts;
  return (
    <>
      <header className="page-head">
        <h1>
          {s.alert.reference}: {s.alert.title}{' '}
          <span className={`badge sev-${s.alert.severity}`}>{s.alert.severity}</span>
        </h1>
        <p className="muted">
          Issued {dateTime(s.alert.issuedAt)} by {s.alert.issuedBy}; acknowledge within {s.alert.ackHours}{' '}
          hours.
          {s.alert.withdrawn && ` Withdrawn ${dateTime(s.alert.withdrawn.at)}.`}
        </p>
      </header>
      <p>
        <strong>What to do:</strong> {s.alert.action}
      </p>
      <p>
        Vulnerabilities:{' '}
        {s.alert.cves.map((cve) => (
          <Link key={cve} to={`/cves/${cve}`} className="tag">
            {cve}
          </Link>
        ))}
      </p>
      <dl className="stats" id="alert-counts">
        <div>
          <dt>Organisations</dt>
          <dd data-field="targets">{fmt(c.targets)}</dd>
        </div>
        <div>
          <dt>Acknowledged in time</dt>
          <dd data-field="share">{pct(c.shareAcknowledgedInTime)}</dd>
        </div>
        <div>
          <dt>Awaiting acknowledgement</dt>
          <dd data-field="awaitingAck">{fmt(c.awaitingAck)}</dd>
        </div>
        <div className={c.overdue > 0 ? 'alarm' : ''}>
          <dt>Overdue</dt>
          <dd data-field="overdue">{fmt(c.overdue)}</dd>
        </div>
        <div>
          <dt>Acknowledged</dt>
          <dd data-field="acknowledged">{fmt(c.acknowledged)}</dd>
        </div>
        <div>
          <dt>In progress</dt>
          <dd data-field="inProgress">{fmt(c.inProgress)}</dd>
        </div>
        <div>
          <dt>Resolved</dt>
          <dd data-field="resolved">{fmt(c.resolved)}</dd>
        </div>
        <div>
          <dt>Exposed devices</dt>
          <dd data-field="assets">{fmt(c.assets)}</dd>
        </div>
      </dl>
      <section aria-labelledby="targets">
        <h2 id="targets">Organisations and their answers</h2>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <Choice label="State" value={filter} options={STATE_LABEL} onChange={setFilter} all="All" />
          <label className="check">
            <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
            Only overdue
          </label>
          <a className="button" href={csvHref} download={`${s.alert.reference}-targets.csv`}>
            Export CSV ({shown.length})
          </a>
        </form>
        <div className="table-wrap">
          <table id="targets-table">
            <caption>
              {shown.length} of {targets?.length ?? 0} organisations
            </caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Acknowledge by</th>
                <th scope="col" className="num">
                  Devices
                </th>
                <th scope="col">Answered by</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((t) => (
                <tr key={t.code} data-org={t.code} className={t.overdue ? 'overdue' : ''}>
                  <th scope="row">
                    <Link to={`/orgs/${t.code}`}>{t.name}</Link> <span className="code">{t.code}</span>
                  </th>
                  <td>{KIND_LABEL[t.kind] ?? t.kind}</td>
                  <td data-field="state">
                    {STATE_LABEL[t.state] ?? t.state}
                    {t.overdue && <strong className="flag"> overdue</strong>}
                  </td>
                  <td>{dateTime(t.ackDueAt)}</td>
                  <td className="num">{fmt(t.devices)}</td>
                  <td>{t.respondedBy ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
