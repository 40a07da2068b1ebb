import { describe, expect, it } from 'vitest';
import { compareVersions } from '../versions/version-scheme.js';
import { criterionFromCpeMatch, flattenNvdConfigurations } from './flatten-nvd.js';
import type { NvdConfiguration, NvdCpeMatch } from './nvd-configuration.js';
import {
  configurationsOf,
  NVD_DATA_AVAILABLE,
  nvdConfigurations,
  nvdSuite,
} from './nvd-fixture.test-helper.js';

const vuln = (criteria: string, bounds: Partial<NvdCpeMatch> = {}): NvdCpeMatch => ({
  vulnerable: true,
  criteria,
  ...bounds,
});
const platform = (criteria: string): NvdCpeMatch => ({ vulnerable: false, criteria });
const APP = 'cpe:2.3:a:vendor:app:*:*:*:*:*:*:*:*';
const LIB = 'cpe:2.3:a:vendor:lib:1.0:*:*:*:*:*:*:*';
const OS = 'cpe:2.3:o:vendor:os:-:*:*:*:*:*:*:*';
const HW = 'cpe:2.3:h:vendor:box:-:*:*:*:*:*:*:*';

describe('criterionFromCpeMatch', () => {
  it('reads the four bound forms, unescaping them', () => {
    expect(
      criterionFromCpeMatch(
        vuln('cpe:2.3:a:cisco:finesse:*:*:*:*:*:*:*:*', { versionEndExcluding: '12.6\\(1\\)' }),
      ),
    ).toEqual({
      key: 'a:cisco:finesse',
      scheme: 'generic',
      exact: null,
      start: null,
      end: { version: '12.6(1)', inclusive: false },
      update: null,
      raw: 'cpe:2.3:a:cisco:finesse:*:*:*:*:*:*:*:*',
    });
    const c = criterionFromCpeMatch(vuln(APP, { versionStartExcluding: '1', versionEndIncluding: '2' }));
    expect([c.start, c.end]).toEqual([
      { version: '1', inclusive: false },
      { version: '2', inclusive: true },
    ]);
  });

  it('keeps exact versions, NA and the update field', () => {
    expect(criterionFromCpeMatch(vuln('cpe:2.3:o:microsoft:windows_7:-:SP1:*:*:*:*:*:*'))).toMatchObject({
      exact: '-',
      update: 'sp1',
    });
    expect(criterionFromCpeMatch(vuln('cpe:2.3:a:apache:log4j:2.0:-:*:*:*:*:*:*'))).toMatchObject({
      exact: '2.0',
      update: '-',
    });
  });
});

describe('flattenNvdConfigurations', () => {
  it('gives one rule per vulnerable entry of an OR node and ignores non-vulnerable ones', () => {
    const { rules, issues } = flattenNvdConfigurations('CVE-1', [
      { nodes: [{ operator: 'OR', cpeMatch: [vuln(APP), vuln(LIB), platform(OS)] }] },
    ]);
    expect(rules.map((r) => [r.vulnerable.key, r.conditions])).toEqual([
      ['a:vendor:app', []],
      ['a:vendor:lib', []],
    ]);
    expect(rules[0]).toMatchObject({ cve: 'CVE-1', source: 'nvd', group: 0 });
    expect(issues).toEqual([]);
  });

  it('turns the other nodes of an AND configuration into running-on conditions', () => {
    const config: NvdConfiguration = {
      operator: 'AND',
      nodes: [
        { operator: 'OR', cpeMatch: [vuln(APP)] },
        { operator: 'OR', cpeMatch: [platform(OS), platform(HW)] },
      ],
    };
    const [rule, ...rest] = flattenNvdConfigurations('CVE-1', [config]).rules;
    expect(rest).toEqual([]);
    expect(rule!.conditions).toHaveLength(1);
    expect(rule!.conditions[0]!.negate).toBe(false);
    expect(rule!.conditions[0]!.anyOf.map((c) => c.key)).toEqual(['o:vendor:os', 'h:vendor:box']);
  });

  it('requires every entry of an AND node, including siblings of the vulnerable one', () => {
    const { rules } = flattenNvdConfigurations('CVE-1', [
      {
        operator: 'AND',
        nodes: [
          { operator: 'AND', cpeMatch: [vuln(APP), platform(LIB)] },
          { operator: 'AND', cpeMatch: [platform(OS), platform(HW)] },
        ],
      },
    ]);
    expect(rules).toHaveLength(1);
    expect(rules[0]!.conditions.map((c) => c.anyOf.map((x) => x.key))).toEqual([
      ['a:vendor:lib'],
      ['o:vendor:os'],
      ['h:vendor:box'],
    ]);
  });

  it('makes a negated OR node a "none of these present" condition', () => {
    const { rules, issues } = flattenNvdConfigurations('CVE-1', [
      {
        operator: 'AND',
        nodes: [
          { operator: 'OR', cpeMatch: [vuln(APP)] },
          { operator: 'OR', negate: true, cpeMatch: [platform(OS)] },
        ],
      },
    ]);
    expect(rules[0]!.conditions).toEqual([
      { negate: true, anyOf: [expect.objectContaining({ key: 'o:vendor:os' })] },
    ]);
    expect(issues).toEqual([]);
  });

  it('reports what the model cannot express instead of dropping it silently', () => {
    const { rules, issues } = flattenNvdConfigurations('CVE-1', [
      { negate: true, nodes: [{ operator: 'OR', cpeMatch: [vuln(APP)] }] },
      { nodes: [{ operator: 'OR', negate: true, cpeMatch: [vuln(LIB)] }] },
      {
        operator: 'AND',
        nodes: [
          { operator: 'OR', cpeMatch: [vuln(APP)] },
          { operator: 'AND', negate: true, cpeMatch: [platform(OS), platform(HW)] },
        ],
      },
      { nodes: [{ operator: 'OR', cpeMatch: [vuln('cpe:2.3:a:vendor:app:1.*:*:*:*:*:*:*:*'), vuln(LIB)] }] },
    ]);
    expect(issues.map((i) => [i.group, i.reason.split(':')[0]])).toEqual([
      [0, 'negated configuration'],
      [1, 'vulnerable entry in a negated node'],
      [2, 'negated AND node'],
      [3, 'Invalid CPE "cpe'],
    ]);
    expect(rules.map((r) => [r.group, r.vulnerable.key, r.conditions.length])).toEqual([
      [2, 'a:vendor:app', 0],
      [3, 'a:vendor:lib', 0],
    ]);
  });

  it('treats a configuration without operator and several nodes as OR', () => {
    const { rules } = flattenNvdConfigurations('CVE-1', [
      {
        nodes: [
          { operator: 'OR', cpeMatch: [vuln(APP)] },
          { operator: 'OR', cpeMatch: [platform(OS)] },
        ],
      },
    ]);
    expect(rules.map((r) => r.conditions)).toEqual([[]]);
  });
});

describe.skipIf(!NVD_DATA_AVAILABLE)(nvdSuite('flattenNvdConfigurations on the real NVD sample'), () => {
  it('flattens CVE-2017-0144 into SMBv1 rules running on the listed Windows and Siemens devices', () => {
    const { rules, issues } = flattenNvdConfigurations('CVE-2017-0144', configurationsOf('CVE-2017-0144'));
    expect(issues).toEqual([]);
    const smb = rules.filter((r) => r.vulnerable.key === 'a:microsoft:server_message_block');
    expect(smb).toHaveLength(1);
    expect(smb[0]!.vulnerable).toMatchObject({ exact: '1.0', update: null });
    expect(smb[0]!.conditions).toHaveLength(1);
    const platforms = smb[0]!.conditions[0]!.anyOf.map((c) => `${c.key}:${c.exact}:${c.update}`);
    expect(platforms).toContain('o:microsoft:windows_7:-:sp1');
    expect(platforms).toContain('o:microsoft:windows_server_2008:r2:sp1');
    expect(platforms).toContain('o:microsoft:windows_vista:-:sp2');
    expect(platforms.some((p) => p.startsWith('o:microsoft:windows_10_1709'))).toBe(false);
  });

  it('keeps the log4j pre-releases NVD writes into the update field (CVE-2021-44228)', () => {
    const { rules } = flattenNvdConfigurations('CVE-2021-44228', configurationsOf('CVE-2021-44228'));
    const log4j = rules.filter((r) => r.vulnerable.key === 'a:apache:log4j').map((r) => r.vulnerable);
    expect(log4j.map((c) => [c.exact, c.update, c.start?.version ?? null, c.end?.version ?? null])).toEqual([
      [null, null, '2.0.1', '2.3.1'],
      [null, null, '2.4.0', '2.12.2'],
      [null, null, '2.13.0', '2.15.0'],
      ['2.0', '-', null, null],
      ['2.0', 'beta9', null, null],
      ['2.0', 'rc1', null, null],
      ['2.0', 'rc2', null, null],
    ]);
  });

  it('gives well-ordered ranges: every start compares below its end in the generic scheme', () => {
    let ranges = 0;
    for (const [cve, configurations] of nvdConfigurations()) {
      for (const { vulnerable: c } of flattenNvdConfigurations(cve, configurations).rules) {
        if (c.start === null || c.end === null) continue;
        ranges += 1;
        expect(compareVersions('generic', c.start.version, c.end.version), `${cve} ${c.raw}`).toBe(-1);
      }
    }
    expect(ranges).toBeGreaterThan(500);
  });

  it('gives exactly one rule per vulnerable entry and no issues, for every CVE', () => {
    let entries = 0;
    let rules = 0;
    for (const [cve, configurations] of nvdConfigurations()) {
      const result = flattenNvdConfigurations(cve, configurations);
      expect(result.issues, cve).toEqual([]);
      rules += result.rules.length;
      entries += configurations
        .flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch))
        .filter((m) => m.vulnerable).length;
      for (const rule of result.rules) {
        const configuration = configurations[rule.group]!;
        expect(rule.conditions.length, cve).toBe(
          configuration.operator === 'AND' ? configuration.nodes.length - 1 : 0,
        );
      }
    }
    expect(rules).toBe(entries);
    expect(rules).toBeGreaterThan(4000);
  });
});
