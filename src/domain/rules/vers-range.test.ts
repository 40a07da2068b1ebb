import { describe, expect, it } from 'vitest';
import {
  constraintIntervals,
  intervalContains,
  parseVers,
  type VersionInterval,
  VersParseError,
  versIntervals,
} from './vers-range.js';

const range = (text: string): VersionInterval[] => versIntervals(parseVers(text), 'generic').intervals;
const inAny = (intervals: VersionInterval[], version: string): boolean =>
  intervals.some((i) => intervalContains('generic', i, version));

describe('parseVers', () => {
  it('reads scheme and constraints, dropping spaces and empty pipes, decoding percent-escapes', () => {
    expect(parseVers('vers:generic/>=2.0|<2.3')).toEqual({
      scheme: 'generic',
      constraints: [
        { comparator: '>=', version: '2.0' },
        { comparator: '<', version: '2.3' },
      ],
    });
    expect(parseVers(' VERS:SemVer/ | <1.2.3 || !=1.0.0 | 0.9 |')).toEqual({
      scheme: 'semver',
      constraints: [
        { comparator: '<', version: '1.2.3' },
        { comparator: '!=', version: '1.0.0' },
        { comparator: '=', version: '0.9' },
      ],
    });
    expect(parseVers('vers:deb/<=1.1.1n-0%2Bdeb11u3').constraints).toEqual([
      { comparator: '<=', version: '1.1.1n-0+deb11u3' },
    ]);
    expect(parseVers('vers:all/*')).toEqual({ scheme: 'all', constraints: null });
  });

  it('rejects what is not a vers range, quoting the input', () => {
    for (const bad of [
      'generic/<1',
      'vers:/<1',
      'vers:generic',
      'vers:generic/',
      'vers:generic/<',
      'vers:generic/*|<2',
      'vers:generic/<%zz',
    ]) {
      expect(() => parseVers(bad)).toThrow(VersParseError);
      expect(() => parseVers(bad)).toThrow(JSON.stringify(bad));
    }
  });
});

describe('versIntervals', () => {
  it('pairs a lower bound with the next upper bound; the fixed version is excluded', () => {
    const intervals = range('vers:generic/>=2.0|<2.3');
    expect(intervals).toEqual([
      { exact: null, start: { version: '2.0', inclusive: true }, end: { version: '2.3', inclusive: false } },
    ]);
    expect(inAny(intervals, '2.0')).toBe(true);
    expect(inAny(intervals, '2.2.9')).toBe(true);
    expect(inAny(intervals, '2.3')).toBe(false);
    expect(inAny(intervals, '1.9')).toBe(false);
  });

  it('opens a leading upper bound below and a trailing lower bound above', () => {
    const semver = versIntervals(parseVers('vers:semver/<1.2.3'), 'semver').intervals;
    expect(semver).toEqual([{ exact: null, start: null, end: { version: '1.2.3', inclusive: false } }]);
    expect(semver.some((i) => intervalContains('semver', i, '1.2.3-rc.1'))).toBe(true);
    expect(semver.some((i) => intervalContains('semver', i, '1.2.3'))).toBe(false);
    expect(range('vers:generic/>=4.1')).toEqual([
      { exact: null, start: { version: '4.1', inclusive: true }, end: null },
    ]);
  });

  it('gives one interval per disjoint part, and points for = versions outside them', () => {
    const intervals = range('vers:generic/1.0.5|>=2.0|<2.1.4|>=3.0|<3.0.2|3.0.1');
    expect(intervals).toEqual([
      {
        exact: null,
        start: { version: '2.0', inclusive: true },
        end: { version: '2.1.4', inclusive: false },
      },
      {
        exact: null,
        start: { version: '3.0', inclusive: true },
        end: { version: '3.0.2', inclusive: false },
      },
      { exact: '1.0.5', start: null, end: null },
    ]);
    expect(['1.0.5', '2.1.3', '3.0.1'].every((v) => inAny(intervals, v))).toBe(true);
    expect(['1.0.6', '2.1.4', '2.5', '3.0.2'].some((v) => inAny(intervals, v))).toBe(false);
  });

  it('sorts constraints by version first, as the spec says', () => {
    expect(range('vers:generic/<2.3|>=2.0')).toEqual(range('vers:generic/>=2.0|<2.3'));
  });

  it('splits the interval holding a != version', () => {
    const intervals = range('vers:generic/>=1.0|!=1.2|<2.0');
    expect(intervals).toEqual([
      { exact: null, start: { version: '1.0', inclusive: true }, end: { version: '1.2', inclusive: false } },
      { exact: null, start: { version: '1.2', inclusive: false }, end: { version: '2.0', inclusive: false } },
    ]);
    expect(range('vers:generic/!=1.2')).toEqual([
      { exact: null, start: null, end: { version: '1.2', inclusive: false } },
      { exact: null, start: { version: '1.2', inclusive: false }, end: null },
    ]);
  });

  it('reads * as any version, whatever the scheme', () => {
    expect(range('vers:all/*')).toEqual([{ exact: null, start: null, end: null }]);
    expect(range('vers:npm/*')).toEqual([{ exact: null, start: null, end: null }]);
  });

  it('simplifies redundant neighbours to their union and says so', () => {
    const result = constraintIntervals(
      [
        { comparator: '<', version: '1.5' },
        { comparator: '<=', version: '2.0' },
        { comparator: '>=', version: '3.0' },
        { comparator: '>', version: '3.5' },
      ],
      'generic',
    );
    expect(result.intervals).toEqual([
      { exact: null, start: null, end: { version: '2.0', inclusive: true } },
      { exact: null, start: { version: '3.0', inclusive: true }, end: null },
    ]);
    expect(result.issues).toEqual([
      'redundant constraints <1.5|<=2.0|>=3.0|>3.5 read as their union <=2.0|>=3.0 (vers-spec simplification)',
    ]);
  });

  it('turns a closed single point into an exact version', () => {
    expect(range('vers:generic/>=2.0|<=2.0')).toEqual([{ exact: '2.0', start: null, end: null }]);
  });
});
