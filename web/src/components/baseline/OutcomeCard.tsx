/**
 * One outcome of an assessment: its plain question and guidance, the level expected and claimed
 * (highlighted when below profile), Ward's own figures beside it, its evidence files, and — by the
 * assessment's state and the person — the answer form, the reviewer's buttons, or the answer as given.
 */
import type { OutcomeResult } from '../../api/types';
import { EvidenceFiles } from './EvidenceFiles';
import { EvidenceList } from './EvidenceList';
import { STANDING_LABEL } from './labels';
import { OutcomeAnswer } from './OutcomeAnswer';
import { OutcomeReview } from './OutcomeReview';

interface Props {
  code: string;
  year: number;
  outcome: OutcomeResult;
  mode: 'answer' | 'review' | 'read';
}

export function OutcomeCard({ code, year, outcome: o, mode }: Props) {
  const below = o.level !== null && o.standing !== 'meets';
  return (
    <article
      className={`outcome${below ? ' below' : ''}`}
      aria-labelledby={`${o.id}-title`}
      data-outcome={o.id}
      data-standing={o.standing}
    >
      <h3 id={`${o.id}-title`}>
        <span className="code">{o.id}</span> {o.title}
      </h3>
      <p>
        <strong>{o.question}</strong>
      </p>
      <details>
        <summary>What good evidence looks like</summary>
        <p>{o.guidance}</p>
      </details>
      <p>
        Expected: <strong>{o.expected}</strong>. Claimed:{' '}
        <strong data-field="level">{o.level ?? 'not answered'}</strong>
        {o.level !== null && (
          <>
            {' '}
            — <span className={below ? 'flag' : 'ok'}>{STANDING_LABEL[o.standing]}</span>
          </>
        )}
      </p>
      <div className="outcome-body">
        <div>
          {mode === 'answer' ? (
            <OutcomeAnswer code={code} year={year} outcome={o} />
          ) : (
            <>
              {o.justification && <p>Why: {o.justification}</p>}
              {o.evidenceNotes && <p>Evidence: {o.evidenceNotes}</p>}
              {o.action && (
                <p>
                  Improvement action: {o.action.what} ({o.action.owner}, by {o.action.due})
                </p>
              )}
            </>
          )}
          {o.review && (
            <p data-field="verdict" data-verdict={o.review.verdict}>
              Reviewer {o.review.verdict === 'agree' ? 'agrees' : 'challenges this'}
              {o.review.comment ? `: ${o.review.comment}` : ''} ({o.review.by})
            </p>
          )}
          <EvidenceFiles code={code} year={year} outcome={o} canWrite={mode === 'answer'} />
          {mode === 'review' && <OutcomeReview code={code} year={year} outcome={o} />}
        </div>
        <aside aria-label={`Ward's figures for ${o.id}`}>
          <h4>Ward's figures</h4>
          <EvidenceList items={o.evidence} />
        </aside>
      </div>
    </article>
  );
}
