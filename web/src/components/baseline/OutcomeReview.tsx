/** A reviewer's verdict on one outcome of a submitted assessment: agree, or challenge with a comment. */
import { useState } from 'react';
import { useReviewAssessment } from '../../api/queries';
import type { OutcomeResult } from '../../api/types';
import { ErrorNote } from '../Status';

export function OutcomeReview({
  code,
  year,
  outcome,
}: {
  code: string;
  year: number;
  outcome: OutcomeResult;
}) {
  const review = useReviewAssessment(code, year);
  const [comment, setComment] = useState('');
  const send = (verdict: 'agree' | 'challenge') =>
    review.mutate({ verdicts: [{ outcome: outcome.id, verdict, comment: comment.trim() || null }] });
  const field = `${outcome.id}-review-comment`;
  return (
    <div className="review">
      <label htmlFor={field}>Reviewer's comment (needed to challenge)</label>
      <textarea id={field} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      <div className="buttons">
        <button type="button" onClick={() => send('agree')} disabled={review.isPending}>
          Agree with {outcome.id}
        </button>
        <button
          type="button"
          onClick={() => send('challenge')}
          disabled={review.isPending || !comment.trim()}
        >
          Challenge {outcome.id}
        </button>
      </div>
      {review.error && <ErrorNote error={review.error} />}
    </div>
  );
}
