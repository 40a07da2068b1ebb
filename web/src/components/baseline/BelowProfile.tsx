/**
 * An organisation's baseline at a glance, on its own page: the assessment's state and the outcomes
 * below profile, with links to the assessment and (for an ICB, region or the nation) the picture
 * across its organisations. Kinds without a profile see only the link to the picture.
 */
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useAssessment } from '../../api/queries';
import { FEDERATION_KINDS } from '../format';
import { ErrorNote } from '../Status';
import { ASSESSMENT_STATE_LABEL, STANDING_LABEL, STATUS_LABEL } from './labels';

export function BelowProfile({ code, kind }: { code: string; kind: string }) {
  const assessment = useAssessment(code);
  const picture = FEDERATION_KINDS.has(kind) && (
    <p>
      <Link to={`/orgs/${code}/baseline/picture`}>The baseline picture across its organisations</Link>
    </p>
  );
  const a = assessment.data;
  const noProfile = assessment.error instanceof ApiError && assessment.error.status === 404;
  if (!a && !noProfile && !assessment.error) return null;
  const below = a?.outcomes.filter((o) => o.level !== null && o.standing !== 'meets') ?? [];
  return (
    <section aria-labelledby="below-profile" id="baseline-standing">
      <h2 id="below-profile">Baseline: outcomes below profile</h2>
      {assessment.error && !noProfile && <ErrorNote error={assessment.error} />}
      {a && (
        <>
          <p>
            {a.year}: <span data-field="state">{ASSESSMENT_STATE_LABEL[a.state] ?? a.state}</span>,{' '}
            {STATUS_LABEL[a.status] ?? a.status}.{' '}
            <Link to={`/orgs/${code}/baseline`}>Open the assessment</Link>
          </p>
          {below.length === 0 ? (
            <p className="muted">No answered outcome is below profile.</p>
          ) : (
            <ul id="below-list">
              {below.map((o) => (
                <li key={o.id} data-outcome={o.id}>
                  <span className="code">{o.id}</span> {o.title}: {o.level} (expects {o.expected}) —{' '}
                  {STANDING_LABEL[o.standing]}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {noProfile && <p className="muted">No baseline profile applies to this kind of organisation.</p>}
      {picture}
    </section>
  );
}
