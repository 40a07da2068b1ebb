import { describe, expect, it } from 'vitest';
import { criterionMatches, evaluateCriterion, explainCriterion } from './criterion-match.js';
import { component, criterion } from './match-criterion.test-helper.js';

const OPENSSL = 'a:openssl:openssl';

describe('evaluateCriterion: versions', () => {
  it('needs the same key', () => {
    expect(evaluateCriterion(criterion(OPENSSL), component('a:openssl:libssl', '1.0.1f'))).toBe('none');
  });

  it('accepts every version for ANY', () => {
    expect(evaluateCriterion(criterion(OPENSSL), component(OPENSSL, '3.0.0'))).toBe('match');
    expect(evaluateCriterion(criterion(OPENSSL), component(OPENSSL, null))).toBe('match');
  });

  it('checks the four bound forms, each at, inside and outside its bound', () => {
    const cases: Array<[Partial<Parameters<typeof criterion>[1]>, string, boolean]> = [
      [{ start: { version: '1.0.1', inclusive: true } }, '1.0.1', true],
      [{ start: { version: '1.0.1', inclusive: true } }, '1.0.0', false],
      [{ start: { version: '1.0.1', inclusive: false } }, '1.0.1', false],
      [{ start: { version: '1.0.1', inclusive: false } }, '1.0.1a', true],
      [{ end: { version: '1.0.1g', inclusive: false } }, '1.0.1g', false],
      [{ end: { version: '1.0.1g', inclusive: false } }, '1.0.1f', true],
      [{ end: { version: '1.0.1g', inclusive: true } }, '1.0.1g', true],
      [{ end: { version: '1.0.1g', inclusive: true } }, '1.0.1h', false],
    ];
    for (const [fields, version, expected] of cases) {
      expect(
        criterionMatches(criterion(OPENSSL, fields ?? {}), component(OPENSSL, version)),
        `${JSON.stringify(fields)} ${version}`,
      ).toBe(expected);
    }
  });

  it('confirms an exact version only as written; equal only by the scheme (1.0 = 1.0.0) is possible', () => {
    const c = criterion('a:microsoft:server_message_block', { exact: '1.0' });
    expect(evaluateCriterion(c, component(c.key, '1.0'))).toBe('match');
    expect(evaluateCriterion(c, component(c.key, '1.0.0'))).toBe('assumed');
    expect(explainCriterion(c, component(c.key, '1.0.0')).reasons).toEqual([
      "installed 1.0.0 equals NVD's 1.0 only if trailing zeros do not count; the exact version would settle it",
    ]);
    expect(evaluateCriterion(c, component(c.key, '2.0'))).toBe('none');
  });

  it('reads range bounds by the same strict rule; what only the looser reading matches is possible', () => {
    const upTo = criterion(OPENSSL, { end: { version: '2.2.2.8', inclusive: true } });
    expect(evaluateCriterion(upTo, component(OPENSSL, '2.2.2.8'))).toBe('match');
    expect(evaluateCriterion(upTo, component(OPENSSL, '2.2.2.8.0'))).toBe('assumed');
    const before = criterion(OPENSSL, { end: { version: '2.0', inclusive: false } });
    expect(evaluateCriterion(before, component(OPENSSL, '2.0.0'))).toBe('none');
    // Strictly 2.0.0 comes after 2.0 (more parts), so it is past an exclusive start: confirmed.
    const after = criterion(OPENSSL, { start: { version: '2.0', inclusive: false } });
    expect(evaluateCriterion(after, component(OPENSSL, '2.0.0'))).toBe('match');
    expect(evaluateCriterion(after, component(OPENSSL, '2.0'))).toBe('none');
  });

  it('matches NA (-) without a version or with -, and a specific version only possibly', () => {
    const c = criterion('o:microsoft:windows_7', { exact: '-' });
    expect(evaluateCriterion(c, component(c.key, '6.1.7601'))).toBe('assumed');
    expect(explainCriterion(c, component(c.key, '6.1.7601')).reasons).toEqual([
      "NVD names no version for this product; the vendor's fixed build or KB would settle it",
    ]);
    expect(evaluateCriterion(c, component(c.key, '-'))).toBe('match');
    expect(evaluateCriterion(c, component(c.key, null))).toBe('match');
  });

  it('requires every other attribute a criterion sets; unknown is possible and named', () => {
    const c = criterion('a:grpc:grpc', { attributes: { targetSw: 'go' } });
    expect(evaluateCriterion(c, { ...component(c.key, '1.58.3'), attributes: { targetSw: 'go' } })).toBe(
      'match',
    );
    expect(evaluateCriterion(c, { ...component(c.key, '1.58.3'), attributes: { targetSw: 'python' } })).toBe(
      'none',
    );
    expect(explainCriterion(c, component(c.key, '1.58.3'))).toEqual({
      verdict: 'assumed',
      reasons: ['NVD names target_sw go; the installed target_sw would settle it'],
    });
  });

  it('assumes a match when the installed version is unknown', () => {
    const c = criterion(OPENSSL, { end: { version: '1.0.1g', inclusive: false } });
    for (const version of [null, '*', ''])
      expect(evaluateCriterion(c, component(OPENSSL, version))).toBe('assumed');
  });

  it('reads an installed version - as "no version" (NISTIR 7696: NA against a value is disjoint)', () => {
    const r2 = criterion('o:microsoft:windows_server_2008', { exact: 'r2' });
    expect(evaluateCriterion(r2, component(r2.key, '-'))).toBe('none');
    const range = criterion(OPENSSL, { end: { version: '1.0.1g', inclusive: false } });
    expect(evaluateCriterion(range, component(OPENSSL, '-'))).toBe('none');
    expect(evaluateCriterion(criterion(OPENSSL), component(OPENSSL, '-'))).toBe('match');
  });

  it('uses the criterion scheme, not the component one', () => {
    const c = criterion('pkg:maven/org.apache.logging.log4j/log4j-core', {
      scheme: 'maven',
      end: { version: '2.15.0', inclusive: false },
    });
    expect(evaluateCriterion(c, { ...component(c.key, '2.15.0-rc1'), scheme: 'generic' })).toBe('match');
    expect(evaluateCriterion(c, component(c.key, '2.15.0.RELEASE'))).toBe('none');
  });
});

describe('evaluateCriterion: update field', () => {
  const sp1 = criterion('o:microsoft:windows_7', { exact: '-', update: 'sp1' });

  it('matches the same update, case-insensitively, and no other', () => {
    expect(evaluateCriterion(sp1, component(sp1.key, '-', 'sp1'))).toBe('match');
    expect(evaluateCriterion(sp1, component(sp1.key, '-', 'SP1'))).toBe('match');
    expect(evaluateCriterion(sp1, component(sp1.key, '-', 'sp2'))).toBe('none');
    expect(evaluateCriterion(sp1, component(sp1.key, '-', '-'))).toBe('none');
  });

  it('assumes a match when the installed update is unknown', () => {
    expect(evaluateCriterion(sp1, component(sp1.key, '-', null))).toBe('assumed');
  });

  it('matches NA (-) only against no update', () => {
    const base = criterion('a:apache:log4j', { exact: '2.0', update: '-' });
    expect(evaluateCriterion(base, component(base.key, '2.0', '-'))).toBe('match');
    expect(evaluateCriterion(base, component(base.key, '2.0', 'rc1'))).toBe('none');
    expect(evaluateCriterion(base, component(base.key, '2.0', null))).toBe('assumed');
  });

  it('matches a pre-release written into the version (2.0-beta9 against 2.0:beta9)', () => {
    const beta9 = criterion('a:apache:log4j', { exact: '2.0', update: 'beta9' });
    expect(evaluateCriterion(beta9, component(beta9.key, '2.0-beta9'))).toBe('match');
    expect(evaluateCriterion(beta9, component(beta9.key, '2.0beta9'))).toBe('match');
    expect(evaluateCriterion(beta9, component(beta9.key, '2.0-beta8'))).toBe('none');
    expect(evaluateCriterion(beta9, component(beta9.key, '2.0-beta9', 'rc1'))).toBe('none');
    expect(evaluateCriterion(beta9, component(beta9.key, '2.0', 'beta9'))).toBe('match');
  });
});
