/**
 * One indicator: its value, marking and what the marking means, producer, "N organisations saw
 * this" (which ones for its producer and the national centre), other reports of the same value, and
 * "We saw this too" for a person who may write for an organisation.
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useIndicator, useSession, useSightIndicator } from '../api/queries';
import { dateTime } from '../components/format';
import { canWrite, homeOrg } from '../components/roles';
import { queryState } from '../components/Status';
import { TlpBadge } from '../components/sharing/TlpBadge';

function WeSawThis({ id, org }: { id: string; org: string | null }) {
  const sight = useSightIndicator(id);
  const [code, setCode] = useState(org ?? '');
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        sight.mutate(code);
      }}
    >
      <label>
        Organisation
        <input value={code} onChange={(e) => setCode(e.target.value)} size={8} required />
      </label>
      <button type="submit" className="primary" disabled={sight.isPending}>
        We saw this too
      </button>
      {sight.data && <span role="status"> Recorded for {sight.data.org}.</span>}
      {sight.error && (
        <span className="error" role="alert">
          {' '}
          {sight.error instanceof ApiError ? sight.error.problem.detail : sight.error.message}
        </span>
      )}
    </form>
  );
}

export default function IndicatorPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const q = useIndicator(id);
  const state = queryState(q, 'This indicator');
  if (state) return state;
  const i = q.data;
  if (!i) return null;
  const n = i.sightings.organisations;
  return (
    <>
      <h1>
        <TlpBadge tlp={i.tlp} /> {i.value}
      </h1>
      <p id="tlp-meaning">
        <strong>TLP:{i.tlp}</strong>: {i.tlpMeaning}
      </p>
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{i.type}</dd>
        <dt>Producer</dt>
        <dd>{i.producer}</dd>
        <dt>Confidence</dt>
        <dd>{i.confidence ?? '—'}</dd>
        <dt>Added</dt>
        <dd>{dateTime(i.createdAt)}</dd>
        <dt>STIX id</dt>
        <dd>
          <code>{i.stixId}</code>
        </dd>
        {i.description && (
          <>
            <dt>Description</dt>
            <dd>{i.description}</dd>
          </>
        )}
        {i.warnings.length > 0 && (
          <>
            <dt>Warnings</dt>
            <dd>{i.warnings.join(', ')}</dd>
          </>
        )}
      </dl>
      {i.revoked && <p className="error">Its producer has revoked this indicator.</p>}
      <h2>Sightings</h2>
      <p id="sighting-count">
        {n} organisation{n === 1 ? '' : 's'} saw this ({i.sightings.total} sighting
        {i.sightings.total === 1 ? '' : 's'}).
      </p>
      {i.sightedBy && i.sightedBy.length > 0 && (
        <ul id="sighted-by">
          {i.sightedBy.map((s) => (
            <li key={s.code}>
              {s.name} ({s.code}): {s.count}, last {dateTime(s.lastSeen)}
            </li>
          ))}
        </ul>
      )}
      {!i.revoked && canWrite(session.data) && <WeSawThis id={i.id} org={homeOrg(session.data)} />}
      {i.audience && (
        <p>
          Shared with:{' '}
          {[
            ...i.audience.orgs.map((o) => (o.subtree ? `${o.code} and everything under it` : o.code)),
            ...i.audience.groups.map((g) => `group "${g}"`),
            ...i.audience.people,
          ].join(', ') || 'whoever the marking allows'}
        </p>
      )}
      {i.alsoReportedBy.length > 0 && (
        <p>Also reported by {i.alsoReportedBy.map((r) => `${r.producer} (TLP:${r.tlp})`).join(', ')}.</p>
      )}
    </>
  );
}
