/**
 * Ward's own figures for one outcome: each with its figure, the rule and thresholds, the level it
 * supports, when it was computed and a link to the list behind it; flagged when the claimed level is
 * above what the figure supports.
 */
import type { EvidenceItem } from '../../api/types';
import { dateTime } from '../format';
import { figureText } from './labels';

export function EvidenceList({ items }: { items: EvidenceItem[] }) {
  if (items.length === 0) return <p className="muted">Ward has no figures of its own for this outcome.</p>;
  return (
    <ul className="evidence">
      {items.map((e) => (
        <li key={e.rule} data-rule={e.rule} data-contradicted={e.contradicted ? 'true' : 'false'}>
          <strong>{e.title}:</strong> <span data-field="figure">{figureText(e.figure, e.unit)}</span>
          {e.contradicted && (
            <span className="flag">
              {' '}
              — the data contradicts the level claimed (it supports {e.suggestedLevel})
            </span>
          )}
          <br />
          <span className="muted">
            Rule: {e.threshold}. Suggests: {e.suggestedLevel ?? 'no level'}. As of {dateTime(e.computedAt)}.{' '}
            <a href={e.link}>The list behind this figure</a>
          </span>
        </li>
      ))}
    </ul>
  );
}
