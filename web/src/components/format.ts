/** Plain-language labels and number formats shared by the pages. */

export const PRIORITY_LABEL: Record<string, string> = {
  act: 'Act now',
  attend: 'Attend soon',
  'track*': 'Track closely',
  track: 'Track',
};

export const STATE_LABEL: Record<string, string> = {
  awaiting_ack: 'Awaiting acknowledgement',
  acknowledged: 'Acknowledged',
  in_progress: 'In progress',
  resolved: 'Resolved',
  not_applicable: 'Not applicable',
};

export const KIND_LABEL: Record<string, string> = {
  national: 'National',
  region: 'Region',
  icb: 'ICB',
  trust: 'Trust',
  site: 'Site',
  gp_practice: 'GP practice',
  pharmacy: 'Pharmacy',
  social_care: 'Care home',
  alb: 'Arm’s-length body',
  csu: 'Support unit',
  other: 'Other',
};

/** Kinds whose page is the federation overview (they oversee others rather than run an estate). */
export const FEDERATION_KINDS = new Set(['national', 'region', 'icb']);

const number = new Intl.NumberFormat('en-GB');
export const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : number.format(n));
export const pct = (share: number) => `${Math.round(share * 100)}%`;
export const date = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—';
export const dateTime = (iso: string | null | undefined) =>
  iso
    ? new Date(iso).toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';
