import { describe, expect, it } from 'vitest';
import { comparePypi, parsePypiVersion } from './pypi.version.js';
import { expectAscending, expectEqual } from './version-order.test-helper.js';

describe('pypi version scheme', () => {
  it('follows the PEP 440 summary ordering', () => {
    expectAscending('pypi', [
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0b2-346',
      '1.0c1.dev456',
      '1.0c1',
      '1.0rc2',
      '1.0c3',
      '1.0',
      '1.0+abc',
      '1.0+abc.5',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.1.dev1',
      '1!0.1',
    ]);
  });

  it('normalises spellings as PEP 440 does', () => {
    expectEqual('pypi', ['1.0rc1', '1.0c1', '1.0-RC-1', '1.0.preview1', 'v1.0pre1', '1.0.0rc1']);
    expectEqual('pypi', ['1.0.post1', '1.0-1', '1.0rev1', '1.0.r1', '1.0post1']);
    expectEqual('pypi', ['1.0.dev0', '1.0dev', '1.0-dev0']);
  });

  it('sorts strings that are not PEP 440 before every valid version', () => {
    expect(parsePypiVersion('1.0-foo')).toBeNull();
    expectAscending('pypi', ['1.0-foo', '2004d', '0.0.dev0', '0.1']);
    expect(comparePypi('2004e', '2004d')).toBeGreaterThan(0);
    expect(comparePypi('2004d', '2004c')).toBeLessThan(0); // 2004c is PEP 440 (2004rc0)
  });
});
