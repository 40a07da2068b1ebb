/** Alerts: every alert with its answers counted over the person's organisations; analysts issue new ones. */
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useAlerts, useIssueAlert, useSession } from '../api/queries';
import { AlertDrafts } from '../components/AlertDrafts';
import { date, fmt } from '../components/format';
import { Pager, useCursor } from '../components/Pager';
import { isNational } from '../components/roles';
import { queryState } from '../components/Status';

function IssueForm() {
  const issue = useIssueAlert();
  const navigate = useNavigate();
  const [form, setForm] = useState({ title: '', severity: 'high', action: '', cves: '', targets: 'auto' });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.mutate(
      {
        title: form.title,
        severity: form.severity,
        action: form.action,
        cves: form.cves
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((c) => c.toUpperCase()),
        targets: form.targets.split(/[\s,]+/).filter(Boolean),
      },
      { onSuccess: (r) => navigate(`/alerts/${r.reference}`) },
    );
  };
  return (
    <section aria-labelledby="issue">
      <h2 id="issue">Issue an alert</h2>
      <form onSubmit={submit} className="stack">
        <label>
          Title
          <input required maxLength={300} value={form.title} onChange={set('title')} />
        </label>
        <label>
          Severity
          <select value={form.severity} onChange={set('severity')}>
            {['high', 'medium', 'low', 'information'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          What organisations must do (plain words)
          <textarea required rows={3} value={form.action} onChange={set('action')} />
        </label>
        <label>
          CVEs (separated by spaces)
          <input required value={form.cves} onChange={set('cves')} placeholder="CVE-2017-0144" />
        </label>
        <label>
          Targets (auto: every organisation exposed; or kind:gp_practice, under:CODE, org:CODE, all)
          <input value={form.targets} onChange={set('targets')} />
        </label>
        {issue.error && (
          <p className="error" role="alert">
            {issue.error instanceof ApiError ? issue.error.problem.detail : issue.error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={issue.isPending}>
          Issue alert
        </button>
      </form>
    </section>
  );
}

export default function AlertsPage() {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const pager = useCursor(String(open));
  const alerts = useAlerts({ open: open || undefined, limit: 20, cursor: pager.cursor });
  const state = queryState(alerts, 'alerts');
  return (
    <>
      <h1>Alerts</h1>
      {isNational(session.data) && <AlertDrafts />}
      <label className="check">
        <input type="checkbox" checked={open} onChange={(e) => setOpen(e.target.checked)} />
        Only alerts still being answered
      </label>
      {state ?? (
        <div className="table-wrap">
          <table id="alerts-table">
            <caption>Alerts, newest first, counted over your organisations</caption>
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">Issued</th>
                <th scope="col" className="num">
                  Organisations
                </th>
                <th scope="col" className="num">
                  Awaiting
                </th>
                <th scope="col" className="num">
                  Overdue
                </th>
                <th scope="col" className="num">
                  Resolved
                </th>
              </tr>
            </thead>
            <tbody>
              {alerts.data?.items.map((a) => (
                <tr key={a.reference} data-alert={a.reference} className={a.overdue ? 'overdue' : ''}>
                  <th scope="row">
                    <Link to={`/alerts/${a.reference}`}>{a.reference}</Link>: {a.title}
                    {a.withdrawn && ' (withdrawn)'}
                  </th>
                  <td>{date(a.issuedAt)}</td>
                  <td className="num">{fmt(a.targets)}</td>
                  <td className="num">{fmt(a.awaiting)}</td>
                  <td className="num">{fmt(a.overdue)}</td>
                  <td className="num">{fmt(a.resolved)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {alerts.data?.items.length === 0 && <p>No alerts.</p>}
          <Pager label="Alerts" cursor={pager} nextCursor={alerts.data?.nextCursor} />
        </div>
      )}
      {isNational(session.data) && <IssueForm />}
    </>
  );
}
