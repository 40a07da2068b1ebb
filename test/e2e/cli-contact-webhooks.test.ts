import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgCsv } from '../factories/org-csv.factory.js';
import { seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

/** `ward contact import` and `ward contact list` with contacts' own webhook endpoints. */
describe('ward contact with webhook endpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-contact-'));
  const env = { WARD_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', WARD_NOTIFY_INTERVAL: '0' };
  const ward = (args: string[]) => runWard(args, env);

  beforeAll(async () => {
    seedMigratedDataDir(env.WARD_DATA_DIR);
    writeFileSync(join(dir, 'orgs.csv'), orgCsv());
    writeFileSync(
      join(dir, 'contacts.csv'),
      'org_code,name,email,role,channel,digest,webhook_url,webhook_secret\n' +
        'Y56,London SOC,soc@london-region.example,security lead,webhook,false,https://soc.london.example/ward,london-soc-signing-secret\n' +
        'RJ7,St George SOC,soc@stgeorges.example,security lead,webhook,false,,\n' +
        'RJ7,Sam Patel,sam@stgeorges.example,security lead,email,false,,\n',
    );
    writeFileSync(
      join(dir, 'bad.csv'),
      'org_code,name,email,role,channel,digest,webhook_url\n' +
        'RJ7,St George SOC,soc@stgeorges.example,security lead,webhook,false,http://soc.stgeorges.example/ward\n',
    );
    expect((await ward(['org', 'import', join(dir, 'orgs.csv')])).code).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the endpoints and lists them, never the secret', async () => {
    expect((await ward(['contact', 'import', join(dir, 'contacts.csv')])).code).toBe(0);
    const human = await ward(['contact', 'list']);
    expect(human.code).toBe(0);
    const lines = human.stdout.split('\n');
    expect(lines[0]).toMatch(/webhook\s*$/);
    expect(lines.find((l) => l.includes('soc@london-region.example'))).toMatch(
      /https:\/\/soc\.london\.example\/ward \(own secret\)\s*$/,
    );
    expect(lines.find((l) => l.includes('soc@stgeorges.example'))).toMatch(/WARD_WEBHOOK_URL\s*$/);
    expect(lines.find((l) => l.includes('sam@stgeorges.example'))).toMatch(/email\s+no\s*$/);
    expect(human.stdout).not.toContain('london-soc-signing-secret');
    const json: { email: string; webhookUrl: string | null; ownSecret: boolean }[] = JSON.parse(
      (await ward(['contact', 'list', '--org', 'Y56', '--json'])).stdout,
    );
    expect(json.map((c) => [c.email, c.webhookUrl, c.ownSecret])).toEqual([
      ['sam@stgeorges.example', null, false],
      ['soc@stgeorges.example', null, false],
      ['soc@london-region.example', 'https://soc.london.example/ward', true],
    ]);
  }, 60_000);

  it('refuses a plain-http endpoint off this machine, naming file and line', async () => {
    const bad = await ward(['contact', 'import', join(dir, 'bad.csv')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(
      'bad.csv:2: a webhook URL must use https (plain http only to localhost), got "http://soc.stgeorges.example/ward"',
    );
  }, 60_000);
});
