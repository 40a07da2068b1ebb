/**
 * One-click answers to an alert for one organisation, or for every target under one (bulk):
 * acknowledge, in progress, resolved, or not applicable (which asks for a reason first).
 */
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client';
import { useRespond } from '../../api/queries';
import type { RespondBody } from '../../api/types';

const ANSWERS = [
  ['acknowledged', 'Acknowledge'],
  ['in_progress', 'In progress'],
  ['resolved', 'Resolved'],
] as const;

interface Props {
  reference: string;
  /** The organisations answered for, or `under` for every target in a subtree. */
  target: { orgs: string[] } | { under: string };
  /** Names the organisation(s) in button labels, for screen readers. */
  label: string;
}

export function RespondButtons({ reference, target, label }: Props) {
  const respond = useRespond(reference);
  const [askReason, setAskReason] = useState(false);
  const [reason, setReason] = useState('');
  const send = (status: string, extra: Partial<RespondBody> = {}) =>
    respond.mutate({ ...target, status, ...extra }, { onSuccess: () => setAskReason(false) });
  const notApplicable = (e: FormEvent) => {
    e.preventDefault();
    send('not_applicable', { reason });
  };
  const result = respond.data;
  return (
    <div className="respond">
      <div className="buttons">
        {ANSWERS.map(([status, text]) => (
          <button
            key={status}
            type="button"
            onClick={() => send(status)}
            disabled={respond.isPending}
            aria-label={`${text}: ${label}`}
          >
            {text}
          </button>
        ))}
        <button
          type="button"
          onClick={() => setAskReason(!askReason)}
          aria-expanded={askReason}
          aria-label={`Not applicable: ${label}`}
        >
          Not applicable
        </button>
      </div>
      {askReason && (
        <form onSubmit={notApplicable} className="inline">
          <label>
            Why it does not apply
            <input required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" disabled={respond.isPending}>
            Record not applicable
          </button>
        </form>
      )}
      <div aria-live="polite" className="result">
        {result &&
          `Recorded for ${result.applied.length} organisation${result.applied.length === 1 ? '' : 's'}` +
            (result.skipped.length
              ? `; ${result.skipped.length} not changed (${result.skipped
                  .slice(0, 3)
                  .map((s) => `${s.code}: ${s.reason}`)
                  .join('; ')})`
              : '')}
        {respond.error && (
          <span className="error" role="alert">
            {respond.error instanceof ApiError ? respond.error.problem.detail : respond.error.message}
          </span>
        )}
      </div>
    </div>
  );
}
