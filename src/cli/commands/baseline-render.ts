/**
 * How the baseline commands print for people (with --json they print the data as it is).
 */
import type { AssessmentView } from '../../services/baseline/assessment.service.js';
import type { FrameworkSummary, ProfileLine } from '../../services/baseline/framework.service.js';
import { DEFAULT_PROFILE_SOURCE } from '../../services/baseline/framework.service.js';
import type { BaselineSummary } from '../../services/baseline/summary.service.js';
import { table } from '../output.js';

const STATUS_WORDS = {
  met: 'standards met',
  approaching: 'approaching standards',
  not_met: 'standards not met',
};
const STANDING_MARK = { meets: '', one_short: 'one level below profile', misses: 'BELOW PROFILE' };

export function renderFrameworks(fs: FrameworkSummary[]): string[] {
  if (fs.length === 0)
    return [
      'no baseline frameworks imported (ward baseline framework import, with no file, imports the ones shipped with Ward)',
    ];
  return table(
    ['framework', 'version', 'outcomes', 'title'],
    fs.map((f) => [f.id, f.version, f.outcomes, f.title]),
  );
}

export function renderProfiles(lines: ProfileLine[]): string[] {
  if (lines.length === 0) return ['no profile matches'];
  const defaults = lines.some((l) => l.source === DEFAULT_PROFILE_SOURCE);
  return [
    ...(defaults
      ? ["Ward's default profile: a starting point, not the national body's published expectations."]
      : []),
    ...table(
      ['framework', 'year', 'kind', 'outcome', 'expected', 'title', 'source'],
      lines.map((l) => [l.framework, l.year, l.kind, l.outcome, l.expectedLevel, l.title, l.source]),
    ),
  ];
}

export function renderAssessment(a: AssessmentView): string[] {
  const below = a.outcomes.filter((o) => o.standing !== 'meets').length;
  const head = [
    `${a.org.code} ${a.org.name} (${a.org.kind}) — baseline ${a.year}, ${a.framework}`,
    `state: ${a.state.replace('_', ' ')}; status: ${STATUS_WORDS[a.status]}; ${below} of ${a.outcomes.length} outcomes below profile`,
    ...(a.snapshotHash
      ? [`submitted ${a.submittedAt} by ${a.submittedBy}; snapshot sha256 ${a.snapshotHash}`]
      : []),
    `rule: ${a.statusRule}`,
    '',
  ];
  return [
    ...head,
    ...table(
      ['outcome', 'expected', 'claimed', '', 'review', 'action', 'question'],
      a.outcomes.map((o) => [
        o.id,
        o.expected,
        o.level ?? '—',
        STANDING_MARK[o.standing],
        o.review ? `${o.review.verdict}${o.review.comment ? `: ${o.review.comment}` : ''}` : '',
        o.action ? `${o.action.what} (${o.action.owner}, by ${o.action.due})` : '',
        o.question,
      ]),
    ),
    ...renderEvidence(a),
  ];
}

function renderEvidence(a: AssessmentView): string[] {
  const items = a.outcomes.flatMap((o) => o.evidence.map((e) => ({ o, e })));
  if (items.length === 0) return [];
  return [
    '',
    "Evidence from Ward's own data:",
    ...table(
      ['outcome', 'figure', 'suggests', '', 'measure (threshold)', 'computed'],
      items.map(({ o, e }) => [
        o.id,
        e.figure === null ? '—' : `${e.figure}${e.unit === 'percent' ? ' %' : ''}`,
        e.suggestedLevel ?? '—',
        e.contradicted ? `CONTRADICTS claimed ${o.level}` : '',
        `${e.title} (${e.threshold})`,
        e.computedAt,
      ]),
    ),
  ];
}

export function renderSummary(s: BaselineSummary): string[] {
  const sub = Object.entries(s.submission)
    .map(([k, v]) => `${k.replace('_', ' ')} ${v}`)
    .join(', ');
  return [
    `${s.org.code} ${s.org.name} — baseline ${s.year}: ${s.organisations} organisations expected to assess (deadline ${s.deadline})`,
    `submission: ${sub}`,
    trendLine(s.trend),
    '',
    'Weakest outcomes:',
    ...(s.weakest.length === 0
      ? ['  none below profile']
      : table(
          ['outcome', 'below %', 'meet', 'one short', 'miss', 'title'],
          s.weakest.map((o) => [o.outcomeId, o.shareBelow, o.meets, o.oneShort, o.misses, o.title]),
        )),
    '',
    'Furthest from profile:',
    ...(s.furthest.length === 0
      ? ['  none']
      : table(
          ['organisation', 'kind', 'state', 'levels short', 'outcomes below', 'name'],
          s.furthest.map((o) => [o.code, o.kind, o.state, o.levelsShort, o.outcomesBelow, o.name]),
        )),
  ];
}

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);

/** The overall year-on-year line: this year's share meeting profile against the last published year. */
function trendLine(t: BaselineSummary['trend']): string {
  if (t.previousYear === null)
    return `meeting profile: ${pct(t.overall.share)} of answers (no earlier published year to compare)`;
  const change =
    t.overall.change === null ? '' : ` (${t.overall.change >= 0 ? '+' : ''}${t.overall.change} points)`;
  return `meeting profile: ${pct(t.overall.share)} of answers in ${t.year}, ${pct(t.overall.previousShare)} in ${t.previousYear}${change}`;
}
