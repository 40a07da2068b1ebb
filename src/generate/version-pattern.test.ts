import { describe, expect, it } from 'vitest';
import { expandVersionPattern, expandVersions } from './version-pattern.js';

describe('version patterns', () => {
  it('expands numeric ranges, steps, padding, letters and alternatives', () => {
    expect(expandVersionPattern('3.0.{0..3}')).toEqual(['3.0.0', '3.0.1', '3.0.2', '3.0.3']);
    expect(expandVersionPattern('{0..10..5}')).toEqual(['0', '5', '10']);
    expect(expandVersionPattern('5.07.{0088..0101..13}')).toEqual(['5.07.0088', '5.07.0101']);
    expect(expandVersionPattern('1.0.1{e..g}')).toEqual(['1.0.1e', '1.0.1f', '1.0.1g']);
    expect(expandVersionPattern('{2016,2019}')).toEqual(['2016', '2019']);
    expect(expandVersionPattern('78.0{,.1}')).toEqual(['78.0', '78.0.1']);
  });

  it('takes the cartesian product leftmost-slowest and keeps literal text', () => {
    expect(expandVersionPattern('{1,2}.{0,1}|r1')).toEqual(['1.0|r1', '1.1|r1', '2.0|r1', '2.1|r1']);
    expect(expandVersionPattern('15.2(7)e{0..1}')).toEqual(['15.2(7)e0', '15.2(7)e1']);
  });

  it('drops repeats across patterns and rejects unclosed braces', () => {
    expect(expandVersions(['1.{0..2}', '1.{1..3}'])).toEqual(['1.0', '1.1', '1.2', '1.3']);
    expect(() => expandVersionPattern('1.{0..2')).toThrow(/unclosed brace/);
  });
});
