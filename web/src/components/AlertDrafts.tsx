/**
 * "Drafts to review" on the alerts page (national roles): alerts Ward drafted when a KEV entry landed
 * for a remote-working product some organisations run, each with why, the action and the targets,
 * issued as it stands or dismissed with a reason in one step.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useAlertDrafts, useDecideDraft } from '../api/queries';
import type { AlertDraft } from '../api/types';
import { dateTime } from './format';
import { queryState } from './Status';

function Draft({ draft }: { draft: AlertDraft }) {
  const decide = useDecideDraft();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const issue = () =>
    decide.mutate(
      { id: draft.id, decision: 'issue', reason: '' },
      {
        onSuccess: (r) => {
          if ('alert' in r) navigate(`/alerts/${r.alert.reference}`);
        },
      },
    );
  const dismiss = () => decide.mutate({ id: draft.id, decision: 'dismiss', reason: reason.trim() });
  return (
    <article className="card" data-draft={draft.id} aria-labelledby={`draft-${draft.id}`}>
      <h3 id={`draft-${draft.id}`}>
        [{draft.severity}] {draft.title}
      </h3>
      <p>{draft.why}</p>
      <p>
        <strong>Action:</strong> {draft.action}
      </p>
      <p>
        <strong>Targets ({draft.targets.length}):</strong> {draft.targets.join(', ')}
      </p>
      <p className="muted">Drafted {dateTime(draft.createdAt)}</p>
      <div className="stack">
        <label>
          Reason to dismiss
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {decide.error && (
          <p className="error" role="alert">
            {decide.error instanceof ApiError ? decide.error.problem.detail : decide.error.message}
          </p>
        )}
        <div>
          <button type="button" className="primary" disabled={decide.isPending} onClick={issue}>
            Issue
          </button>{' '}
          <button type="button" disabled={decide.isPending || !reason.trim()} onClick={dismiss}>
            Dismiss
          </button>
        </div>
      </div>
    </article>
  );
}

export function AlertDrafts() {
  const drafts = useAlertDrafts(true);
  const state = queryState(drafts, 'alert drafts');
  return (
    <section aria-labelledby="drafts">
      <h2 id="drafts">Drafts to review</h2>
      {state ??
        (drafts.data?.length ? (
          drafts.data.map((d) => <Draft key={d.id} draft={d} />)
        ) : (
          <p>
            No drafts to review: Ward drafts an alert when a known-exploited flaw lands for a remote-working
            product organisations run.
          </p>
        ))}
    </section>
  );
}
