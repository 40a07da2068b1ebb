import { describe, expect, it } from 'vitest';
import { ZONE } from '../sim/federation.js';
import { cidrSize, parseNetworkCsv } from './network-csv.js';
import { zoneFlags } from './reachability.js';

const HEADER = 'kind,name,cidr,size,egress,segment,from,to,protocol,port,action';

describe('network CSV', () => {
  it('reads zones and ordered rules, with sizes from CIDR blocks', () => {
    const parsed = parseNetworkCsv(
      'net.csv',
      [
        HEADER,
        'rule,,,,,,internet,*,tcp,445,deny',
        'zone,office,10.0.0.0/23,,direct,office,,,,,',
        'zone,imaging,,120,proxy,clinical,,,,,',
        'rule,,,,,,wan,office,tcp,445,allow',
      ].join('\n'),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.zones.map((z) => [z.name, z.size, z.egress, z.segment])).toEqual([
      ['office', 512, 'direct', 'office'],
      ['imaging', 120, 'proxy', 'clinical'],
    ]);
    expect(parsed.rules.map((r) => [r.position, r.from, r.to, r.port, r.action])).toEqual([
      [1, 'internet', '*', 445, 'deny'],
      [2, 'wan', 'office', 445, 'allow'],
    ]);
    expect(cidrSize('10.1.4.0/24')).toBe(256);
    expect(cidrSize('10.1.4.0/33')).toBeNull();
  });

  it('reports every bad line with its number and reason', () => {
    const parsed = parseNetworkCsv(
      'net.csv',
      [
        HEADER,
        'zone,office,10.0.0/24,,direct,office,,,,,',
        'zone,office,,10,sideways,office,,,,,',
        'rule,,,,,,internet,lab,tcp,99999,allow',
        'router,,,,,,,,,,',
      ].join('\n'),
    );
    expect(parsed.problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '2: cidr "10.0.0/24" is not an IPv4 block like 10.1.4.0/24',
      '2: give a cidr or a size (a whole number of addresses, at least 1)',
      '3: zone name office is used twice',
      '3: egress must be one of direct, proxy, none, got "sideways"',
      '4: port must be 1–65535 or empty for any, got "99999"',
      '5: kind must be zone, rule or service, got "router"',
    ]);
  });

  it('evaluates rules into reachability flags, first match winning, flat inside by default', () => {
    const zones = [
      { name: 'office', egress: 'direct' as const, segment: 'office' as const },
      { name: 'imaging', egress: 'proxy' as const, segment: 'clinical' as const },
    ];
    const rules = [
      { from: 'office', to: 'imaging', protocol: 'tcp' as const, port: 445, action: 'deny' as const },
      { from: 'wan', to: 'office', protocol: 'tcp' as const, port: null, action: 'allow' as const },
      { from: 'wan', to: '*', protocol: 'tcp' as const, port: 445, action: 'allow' as const },
      { from: '*', to: 'internet', protocol: 'any' as const, port: 445, action: 'deny' as const },
    ];
    const [office, imaging] = zoneFlags(zones, rules, 445) as [number, number];
    expect(office & ZONE.WAN_IN).toBeTruthy();
    expect(office & ZONE.INTERNET_IN).toBe(0);
    expect(office & ZONE.DIRECT_EGRESS).toBeTruthy();
    expect(office & ZONE.INTERNET_OUT).toBe(0);
    expect(office & ZONE.ORG_IN).toBeTruthy(); // imaging → office falls through to the flat default
    expect(imaging & ZONE.ORG_IN).toBe(0); // the only other zone is denied
    expect(imaging & ZONE.WAN_IN).toBeTruthy();
    expect(imaging & ZONE.CLINICAL).toBeTruthy();
    expect(imaging & ZONE.WAN_OUT).toBeTruthy();
  });

  it('reads shared services: provider, consumers by code or children:CODE, this organisation by default', () => {
    const parsed = parseNetworkCsv(
      'net.csv',
      [
        `${HEADER},provider,consumers`,
        'zone,office,,40,proxy,office,,,,,,,',
        'service,PAS,,,,,,,,,,,h85001; H85002 children:qwe',
        'service,Pathology,,,,,,,,,,RAL,',
      ].join('\n'),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.services).toEqual([
      {
        line: 3,
        name: 'PAS',
        provider: null,
        consumers: [
          { code: 'H85001', children: false },
          { code: 'H85002', children: false },
          { code: 'QWE', children: true },
        ],
      },
      { line: 4, name: 'Pathology', provider: 'RAL', consumers: [] },
    ]);
  });

  it('reports bad service rows with their line', () => {
    const parsed = parseNetworkCsv(
      'net.csv',
      [
        `${HEADER},provider,consumers`,
        'service,,,,,,,,,,,,H85001',
        'service,PAS,,,,,,,,,,R-J7,H85001;children:;H85001',
        'service,EPR,,,,,,,,,,,H85001',
        'service,epr,,,,,,,,,,,H85002',
      ].join('\n'),
    );
    expect(parsed.problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '2: service name "" must be 1–80 letters, digits, spaces or _ . & ( ) / -',
      '3: provider "R-J7" is not an organisation code',
      '3: consumer "children:" is not an organisation code or children:CODE',
      '3: consumer H85001 is named twice',
      '5: service epr of this organisation is declared twice',
    ]);
    const noColumns = parseNetworkCsv('net.csv', `${HEADER}\nservice,PAS,,,,,,,,,`);
    expect(noColumns.problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '2: a service row needs the columns provider, consumers in the header',
    ]);
  });
});
