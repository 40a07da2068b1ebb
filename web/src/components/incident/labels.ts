/** Plain words for incidents: categories, statuses and the reporting deadlines' states. */

export const CATEGORY_LABEL: Record<string, string> = {
  ransomware: 'Ransomware (files locked, ransom asked)',
  phishing: 'Phishing (a fake e-mail, text or call)',
  data_breach: 'Data breach (personal data lost or seen by the wrong people)',
  denial_of_service: 'Denial of service (a system swamped or unreachable)',
  supplier_compromise: 'A supplier was attacked',
  other: 'Something else',
};

export const CATEGORY_SHORT: Record<string, string> = {
  ransomware: 'Ransomware',
  phishing: 'Phishing',
  data_breach: 'Data breach',
  denial_of_service: 'Denial of service',
  supplier_compromise: 'Supplier compromise',
  other: 'Other',
};

export const STATUS_LABEL: Record<string, string> = {
  reported: 'Reported',
  triaged: 'Triaged',
  contained: 'Contained',
  closed: 'Closed',
};

export const DEADLINE_LABEL: Record<string, string> = {
  met: 'met',
  met_late: 'met late',
  due: 'due',
  overdue: 'overdue',
  not_applicable: 'does not apply',
};
