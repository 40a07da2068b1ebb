/**
 * `ward incident` end to end on the embedded engine (the services run on both engines in
 * test/db/incidents.test.ts): a report from a JSON file, a bad file refused with nothing written,
 * the list's deadlines under `--now`, triage, the full report, sharing the sender and an alert.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgCsv } from '../factories/org-csv.factory.js';
import { seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

describe('ward incident', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-incident-'));
  const env: Record<string, string> = { WARD_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  const report = {
    org: 'H85001',
    title: 'Fake invoice e-mail',
    summary: 'A receptionist entered her password on a fake page.',
    category: 'phishing',
    startedAt: '2026-05-04T07:30:00Z',
    detectedAt: '2026-05-04T08:00:00Z',
    personalData: false,
    indicators: [{ value: 'invoices@evil-supplier[.]example', note: 'sender' }],
  };
  beforeAll(async () => {
    seedMigratedDataDir(env.WARD_DATA_DIR as string);
    writeFileSync(join(dir, 'orgs.csv'), orgCsv());
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ ...report, category: 'burglary', assets: ['nope'] }),
    );
    writeFileSync(join(dir, 'broken.json'), '{"org": ');
    expect((await runWard(['org', 'import', join(dir, 'orgs.csv')], env)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad report with every problem and writes nothing', async () => {
    const bad = await runWard(['incident', 'report', '--file', join(dir, 'bad.json')], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(dir, 'bad.json')}: category: "burglary" is not a category`);
    expect(bad.stderr).toContain(`${join(dir, 'bad.json')}: assets: not in H85001's inventory: nope`);
    const noAnswer = await runWard(
      ['incident', 'report', '--org', 'H85001', '--title', 'x', '--summary', 'y', '--category', 'other'],
      env,
    );
    expect(noAnswer.code).toBe(2);
    expect(noAnswer.stderr).toContain('--personal-data: say whether personal data is involved (yes or no)');
    expect(noAnswer.stderr).toContain('--started: "" is not a date and time (ISO 8601)');
    const broken = await runWard(['incident', 'report', '--file', join(dir, 'broken.json')], env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('not a JSON incident report');
    const list = await runWard(['incident', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual([]);
  }, 120_000);

  it('reports, triages, takes the full report, shares the sender and raises an alert', async () => {
    const now = ['--now', '2026-05-04T10:00Z'];
    const reported = await runWard(
      ['incident', 'report', '--file', join(dir, 'report.json'), ...now, '--json'],
      env,
    );
    expect(reported.stderr).toBe('');
    const ref = JSON.parse(reported.stdout).reference as string;
    expect(ref).toBe('INC-2026-000001');
    const triaged = await runWard(
      [
        'incident',
        'triage',
        ref,
        '--severity',
        'high',
        '--lead',
        'duty analyst',
        '--significant',
        'yes',
        ...now,
      ],
      env,
    );
    expect(triaged.stdout).toContain(
      `${ref} triaged: severity high, lead duty analyst, significant (triaged)`,
    );
    const late = await runWard(['incident', 'list', '--now', '2026-05-07T09:00Z'], env);
    expect(late.stdout).toContain('Full report OVERDUE 2026-05-07 08:00 UTC');
    const full = await runWard(
      [
        'incident',
        'update',
        ref,
        '--kind',
        'full_report',
        '--text',
        'No MFA on webmail.',
        '--now',
        '2026-05-06T09:00Z',
      ],
      env,
    );
    expect(full.stdout).toContain(`${ref}: full report added (triaged)`);
    const shared = await runWard(
      ['incident', 'share-indicator', ref, 'invoices@evil-supplier.example', '--tlp', 'green'],
      env,
    );
    expect(shared.stdout).toContain('shared email invoices@evil-supplier.example as TLP:GREEN');
    const alert = await runWard(
      [
        'incident',
        'alert',
        ref,
        '--action',
        'Block the sender.',
        '--target',
        'kind:gp_practice+under:QWE',
        '--json',
      ],
      env,
    );
    const raised = JSON.parse(alert.stdout);
    expect(raised.alert.targets.map((t: { code: string }) => t.code).sort()).toEqual(['H85001', 'H85002']);
    expect(raised.attached).toEqual([
      { type: 'email', value: 'invoices@evil-supplier.example', tlp: 'GREEN' },
    ]);
    const show = await runWard(['incident', 'show', ref, '--now', '2026-05-08T00:00Z'], env);
    expect(show.stdout).toContain('Full report      met');
    expect(show.stdout).toContain(
      'email invoices@evil-supplier.example  TLP:GREEN by X26, 0 organisations saw this',
    );
    expect(show.stdout).toMatch(/X26 {2}cli:\S+ {2}alert: Alert WA-2026-0001 issued to 2 organisations/);
    const help = await runWard(['incident', '--help'], env);
    expect(help.stdout).toContain('full report within 72 h if significant');
  }, 300_000);
});
