import { describe, expect, it } from 'vitest';
import { parseContactCsv } from './contact-csv.js';

describe('contacts CSV', () => {
  it('reads valid rows with normalised codes, addresses and digest flags', () => {
    const r = parseContactCsv(
      'c.csv',
      'org_code,name,email,role,channel,digest\nh85001,Jane Smith,Jane.Smith@Example.NHS.UK,practice manager,email,yes\nRJ7,SOC,soc@rj7.example,security lead,webhook,false\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 2,
        orgCode: 'H85001',
        name: 'Jane Smith',
        email: 'jane.smith@example.nhs.uk',
        role: 'practice manager',
        channel: 'email',
        digest: true,
        webhookUrl: null,
        webhookSecret: null,
      },
      {
        line: 3,
        orgCode: 'RJ7',
        name: 'SOC',
        email: 'soc@rj7.example',
        role: 'security lead',
        channel: 'webhook',
        digest: false,
        webhookUrl: null,
        webhookSecret: null,
      },
    ]);
    expect(r.webhookColumns).toBe(false);
  });

  it("reads a webhook contact's own endpoint and secret from the optional columns", () => {
    const r = parseContactCsv(
      'c.csv',
      'org_code,name,email,role,channel,digest,webhook_url,webhook_secret\n' +
        'RJ7,SOC,soc@rj7.example,security lead,webhook,false,https://soc.rj7.example/ward,rj7-soc-signing-secret\n' +
        'RJ7,Relay,relay@rj7.example,IT lead,webhook,false,http://127.0.0.1:9000/ward,\n' +
        'RJ7,Desk,desk@rj7.example,IT lead,webhook,false,,\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.webhookColumns).toBe(true);
    expect(r.rows.map((c) => [c.email, c.webhookUrl, c.webhookSecret])).toEqual([
      ['soc@rj7.example', 'https://soc.rj7.example/ward', 'rj7-soc-signing-secret'],
      ['relay@rj7.example', 'http://127.0.0.1:9000/ward', null],
      ['desk@rj7.example', null, null],
    ]);
  });

  it('reports every bad row with its line', () => {
    const r = parseContactCsv(
      'c.csv',
      'org_code,name,email,role,channel,digest\n,A,a@b.example,r,email,no\nX1,B,not-an-address,r,fax,maybe\nX1,C,c@d.example,r,email,no\nX1,C2,C@d.example,r,email,no\n',
    );
    expect(r.problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      '2: empty org_code',
      '3: not an e-mail address: "not-an-address"',
      '3: unknown channel "fax" (expected email or webhook)',
      '3: digest must be true or false, got "maybe"',
      '5: c@d.example is already listed for X1 by email (line 4)',
    ]);
    expect(parseContactCsv('c.csv', 'org,name\n').problems[0]?.reason).toContain(
      'missing columns org_code, email',
    );
  });
});
