import { describe, expect, it } from 'vitest';
import { evaluateCondition, indexRules, matchAsset, matchedCves } from './match.js';
import { component, criterion } from './match-criterion.test-helper.js';
import type { MatchRule } from './match-rule.js';

const app = criterion('a:vendor:app', { end: { version: '2.0', inclusive: false } });
const os = criterion('o:vendor:os', { exact: '-', update: 'sp1' });
const hw = criterion('h:vendor:box');

function rule(cve: string, conditions: MatchRule['conditions'] = []): MatchRule {
  return { cve, source: 'nvd', group: 0, vulnerable: app, conditions };
}

describe('evaluateCondition', () => {
  it('holds when any listed platform is present, three-valued', () => {
    const condition = { negate: false, anyOf: [os, hw] };
    expect(evaluateCondition(condition, [component('o:vendor:os', '-', 'sp1')])).toBe('match');
    expect(evaluateCondition(condition, [component('o:vendor:os', '-', null)])).toBe('assumed');
    expect(evaluateCondition(condition, [component('o:vendor:os', '-', 'sp2')])).toBe('none');
    expect(
      evaluateCondition(condition, [component('o:vendor:os', '-', 'sp2'), component('h:vendor:box', '-')]),
    ).toBe('match');
  });

  it('negated: fails only on a definite match of an excluded platform', () => {
    const condition = { negate: true, anyOf: [os] };
    expect(evaluateCondition(condition, [])).toBe('match');
    expect(evaluateCondition(condition, [component('o:vendor:os', '-', 'sp1')])).toBe('none');
    expect(evaluateCondition(condition, [component('o:vendor:os', '-', null)])).toBe('assumed');
  });
});

describe('matchAsset', () => {
  it('matches a rule without conditions on the vulnerable component alone', () => {
    const matches = matchAsset(
      [component('a:vendor:app', '1.5'), component('a:vendor:app', '2.0')],
      [rule('CVE-1')],
    );
    expect(matches.map((m) => [m.componentIndex, m.certainty])).toEqual([[0, 'definite']]);
  });

  it('requires a running-on platform on the same asset', () => {
    const rules = [rule('CVE-1', [{ negate: false, anyOf: [os] }])];
    expect(matchAsset([component('a:vendor:app', '1.5')], rules)).toEqual([]);
    expect(
      matchAsset([component('a:vendor:app', '1.5'), component('o:vendor:os', '-', 'sp1')], rules),
    ).toHaveLength(1);
    expect(
      matchAsset([component('a:vendor:app', '1.5'), component('o:vendor:os', '-')], rules)[0]?.certainty,
    ).toBe('assumed');
  });

  it('honours negated conditions', () => {
    const rules = [rule('CVE-1', [{ negate: true, anyOf: [hw] }])];
    expect(matchAsset([component('a:vendor:app', '1.5')], rules)).toHaveLength(1);
    expect(matchAsset([component('a:vendor:app', '1.5'), component('h:vendor:box', '1')], rules)).toEqual([]);
  });

  it('reports every matching rule and component, with an index built once', () => {
    const index = indexRules([rule('CVE-1'), rule('CVE-2'), { ...rule('CVE-3'), vulnerable: hw }]);
    const matches = matchAsset(
      [component('a:vendor:app', '1'), component('a:vendor:app', null), component('h:vendor:box', '9')],
      index,
    );
    expect(matches.map((m) => [m.rule.cve, m.componentIndex, m.certainty])).toEqual([
      ['CVE-1', 0, 'definite'],
      ['CVE-2', 0, 'definite'],
      ['CVE-1', 1, 'assumed'],
      ['CVE-2', 1, 'assumed'],
      ['CVE-3', 2, 'definite'],
    ]);
    expect([...matchedCves(matches)]).toEqual([
      ['CVE-1', 'definite'],
      ['CVE-2', 'definite'],
      ['CVE-3', 'definite'],
    ]);
  });
});
