/** Submitting a draft (with what still stops it) and publishing a reviewed assessment. */
import { usePublishAssessment, useSubmitAssessment } from '../../api/queries';
import type { Assessment } from '../../api/types';
import { ErrorNote } from '../Status';

export function AssessmentActions({ a, canWrite }: { a: Assessment; canWrite: boolean }) {
  const submit = useSubmitAssessment(a.org.code, a.year);
  const publish = usePublishAssessment(a.org.code, a.year);
  if (!canWrite) return null;
  if (a.state === 'reviewed')
    return (
      <section aria-labelledby="publish-head">
        <h2 id="publish-head">Publish</h2>
        <button type="button" onClick={() => publish.mutate()} disabled={publish.isPending}>
          Publish the {a.year} baseline
        </button>
        {publish.error && <ErrorNote error={publish.error} />}
      </section>
    );
  if (a.state !== 'draft' && a.state !== 'not_started') return null;
  const unanswered = a.outcomes.filter((o) => o.level === null).map((o) => o.id);
  const withoutAction = a.outcomes
    .filter((o) => o.level !== null && o.standing !== 'meets' && !o.action)
    .map((o) => o.id);
  const ready = unanswered.length === 0 && withoutAction.length === 0;
  return (
    <section aria-labelledby="submit-head">
      <h2 id="submit-head">Submit</h2>
      {ready ? (
        <p>Every outcome is answered. Once submitted, the assessment can no longer change.</p>
      ) : (
        <ul>
          {unanswered.length > 0 && <li>Not answered yet: {unanswered.join(', ')}</li>}
          {withoutAction.length > 0 && (
            <li>Below profile without an improvement action: {withoutAction.join(', ')}</li>
          )}
        </ul>
      )}
      <button type="button" onClick={() => submit.mutate()} disabled={!ready || submit.isPending}>
        Submit the {a.year} baseline
      </button>
      {submit.error && <ErrorNote error={submit.error} />}
    </section>
  );
}
