import { describe, expect, it } from 'vitest';
import { automatableOf, decide, exploitationOf, reasonsFor } from './ssvc.js';

describe('SSVC-style priority', () => {
  it('acts on a known-exploited flaw in a medical device even on an internal network', () => {
    expect(
      decide({ exploitation: 'active', exposure: 'small', automatable: false, safetyImpact: true }),
    ).toBe('act');
  });
  it('attends to a known-exploited flaw with no safety impact, not automatable, internal', () => {
    expect(
      decide({ exploitation: 'active', exposure: 'small', automatable: false, safetyImpact: false }),
    ).toBe('attend');
  });
  it('tracks an unexploited internal flaw', () => {
    expect(decide({ exploitation: 'none', exposure: 'small', automatable: true, safetyImpact: false })).toBe(
      'track',
    );
  });
  it('raises an unexploited flaw on an internet-facing medical system to attend', () => {
    expect(decide({ exploitation: 'none', exposure: 'open', automatable: false, safetyImpact: true })).toBe(
      'attend',
    );
  });
  it('is monotonic: worse inputs never lower the priority', () => {
    const rank = { act: 3, attend: 2, 'track*': 1, track: 0 } as const;
    const ex = ['none', 'poc', 'active'] as const;
    const exp = ['small', 'controlled', 'open'] as const;
    for (const [i, e] of ex.entries())
      for (const [j, x] of exp.entries())
        for (const a of [false, true])
          for (const s of [false, true]) {
            const p = rank[decide({ exploitation: e, exposure: x, automatable: a, safetyImpact: s })];
            if (i < 2)
              expect(
                rank[decide({ exploitation: ex[i + 1]!, exposure: x, automatable: a, safetyImpact: s })],
              ).toBeGreaterThanOrEqual(p);
            if (j < 2)
              expect(
                rank[decide({ exploitation: e, exposure: exp[j + 1]!, automatable: a, safetyImpact: s })],
              ).toBeGreaterThanOrEqual(p);
            expect(
              rank[decide({ exploitation: e, exposure: x, automatable: true, safetyImpact: s })],
            ).toBeGreaterThanOrEqual(p);
            expect(
              rank[decide({ exploitation: e, exposure: x, automatable: a, safetyImpact: true })],
            ).toBeGreaterThanOrEqual(p);
          }
  });
  it('derives exploitation from KEV and EPSS', () => {
    expect(exploitationOf(true, null)).toBe('active');
    expect(exploitationOf(false, 0.5)).toBe('poc');
    expect(exploitationOf(false, 0.01)).toBe('none');
    expect(exploitationOf(false, null)).toBe('none');
  });
  it('reads automatability from CVSS vectors', () => {
    expect(automatableOf('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')).toBe(true);
    expect(automatableOf('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H')).toBe(false);
    expect(automatableOf('CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(false);
    expect(automatableOf('AV:N/AC:M/Au:N/C:C/I:C/A:C')).toBe(true);
    expect(automatableOf(null)).toBe(false);
  });
  it('gives reasons a person can read', () => {
    expect(
      reasonsFor(
        { exploitation: 'active', exposure: 'controlled', automatable: false, safetyImpact: true },
        { kevDueDate: '2022-08-10' },
      ),
    ).toEqual([
      'known exploited (CISA KEV, due 2022-08-10)',
      'patient safety: affects a medical device or critical clinical system',
      'on a clinical network',
    ]);
  });
});
