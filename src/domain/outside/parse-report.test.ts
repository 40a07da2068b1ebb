import { describe, expect, it } from 'vitest';
import { detectReportFormat, parseReport } from './parse-report.js';
import { RISKY_SERVICES } from './risky-services.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const SHADOWSERVER_RDP = [
  '"timestamp","ip","port","protocol","hostname","tag","asn","geo","region","city","naics","sic","rdp_protocol","device_vendor","device_model","device_version"',
  '"2026-03-09 03:14:07","192.0.2.10","3389","tcp","rdp.example.nhs.uk","rdp","64512","GB","ENGLAND","LONDON","0","0","RDP","Microsoft","Windows Server","2012 R2"',
  '"2026-03-09 03:15:00","2001:DB8:0:0::1","445","tcp","","smb;smbv1","64512","GB","ENGLAND","LONDON","0","0","","","",""',
].join('\n');

describe('external report parsers', () => {
  it('reads a Shadowserver report: UTC timestamps, canonical addresses, tags and the device columns', () => {
    expect(detectReportFormat(SHADOWSERVER_RDP)).toBe('shadowserver');
    const r = parseReport('rdp.csv', SHADOWSERVER_RDP, { now: NOW });
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('shadowserver');
    expect(r.observations).toEqual([
      {
        line: 2,
        at: new Date('2026-03-09T03:14:07Z'),
        ip: { family: 4, value: 0xc000020a },
        address: '192.0.2.10',
        port: 3389,
        protocol: 'tcp',
        hostname: 'rdp.example.nhs.uk',
        asn: 64512,
        geo: 'GB',
        tags: ['rdp'],
        vendor: 'Microsoft',
        product: 'Windows Server',
        version: '2012 R2',
        cpe: null,
      },
      expect.objectContaining({
        line: 3,
        address: '2001:db8::1',
        port: 445,
        tags: ['smb', 'smbv1'],
        vendor: null,
      }),
    ]);
  });

  it('reads the plain CSV and JSON lines, defaulting the protocol to tcp and the time to now', () => {
    const csv = 'ip,port,product,version\n198.51.100.7,443,FortiOS,7.0.12\n';
    expect(detectReportFormat(csv)).toBe('csv');
    const c = parseReport('plain.csv', csv, { now: NOW });
    expect(c.observations).toEqual([
      expect.objectContaining({
        at: NOW,
        address: '198.51.100.7',
        port: 443,
        protocol: 'tcp',
        product: 'FortiOS',
        version: '7.0.12',
      }),
    ]);
    const jsonl =
      '{"timestamp":"2026-03-09T10:00:00+01:00","ip":"198.51.100.8","port":"23","tag":["telnet"]}\n\n{"ip":"198.51.100.9","port":161,"protocol":"UDP"}\n';
    expect(detectReportFormat(jsonl)).toBe('jsonl');
    const j = parseReport('scan.jsonl', jsonl, { now: NOW });
    expect(j.problems).toEqual([]);
    expect(j.observations.map((o) => [o.line, o.at.toISOString(), o.port, o.protocol, o.tags])).toEqual([
      [1, '2026-03-09T09:00:00.000Z', 23, 'tcp', ['telnet']],
      [3, NOW.toISOString(), 161, 'udp', []],
    ]);
  });

  it('reports every bad row with its line and reason, and gives no observations', () => {
    const text = [
      'timestamp,ip,port,protocol,asn,geo',
      '2026-03-09 01:00:00,192.0.2.300,445,tcp,1,GB',
      '2026-03-09 01:00:00,192.0.2.1,70000,tcp,1,GB',
      '2026-02-30 01:00:00,192.0.2.1,445,tcp,1,GB',
      '2026-03-09 01:00:00,192.0.2.1,445,tcp,1',
      '2026-03-09 01:00:00,192.0.2.1,445,icmp,1,GB',
      '2026-04-09 01:00:00,192.0.2.1,445,tcp,1,GB',
      '2026-03-09 01:00:00,192.0.2.2,445,tcp,1,GB',
    ].join('\n');
    const r = parseReport('bad.csv', text, { now: NOW });
    expect(r.observations).toEqual([]);
    expect(r.problems.map((p) => [p.line, p.reason.split(':')[0]])).toEqual([
      [2, 'bad address "192.0.2.300"'],
      [3, 'bad port "70000"'],
      [4, 'bad timestamp "2026-02-30 01'],
      [5, 'wrong columns'],
      [6, 'bad protocol "icmp"'],
      [7, 'bad timestamp "2026-04-09 01'],
    ]);
    expect(r.problems.every((p) => p.file === 'bad.csv')).toBe(true);
  });

  it('names the missing columns of a given layout, and refuses an unknown one', () => {
    const r = parseReport('x.csv', 'ip,port\n192.0.2.1,445\n', { now: NOW, format: 'shadowserver' });
    expect(r.problems).toEqual([
      expect.objectContaining({
        line: 1,
        reason: expect.stringMatching(
          /^missing columns timestamp, protocol, asn, geo for the shadowserver layout/,
        ),
      }),
    ]);
    const u = parseReport('y.csv', 'address,service\n192.0.2.1,smb\n', { now: NOW });
    expect(u.problems).toEqual([
      expect.objectContaining({ line: 1, reason: expect.stringMatching(/^unknown report layout/) }),
    ]);
  });

  it('classifies by tag before port, and leaves other ports to the banner', () => {
    expect(RISKY_SERVICES.classify(445, 'tcp', [])?.kind).toBe('smb');
    expect(RISKY_SERVICES.classify(8443, 'tcp', ['rdp'])?.severity).toBe('high');
    expect(RISKY_SERVICES.classify(623, 'udp', [])?.kind).toBe('ipmi');
    expect(RISKY_SERVICES.classify(623, 'tcp', [])).toBeNull();
    expect(RISKY_SERVICES.classify(443, 'tcp', [])).toBeNull();
  });
});
