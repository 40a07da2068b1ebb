import { describe, expect, it } from 'vitest';
import { formatReference, parseReference, parseTargetSpec, validateAlertDraft } from './alert.js';

describe('alert references and targets', () => {
  it('formats and normalises WA-YYYY-NNNN references', () => {
    expect(formatReference(2026, 42)).toBe('WA-2026-0042');
    expect(formatReference(2026, 12345)).toBe('WA-2026-12345');
    expect(parseReference(' wa-2026-42 ')).toBe('WA-2026-0042');
    expect(parseReference('CC-4412')).toBeNull();
  });

  it('parses target specs, joined filters and their problems', () => {
    expect(parseTargetSpec('AUTO')).toEqual({
      ok: true,
      spec: { text: 'auto', filters: [{ type: 'auto' }] },
    });
    expect(parseTargetSpec('kind:GP_Practice+under:y56')).toEqual({
      ok: true,
      spec: {
        text: 'kind:gp_practice+under:Y56',
        filters: [
          { type: 'kind', kind: 'gp_practice' },
          { type: 'under', code: 'Y56' },
        ],
      },
    });
    expect(parseTargetSpec('kind:clinic')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unknown kind'),
    });
    expect(parseTargetSpec('everyone')).toMatchObject({ ok: false });
    expect(parseTargetSpec('org:')).toMatchObject({ ok: false, reason: expect.stringContaining('no value') });
  });

  it('validates a draft and reports every problem at once', () => {
    const bad = validateAlertDraft({
      title: ' ',
      severity: 'urgent',
      action: '',
      cves: ['CVE-2017-0144', 'MS17-010'],
      advisory: null,
      targets: ['auto', 'nobody'],
      ackHours: 0,
    });
    expect(bad.alert).toBeNull();
    expect(bad.problems).toHaveLength(6);
    const good = validateAlertDraft({
      title: 'WannaCry',
      severity: 'Critical',
      action: 'Patch',
      cves: ['cve-2017-0144', 'CVE-2017-0144'],
      advisory: null,
      targets: [],
      ackHours: 48,
    });
    expect(good.alert).toMatchObject({
      severity: 'critical',
      cves: ['CVE-2017-0144'],
      targets: [{ text: 'auto' }],
    });
  });

  it('takes an alert about a threat without CVEs when it names its targets, not with auto targets', () => {
    const threat = {
      title: 'Phishing',
      severity: 'high',
      action: 'Block',
      cves: [],
      advisory: null,
      ackHours: 48,
    };
    expect(validateAlertDraft({ ...threat, targets: ['kind:gp_practice+under:QWE'] }).alert).toMatchObject({
      cves: [],
      targets: [{ text: 'kind:gp_practice+under:QWE' }],
    });
    for (const targets of [[], ['auto'], ['org:RJ7', 'auto:possible+under:QWE']])
      expect(validateAlertDraft({ ...threat, targets }).problems).toEqual([
        {
          field: 'cves',
          reason:
            'name the vulnerabilities: CVE ids or an advisory (or, for an alert about a threat, name its targets)',
        },
      ]);
  });
});
