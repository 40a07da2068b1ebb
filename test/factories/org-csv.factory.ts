/**
 * Organisation CSV text for tests: a small federation by default, or the rows given.
 */
export type OrgCsvLine = [code: string, name: string, kind: string, parentCode: string];

export const SMALL_FEDERATION: OrgCsvLine[] = [
  ['X26', 'National Health Service', 'national', ''],
  ['Y56', 'London', 'region', 'X26'],
  ['Y63', 'North East and Yorkshire', 'region', 'X26'],
  ['QWE', 'South West London ICB', 'icb', 'Y56'],
  ['QMJ', 'North Central London ICB', 'icb', 'Y56'],
  ['QHM', 'North East and North Cumbria ICB', 'icb', 'Y63'],
  ['RJ7', "St George's University Hospitals NHS Foundation Trust", 'trust', 'QWE'],
  ['RJ701', "St George's Hospital", 'site', 'RJ7'],
  ['RAL', 'Royal Free London NHS Foundation Trust', 'trust', 'QMJ'],
  ['H85001', 'Balham Park Surgery', 'gp_practice', 'QWE'],
  ['H85002', 'Tooting Medical Centre', 'gp_practice', 'QWE'],
  ['F83001', 'Camden Health Centre', 'gp_practice', 'QMJ'],
  ['FA123', 'Wandsworth Pharmacy', 'pharmacy', 'QWE'],
  ['A84001', 'Newcastle Medical Group', 'gp_practice', 'QHM'],
];

export function orgCsv(
  lines: OrgCsvLine[] = SMALL_FEDERATION,
  header = 'code,name,kind,parent_code',
): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[header, ...lines.map((l) => l.map(quote).join(','))].join('\n')}\n`;
}
