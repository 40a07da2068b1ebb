import { describe, expect, it } from 'vitest';
import { parseAddressCsv, parseDomain } from './address-csv.js';

describe('the addresses CSV', () => {
  it('gives canonical rows: ranges as PostgreSQL prints them, one address as /32 or /128, domains lower-case ASCII', () => {
    const { rows, problems } = parseAddressCsv(
      'a.csv',
      'ORG_CODE,Kind,Value\nrj7,RANGE,10.1.0.0/16\nRJ7,range,2001:DB8:0:0::/48\nRJ7,range,192.0.2.7\nRJ7,range,2001:db8::1\nRJ7,domain,Example.NHS.UK.\nRJ7,domain,bücher.example\n',
    );
    expect(problems).toEqual([]);
    expect(rows.map((r) => `${r.line} ${r.orgCode} ${r.kind} ${r.value}`)).toEqual([
      '2 RJ7 range 10.1.0.0/16',
      '3 RJ7 range 2001:db8::/48',
      '4 RJ7 range 192.0.2.7/32',
      '5 RJ7 range 2001:db8::1/128',
      '6 RJ7 domain example.nhs.uk',
      '7 RJ7 domain xn--bcher-kva.example',
    ]);
  });

  it('reports every bad row with its line; a duplicate after canonical form is a duplicate', () => {
    const { rows, problems } = parseAddressCsv(
      'a.csv',
      'org_code,kind,value\n,range,10.0.0.0/8\nRJ7,range,10.0.0.0/8\nRJ7,range,10.0.0.0/08\nRJ7,range,10.0.0.1/8\nRJ7,domain,-bad.example\nRJ7,domain,10.0.0.1\n',
    );
    expect(rows).toHaveLength(1);
    expect(problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '2: empty org_code',
      '4: duplicate: RJ7 range 10.0.0.0/8 is already on line 3',
      '5: "10.0.0.1/8" has bits set right of the mask; did you mean 10.0.0.0/8?',
      '6: "-bad.example" is not a domain name (label "-bad": letters, digits and inner hyphens, 1–63 long)',
      '7: "10.0.0.1" is not a domain name (an address belongs in a range row)',
    ]);
  });

  it('refuses domain text with a scheme, path, wildcard or a label too long', () => {
    for (const text of [
      'http://a.example',
      'a.example/x',
      '*.a.example',
      `${'a'.repeat(64)}.example`,
      'a..example',
    ])
      expect(parseDomain(text).ok, text).toBe(false);
    expect(parseDomain('nhs.uk')).toEqual({ ok: true, domain: 'nhs.uk' });
  });
});
