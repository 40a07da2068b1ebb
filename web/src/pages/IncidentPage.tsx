/**
 * One incident: what happened and its effect, the reporting deadlines, the affected assets, the
 * indicators (each with its marking when shared and how many organisations saw it, and what else
 * Ward holds of it), the timeline from both sides, and the controls each side has — an update
 * (note, full report, status), sharing an indicator, and the centre's triage.
 */
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  useIncident,
  useIncidentAlert,
  useShareIncidentIndicator,
  useTriageIncident,
  useUpdateIncident,
} from '../api/queries';
import type { IncidentDetail } from '../api/types';
import { dateTime } from '../components/format';
import { DeadlineTable } from '../components/incident/Deadlines';
import { CATEGORY_SHORT, STATUS_LABEL } from '../components/incident/labels';
import { Problems } from '../components/incident/Problems';
import { queryState } from '../components/Status';

const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'];
const tlpClass = (tlp: string) => `badge tlp-${tlp.toLowerCase().replace('+', '-')}`;
type Indicator = IncidentDetail['indicators'][number];

function ShareControl({ reference, indicator }: { reference: string; indicator: Indicator }) {
  const share = useShareIncidentIndicator(reference);
  const [tlp, setTlp] = useState(indicator.shared?.tlp ?? 'GREEN');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    share.mutate({ indicator: indicator.id, tlp });
  };
  return (
    <form className="inline" onSubmit={submit} aria-label={`Share ${indicator.value}`}>
      <label>
        Marking
        <select value={tlp} onChange={(e) => setTlp(e.target.value)}>
          {TLPS.map((t) => (
            <option key={t} value={t}>
              TLP:{t}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={share.isPending}>
        {indicator.shared ? 'Share again' : 'Share indicator'}
      </button>
      {share.error && <Problems error={share.error} />}
    </form>
  );
}

function Indicators({ v }: { v: IncidentDetail }) {
  if (v.indicators.length === 0) return <p>No indicators reported.</p>;
  return (
    <div className="table-wrap">
      <table id="incident-indicators">
        <caption>What was seen</caption>
        <thead>
          <tr>
            <th scope="col">Indicator</th>
            <th scope="col">Shared</th>
            <th scope="col">Also held by Ward</th>
            {v.sides.length > 0 && <th scope="col">Share</th>}
          </tr>
        </thead>
        <tbody>
          {v.indicators.map((i) => (
            <tr key={i.id} data-indicator={i.value}>
              <th scope="row">
                <span className="muted">{i.type}</span> <code>{i.value}</code>
                {i.note && <div className="muted">{i.note}</div>}
              </th>
              <td data-field="shared">
                {i.shared ? (
                  <>
                    <span className={tlpClass(i.shared.tlp)}>TLP:{i.shared.tlp}</span>{' '}
                    <span data-field="sightings">
                      {i.shared.sightedBy} organisation{i.shared.sightedBy === 1 ? '' : 's'} saw this
                    </span>
                  </>
                ) : (
                  <span className="muted">not shared</span>
                )}
              </td>
              <td>
                {i.matches.shared.length === 0 && i.matches.incidents.length === 0 ? (
                  <span className="muted">nothing else</span>
                ) : (
                  <ul className="plain">
                    {i.matches.shared.map((m) => (
                      <li key={m.id}>
                        shared by {m.producer} <span className={tlpClass(m.tlp)}>TLP:{m.tlp}</span>
                      </li>
                    ))}
                    {i.matches.incidents.map((m) => (
                      <li key={m.reference}>
                        <Link to={`/incidents/${m.reference}`}>{m.reference}</Link> ({m.org})
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              {v.sides.length > 0 && (
                <td>
                  <ShareControl reference={v.reference} indicator={i} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UpdateForm({ v }: { v: IncidentDetail }) {
  const update = useUpdateIncident(v.reference);
  const [text, setText] = useState('');
  const [kind, setKind] = useState('note');
  const [status, setStatus] = useState('');
  const next =
    v.status === 'closed'
      ? v.sides.includes('centre')
        ? ['triaged']
        : []
      : v.status === 'reported'
        ? []
        : v.status === 'triaged'
          ? ['contained', 'closed']
          : ['closed'];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      { text, kind, status: status || undefined },
      {
        onSuccess: () => {
          setText('');
          setStatus('');
        },
      },
    );
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Add an update">
      <h2>Add an update</h2>
      <label>
        What has happened since?
        <textarea value={text} rows={3} onChange={(e) => setText(e.target.value)} />
      </label>
      <label>
        Kind of update
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="note">A note</option>
          <option value="full_report">The full report</option>
        </select>
      </label>
      {next.length > 0 && (
        <label>
          New status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">no change</option>
            {next.map((s) => (
              <option key={s} value={s}>
                {s === 'triaged' ? 'Reopen' : STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
      )}
      {update.error && <Problems error={update.error} />}
      <div>
        <button type="submit" className="primary" disabled={update.isPending}>
          Add the update
        </button>
      </div>
    </form>
  );
}

function TriageForm({ v }: { v: IncidentDetail }) {
  const triage = useTriageIncident(v.reference);
  const [severity, setSeverity] = useState(v.severity ?? 'medium');
  const [lead, setLead] = useState(v.leadAnalyst ?? '');
  const [significant, setSignificant] = useState(v.significant ?? false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    triage.mutate({ severity, leadAnalyst: lead, significant });
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Triage">
      <h2>Triage</h2>
      <label>
        Severity
        <select value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
          {['critical', 'high', 'medium', 'low'].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Lead analyst
        <input value={lead} required maxLength={200} onChange={(e) => setLead(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={significant} onChange={(e) => setSignificant(e.target.checked)} />{' '}
        Significant (the full report is then due)
      </label>
      {triage.error && <Problems error={triage.error} />}
      <div>
        <button type="submit" className="primary" disabled={triage.isPending}>
          {v.status === 'reported'
            ? 'Triage'
            : v.status === 'closed'
              ? 'Reopen and triage'
              : 'Save the assessment'}
        </button>
      </div>
    </form>
  );
}

function AlertForm({ v }: { v: IncidentDetail }) {
  const raise = useIncidentAlert(v.reference);
  const [severity, setSeverity] = useState<string>(v.severity ?? 'high');
  const [action, setAction] = useState('');
  const [targets, setTargets] = useState('');
  const [sighters, setSighters] = useState(true);
  const [draft, setDraft] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    raise.mutate({
      severity,
      action,
      targets: targets
        .split(/[\s,]+/)
        .map((t) => t.trim())
        .filter(Boolean),
      sighters,
      draft,
    });
  };
  const done = raise.data;
  return (
    <form className="stack" onSubmit={submit} aria-label="Raise an alert">
      <h2>Raise an alert from this incident</h2>
      <p className="muted">
        Indicators shared as TLP:CLEAR or TLP:GREEN are attached to the alert's text; others are left out.
      </p>
      <label>
        Severity
        <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
          {['critical', 'high', 'medium', 'low'].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Advice: what should organisations do?
        <textarea value={action} required rows={3} onChange={(e) => setAction(e.target.value)} />
      </label>
      <label>
        Targets (all, kind:gp_practice, under:CODE, org:CODE; separate with commas)
        <input value={targets} onChange={(e) => setTargets(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={sighters} onChange={(e) => setSighters(e.target.checked)} /> Also the
        organisations that saw its shared indicators
      </label>
      <label className="check">
        <input type="checkbox" checked={draft} onChange={(e) => setDraft(e.target.checked)} /> Make a draft to
        review instead of issuing
      </label>
      {raise.error && <Problems error={raise.error} />}
      {done && (
        <p role="status">
          {done.alert ? (
            <>
              Alert <Link to={`/alerts/${done.alert.reference}`}>{done.alert.reference}</Link> issued to{' '}
              {done.alert.totals.organisations} organisations.
            </>
          ) : (
            <>Draft {done.draft?.id} made: review it on the alerts page.</>
          )}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={raise.isPending}>
          {draft ? 'Make the draft' : 'Issue the alert'}
        </button>
      </div>
    </form>
  );
}

export default function IncidentPage() {
  const { reference = '' } = useParams();
  const incident = useIncident(reference);
  const state = queryState(incident, `Incident ${reference}`);
  if (state) return state;
  const v = incident.data;
  if (!v) return null;
  return (
    <>
      <h1>
        {v.reference}: {v.title}
      </h1>
      <p>
        Reported by <Link to={`/orgs/${v.org.code}`}>{v.org.name}</Link>{' '}
        <span className="code">{v.org.code}</span> · {CATEGORY_SHORT[v.category]} ·{' '}
        <strong data-field="status">{STATUS_LABEL[v.status]}</strong>
        {v.severity && (
          <>
            {' '}
            · <span className={`badge sev-${v.severity}`}>{v.severity}</span>
          </>
        )}
        {v.significant && ' · significant'}
        {v.leadAnalyst && ` · lead analyst ${v.leadAnalyst}`}
      </p>
      <p>{v.summary}</p>
      <dl className="facts">
        <dt>Started</dt>
        <dd>{dateTime(v.startedAt)}</dd>
        <dt>Detected</dt>
        <dd>{dateTime(v.detectedAt)}</dd>
        <dt>Reported</dt>
        <dd>
          {dateTime(v.reportedAt)} by {v.reportedBy}
        </dd>
        <dt>Patient care</dt>
        <dd>{v.patientImpact.summary}</dd>
        <dt>Personal data</dt>
        <dd>{v.personalData ? 'involved' : 'not involved'}</dd>
        {v.helpRequested && (
          <>
            <dt>Help asked</dt>
            <dd>{v.helpRequested}</dd>
          </>
        )}
        {v.sharedWith && (v.sharedWith.orgs.length > 0 || v.sharedWith.groups.length > 0) && (
          <>
            <dt>Also shared with</dt>
            <dd>
              {[
                ...v.sharedWith.orgs.map((o) => (o.subtree ? `${o.code} and everything under it` : o.code)),
                ...v.sharedWith.groups.map((g) => `sharing group “${g}”`),
              ].join(', ')}
            </dd>
          </>
        )}
      </dl>
      <DeadlineTable deadlines={v.deadlines} />
      <h2>Affected computers and devices</h2>
      {v.assets.length === 0 ? (
        <p>None named.</p>
      ) : (
        <ul id="incident-assets">
          {v.assets.map((a) => (
            <li key={`${a.org}-${a.id}`}>
              {a.hostname ?? a.assetKey}{' '}
              <span className="muted">
                ({a.type}, {a.org})
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>Indicators</h2>
      <Indicators v={v} />
      <h2>Timeline</h2>
      <ol id="incident-timeline" className="timeline">
        {v.timeline.map((t) => (
          <li key={`${t.at}-${t.kind}-${t.author}-${t.text}`} data-kind={t.kind}>
            <strong>{dateTime(t.at)}</strong> {t.org} ({t.author}): {t.kind.replace('_', ' ')}
            {t.toStatus && ` → ${STATUS_LABEL[t.toStatus] ?? t.toStatus}`}
            {t.text && <div>{t.text}</div>}
          </li>
        ))}
      </ol>
      {v.sides.includes('centre') && <TriageForm v={v} />}
      {v.sides.includes('centre') && <AlertForm v={v} />}
      {v.sides.length > 0 && <UpdateForm v={v} />}
    </>
  );
}
