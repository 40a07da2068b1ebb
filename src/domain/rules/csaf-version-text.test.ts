import { describe, expect, it } from 'vitest';
import { parseCsafVersion } from './csaf-version-text.js';
import { intervalContains, type VersionInterval } from './vers-range.js';

const ANY: VersionInterval = { exact: null, start: null, end: null };
const below = (version: string, inclusive = false): VersionInterval => ({
  exact: null,
  start: null,
  end: { version, inclusive },
});
const between = (
  start: string,
  end: string,
  endInclusive = true,
  startInclusive = true,
): VersionInterval => ({
  exact: null,
  start: { version: start, inclusive: startInclusive },
  end: { version: end, inclusive: endInclusive },
});
const exact = (version: string): VersionInterval => ({ exact: version, start: null, end: null });

function read(text: string): VersionInterval[] {
  return parseCsafVersion(text).intervals;
}

/** Whether `version` is affected according to `text`. */
function affected(text: string, version: string): boolean {
  return read(text).some((i) => intervalContains('generic', i, version));
}

describe('parseCsafVersion: vers ranges', () => {
  it('reads vers: in either field, the fixed version excluded', () => {
    expect(read('vers:generic/>=2.0|<2.3')).toEqual([between('2.0', '2.3', false)]);
    expect(affected('vers:generic/>=2.0|<2.3', '2.2.9')).toBe(true);
    expect(affected('vers:generic/>=2.0|<2.3', '2.3')).toBe(false);
    expect(read('vers:all/*')).toEqual([ANY]);
    expect(parseCsafVersion('vers:all/*').issues).toEqual([]);
  });

  it('compares in the scheme it is given', () => {
    const semver = parseCsafVersion('vers:semver/<1.2.3', 'semver').intervals;
    expect(semver).toEqual([below('1.2.3')]);
    expect(intervalContains('semver', semver[0]!, '1.2.3-beta.1')).toBe(true);
    expect(intervalContains('semver', semver[0]!, '1.2.3')).toBe(false);
  });

  it('reads a broken vers range as any version, with the reason', () => {
    expect(parseCsafVersion('vers:generic/<')).toEqual({
      intervals: [ANY],
      issues: [
        'Invalid vers range "vers:generic/<": constraint "<" has no version; the rule matches any version',
      ],
    });
  });
});

describe('parseCsafVersion: operator text', () => {
  it('reads <, <=, >, >= with or without spaces, stripping a leading V', () => {
    expect(read('<=3.1')).toEqual([below('3.1', true)]);
    expect(read('< V2.2')).toEqual([below('2.2')]);
    expect(read(' <1.000.HW00.21.20190812')).toEqual([below('1.000.HW00.21.20190812')]);
    expect(read('>= 2.0')).toEqual([{ exact: null, start: { version: '2.0', inclusive: true }, end: null }]);
    expect(read('≤ 4.2')).toEqual([below('4.2', true)]);
    expect(read('<  rev. 6.4.7')).toEqual([below('6.4.7')]);
    expect(affected('< V2.2', '2.1.9')).toBe(true);
    expect(affected('< V2.2', '2.2')).toBe(false);
    expect(affected('< V2.2', 'V2.2')).toBe(false);
    expect(affected('<=3.1', '3.1')).toBe(true);
    expect(affected('<=3.1', '3.1.1')).toBe(false);
  });

  it('pairs | -joined bounds into an interval, as CISA writes "1.3 to 3.1"', () => {
    expect(read('>= 1.3 | <= 3.1')).toEqual([between('1.3', '3.1')]);
    expect(read('>= 1.3.4 | < 1.5.3')).toEqual([between('1.3.4', '1.5.3', false)]);
    expect(read('>=5.3|<=6.4')).toEqual([between('5.3', '6.4')]);
    expect(affected('>= 1.3.4 | < 1.5.3', '1.5.2')).toBe(true);
    expect(affected('>= 1.3.4 | < 1.5.3', '1.5.3')).toBe(false);
    expect(affected('>= 1.3.4 | < 1.5.3', '1.3.3')).toBe(false);
  });

  it('reads wildcards as whole release lines', () => {
    expect(read('<= 12.2.x.x')).toEqual([below('12.3')]);
    expect(read('<= 11.x')).toEqual([below('12')]);
    expect(read('< 3.x')).toEqual([below('3')]);
    expect(read('< 8.1x')).toEqual([below('8.10')]);
    expect(read('>= 7.4x | <= 8.0x')).toEqual([between('7.40', '8.10', false)]);
    expect(affected('<= 12.2.x.x', '12.2.9.410')).toBe(true);
    expect(affected('<= 12.2.x.x', '12.3')).toBe(false);
  });

  it('reads several upper bounds as fixes of release lines when their majors differ', () => {
    const text = '< 19.0.1 | < 18.0.1 | < 15.0.1 | < 8.0.7 | < 3.15.1';
    expect(parseCsafVersion(text)).toEqual({
      intervals: [
        below('3.15.1'),
        between('4', '8.0.7', false),
        between('9', '15.0.1', false),
        between('16', '18.0.1', false),
        between('19', '19.0.1', false),
      ],
      issues: [
        'several upper bounds read as fixes of release lines: (*, 3.15.1), [4, 8.0.7), [9, 15.0.1), [16, 18.0.1), [19, 19.0.1)',
      ],
    });
    for (const fixed of ['3.15.1', '8.0.7', '15.0.1', '18.0.1', '19.0.1', '20.0']) {
      expect(affected(text, fixed)).toBe(false);
    }
    for (const vulnerable of ['3.15.0', '8.0.6', '12.4', '18.0.0', '19.0.0']) {
      expect(affected(text, vulnerable)).toBe(true);
    }
  });

  it('reads other upper bounds as their union and says so', () => {
    expect(parseCsafVersion('< 7.03 /7.04')).toEqual({
      intervals: [below('7.04')],
      issues: ['redundant constraints <7.03|<7.04 read as their union <7.04 (vers-spec simplification)'],
    });
    expect(read('<= U61 |<= L81')).toEqual([below('U61', true)]);
  });

  it('drops a qualifier after a bound with an issue; a < bound becomes inclusive', () => {
    expect(parseCsafVersion('< 1.8.4 Service Pack 01')).toEqual({
      intervals: [below('1.8.4', true)],
      issues: ['ignored "Service Pack 01" after < 1.8.4; read as <= 1.8.4 (the qualified release is later)'],
    });
    expect(parseCsafVersion('<=11.2 on Windows 8.1 with IIS 7.5')).toEqual({
      intervals: [below('11.2', true)],
      issues: ['ignored "on Windows 8.1 with IIS 7.5" after <= 11.2'],
    });
    expect(parseCsafVersion('< 2.1.0 (Windows and Linux)')).toEqual({
      intervals: [below('2.1.0')],
      issues: ['ignored "(Windows and Linux)"'],
    });
  });
});

describe('parseCsafVersion: phrases', () => {
  it('reads "all versions" and "*" as any version', () => {
    for (const text of ['all versions', 'All Versions', '*', 'all']) expect(read(text)).toEqual([ANY]);
  });

  it('reads "prior to" as an exclusive upper bound', () => {
    expect(read('All versions prior to 5.1')).toEqual([below('5.1')]);
    expect(read('prior to Version 1.7.15')).toEqual([below('1.7.15')]);
    expect(read('versions before v3.2')).toEqual([below('3.2')]);
    expect(affected('All versions prior to 5.1', '5.0.9')).toBe(true);
    expect(affected('All versions prior to 5.1', '5.1')).toBe(false);
  });

  it('reads "and prior", "and below", "up to" as inclusive upper bounds', () => {
    expect(read('2.3.6 and  below')).toEqual([below('2.3.6', true)]);
    expect(read('Version 3.4 and below')).toEqual([below('3.4', true)]);
    expect(read('V2.24 and prior')).toEqual([below('2.24', true)]);
    expect(read('3.1 or earlier')).toEqual([below('3.1', true)]);
    expect(read('up to 7.6.2')).toEqual([below('7.6.2', true)]);
  });

  it('reads "and later" as a lower bound', () => {
    expect(read('2.0 and later')).toEqual([
      { exact: null, start: { version: '2.0', inclusive: true }, end: null },
    ]);
  });

  it('reads "through", "to" and "between … and" as inclusive intervals', () => {
    expect(read('versions 4.0 through 4.3')).toEqual([between('4.0', '4.3')]);
    expect(read('Versions 1.3 to 3.1')).toEqual([between('1.3', '3.1')]);
    expect(read('from 5.01 to 6.4.0')).toEqual([between('5.01', '6.4.0')]);
    expect(read('between 1.0 and 1.2')).toEqual([between('1.0', '1.2')]);
    expect(affected('versions 4.0 through 4.3', '4.3')).toBe(true);
    expect(affected('versions 4.0 through 4.3', '4.3.1')).toBe(false);
  });
});

describe('parseCsafVersion: exact versions', () => {
  it('reads one version, lists and wildcards', () => {
    expect(read('V1.6.1')).toEqual([exact('1.6.1')]);
    expect(read('1.1 | 1.2 | 1.4')).toEqual([exact('1.1'), exact('1.2'), exact('1.4')]);
    expect(read('3.0|3.1')).toEqual([exact('3.0'), exact('3.1')]);
    expect(read('2131 and 2141')).toEqual([exact('2131'), exact('2141')]);
    expect(read('(Release 1.3.2 1.4.0 1.4.1)')).toEqual([exact('1.3.2'), exact('1.4.0'), exact('1.4.1')]);
    expect(read('1.X')).toEqual([between('1', '2', false)]);
    expect(read('14.1.x')).toEqual([between('14.1', '14.2', false)]);
    expect(read('4.20 | 4.20 SR1 | 4.30')).toEqual([exact('4.20'), exact('4.30')]);
  });

  it('keeps a dotted version followed by words, with an issue', () => {
    expect(parseCsafVersion('1.1.3 Build 10')).toEqual({
      intervals: [exact('1.1.3')],
      issues: ['ignored "Build 10" after 1.1.3'],
    });
    expect(parseCsafVersion('v8.x model 35700BAX2')).toEqual({
      intervals: [between('8', '9', false)],
      issues: ['ignored "model 35700BAX2" after v8.x'],
    });
  });

  it('reads ids with a space that are not versions, and dates, as any version with an issue', () => {
    for (const text of [
      '882160 Gemini Dual',
      'MMT-508 MiniMed pump',
      'Accu-Chek Inform II',
      'IGS',
      'A10 < A11',
    ]) {
      expect(parseCsafVersion(text)).toEqual({
        intervals: [ANY],
        issues: [`version ${JSON.stringify(text)} not understood; the rule matches any version`],
      });
    }
    for (const text of ['< august 28', 'distributed  < april 1, 2018', '<8/30/2024', '<May 2018']) {
      const result = parseCsafVersion(text);
      expect(result.intervals).toEqual([ANY]);
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]).toMatch(/is a date, not a version; the rule matches any version$/);
    }
  });
});
