import { describe, expect, it } from 'vitest';
import { parseIndicatorValue, refang } from './indicator-value.js';
import { stixPattern, valuesOfPattern } from './stix-pattern.js';
import { parseTlp, stricterTlp, TLP_MARKING_ID, tlpMarkingDefinition, tlpOfMarkingId } from './tlp.js';
import { type Audience, entityOf, maySee, type Reader } from './tlp-audience.js';
import { warningsFor } from './warning-lists.js';

describe('TLP 2.0', () => {
  it('reads markings as people write them, TLP 1.0 WHITE as CLEAR', () => {
    expect(parseTlp('TLP:AMBER+STRICT')).toBe('AMBER+STRICT');
    expect(parseTlp('amber + strict')).toBe('AMBER+STRICT');
    expect(parseTlp('Green')).toBe('GREEN');
    expect(parseTlp('TLP:WHITE')).toBe('CLEAR');
    expect(parseTlp('PURPLE')).toBeNull();
    expect(stricterTlp('GREEN', 'AMBER')).toBe('AMBER');
    expect(stricterTlp('RED', 'CLEAR')).toBe('RED');
  });

  it("uses OASIS's marking ids and reads TLP 1.0's on import", () => {
    const red = tlpMarkingDefinition('RED');
    expect(red).toMatchObject({ id: TLP_MARKING_ID.RED, name: 'TLP:RED', spec_version: '2.1' });
    expect(Object.values(red.extensions as object)[0]).toEqual({
      extension_type: 'property-extension',
      tlp_2_0: 'red',
    });
    expect(tlpOfMarkingId('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9')).toBe('CLEAR');
    expect(tlpOfMarkingId(TLP_MARKING_ID['AMBER+STRICT'])).toBe('AMBER+STRICT');
    expect(tlpOfMarkingId('marking-definition--00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});

describe('who may see a marked object', () => {
  // national N > region R1 > ICB I1 > trust T1 (site S1), practice P1, P2; region R2 > ICB I2 > P3
  const parent: Record<string, string | null> = {
    N: null,
    R1: 'N',
    R2: 'N',
    I1: 'R1',
    I2: 'R2',
    T1: 'I1',
    S1: 'T1',
    P1: 'I1',
    P2: 'I1',
    P3: 'I2',
  };
  const kind: Record<string, string> = {
    N: 'national',
    R1: 'region',
    R2: 'region',
    I1: 'icb',
    I2: 'icb',
    T1: 'trust',
    S1: 'site',
    P1: 'gp_practice',
    P2: 'gp_practice',
    P3: 'gp_practice',
  };
  const ancestry = (id: string) => {
    const up = new Set<string>();
    for (let x: string | null | undefined = id; x; x = parent[x]) up.add(x);
    return up;
  };
  const reader = (org: string | null, userId = `u-${org}`): Reader => {
    const entity =
      org &&
      entityOf(
        org,
        (id) => kind[id],
        (id) => parent[id],
      );
    return {
      full: false,
      userId,
      entityIds: new Set(entity ? [entity] : []),
      ancestry: new Map(entity ? [[entity, ancestry(entity)]] : []),
    };
  };
  const from = (tlp: Audience['tlp'], extra: Partial<Audience> = {}): Audience => ({
    tlp,
    producerEntityId: 'P1',
    organisations: [],
    people: ['u-P1'],
    ...extra,
  });
  const CALLERS = ['P1', 'P2', 'I1', 'N', 'P3', 'T1', 'S1'];
  const seen = (a: Audience) => CALLERS.filter((c) => maySee(reader(c), a));

  it('CLEAR and GREEN: everyone signed in', () => {
    expect(seen(from('CLEAR'))).toEqual(CALLERS);
    expect(seen(from('GREEN'))).toEqual(CALLERS);
  });

  it('AMBER: the producer and whom it names; standing above grants nothing', () => {
    expect(seen(from('AMBER'))).toEqual(['P1']);
    expect(seen(from('AMBER', { organisations: [{ orgId: 'P2', subtree: false }] }))).toEqual(['P1', 'P2']);
    // An ICB named with its subtree: the ICB and all under it, a site through its trust.
    expect(seen(from('AMBER', { organisations: [{ orgId: 'I1', subtree: true }] }))).toEqual([
      'P1',
      'P2',
      'I1',
      'T1',
      'S1',
    ]);
    expect(seen(from('AMBER', { organisations: [{ orgId: 'I1', subtree: false }] }))).toEqual(['P1', 'I1']);
  });

  it('AMBER+STRICT: the producer only; a site is part of its trust', () => {
    expect(seen(from('AMBER+STRICT', { organisations: [{ orgId: 'N', subtree: true }] }))).toEqual(['P1']);
    expect(seen(from('AMBER+STRICT', { producerEntityId: 'T1' }))).toEqual(['T1', 'S1']);
  });

  it('RED: the people named only, not their organisation', () => {
    expect(seen(from('RED'))).toEqual(['P1']);
    expect(maySee(reader('P1', 'someone-else'), from('RED'))).toBe(false);
    expect(maySee({ ...reader(null), full: true }, from('RED'))).toBe(true);
  });
});

describe('indicator values', () => {
  it('writes each kind one way, refanged', () => {
    expect(parseIndicatorValue('hxxps://evil[.]example/login?a=1')).toEqual({
      ok: true,
      type: 'url',
      value: 'https://evil.example/login?a=1',
    });
    expect(parseIndicatorValue('Phish@Evil.Example.')).toEqual({
      ok: true,
      type: 'email',
      value: 'phish@evil.example',
    });
    expect(parseIndicatorValue('2001:DB8:0:0::1')).toEqual({ ok: true, type: 'ipv6', value: '2001:db8::1' });
    expect(parseIndicatorValue('198.51.100.0/24')).toEqual({
      ok: true,
      type: 'ipv4-cidr',
      value: '198.51.100.0/24',
    });
    expect(parseIndicatorValue('D41D8CD98F00B204E9800998ECF8427E')).toEqual({
      ok: true,
      type: 'md5',
      value: 'd41d8cd98f00b204e9800998ecf8427e',
    });
    expect(parseIndicatorValue('Evil.Example')).toEqual({ ok: true, type: 'domain', value: 'evil.example' });
    expect(refang('evil[.]example')).toBe('evil.example');
  });

  it('gives the reason when a value is not its kind', () => {
    expect(parseIndicatorValue('1.2.3.4', 'ipv6')).toEqual({
      ok: false,
      reason: '"1.2.3.4" is not an IPv6 address',
    });
    expect(parseIndicatorValue('abc', 'sha256')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('64 hexadecimal'),
    });
    expect(parseIndicatorValue('not a domain')).toMatchObject({ ok: false });
    expect(parseIndicatorValue('10.1.2.3/8')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('did you mean 10.0.0.0/8'),
    });
    expect(parseIndicatorValue('x', 'hostname')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not one of'),
    });
  });
});

describe('STIX patterns', () => {
  it('writes a pattern per kind and reads the simple ones back', () => {
    expect(stixPattern('ipv4', '203.0.113.5')).toBe("[ipv4-addr:value = '203.0.113.5']");
    expect(stixPattern('ipv4-cidr', '198.51.100.0/24')).toBe("[ipv4-addr:value ISSUBSET '198.51.100.0/24']");
    expect(stixPattern('sha256', 'ab'.repeat(32))).toBe(`[file:hashes.'SHA-256' = '${'ab'.repeat(32)}']`);
    expect(stixPattern('url', "https://x.example/it's")).toBe("[url:value = 'https://x.example/it\\'s']");
    for (const [type, value] of [
      ['url', "https://x.example/it's"],
      ['email', 'phish@evil.example'],
      ['ipv6-cidr', '2001:db8::/32'],
      ['md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ] as const)
      expect(valuesOfPattern(stixPattern(type, value))).toEqual([{ type, value }]);
    expect(
      valuesOfPattern("[domain-name:value = 'a.example' OR domain-name:value = 'b.example']"),
    ).toHaveLength(2);
    expect(
      valuesOfPattern("[ipv4-addr:value = '192.0.2.1'] OR [email-message:from_ref.value = 'x@y.example']"),
    ).toEqual([
      { type: 'ipv4', value: '192.0.2.1' },
      { type: 'email', value: 'x@y.example' },
    ]);
    expect(valuesOfPattern("[file:name = 'a.exe' AND file:size > 10]")).toBeNull();
    expect(
      valuesOfPattern("[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2']"),
    ).toBeNull();
  });
});

describe('warning lists', () => {
  it('flags private ranges, resolvers and common domains (parents included), not the rest', () => {
    expect(warningsFor('ipv4', '10.9.8.7').map((w) => w.id)).toEqual(['reserved-ranges']);
    expect(warningsFor('ipv4', '8.8.8.8').map((w) => w.id)).toEqual(['public-resolvers']);
    expect(warningsFor('ipv6', '2606:4700:4700::1111').map((w) => w.id)).toEqual(['public-resolvers']);
    expect(warningsFor('domain', 'update.microsoft.com').map((w) => w.id)).toEqual(['common-domains']);
    expect(warningsFor('url', 'http://192.168.1.1/x').map((w) => w.id)).toEqual(['reserved-ranges']);
    expect(warningsFor('email', 'someone@nhs.net').map((w) => w.id)).toEqual(['common-domains']);
    expect(warningsFor('domain', 'evil.example')).toEqual([]);
    expect(warningsFor('ipv4', '45.9.148.3')).toEqual([]);
  });
});
