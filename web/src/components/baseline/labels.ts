/** Plain-language words for the baseline's states, standings and overall status. */

export const ASSESSMENT_STATE_LABEL: Record<string, string> = {
  not_started: 'Not started',
  draft: 'Draft',
  submitted: 'Submitted, awaiting review',
  reviewed: 'Reviewed',
  published: 'Published',
  overdue: 'Overdue',
};

export const STANDING_LABEL: Record<string, string> = {
  meets: 'Meets profile',
  one_short: 'One level below profile',
  misses: 'Below profile',
};

export const STATUS_LABEL: Record<string, string> = {
  met: 'Profile met',
  approaching: 'Approaching profile',
  not_met: 'Profile not met',
};

/** The figure of an auto-evidence item with its unit; a dash when there was nothing to measure. */
export function figureText(figure: number | null, unit: 'count' | 'percent' | 'days'): string {
  if (figure === null) return '—';
  if (unit === 'percent') return `${Math.round(figure * 10) / 10}%`;
  if (unit === 'days') return `${Math.round(figure * 10) / 10} days`;
  return new Intl.NumberFormat('en-GB').format(figure);
}
