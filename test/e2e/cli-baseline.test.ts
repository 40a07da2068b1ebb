import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from '../factories/evidence-file.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

const SHIPPED = fileURLToPath(new URL('../../fixtures/baseline/', import.meta.url));

describe('ward baseline and training commands [pglite]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-baseline-'));
  const env: Record<string, string> = { WARD_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  beforeAll(async () => {
    seedMigratedDataDir(env.WARD_DATA_DIR as string);
    writeFileSync(join(dir, 'orgs.csv'), orgCsv());
    const bad = JSON.parse(readFileSync(`${SHIPPED}caf-3.2-e.json`, 'utf8'));
    bad.id = 'broken';
    bad.objectives[0].principles[0].outcomes[1].id = 'A1.a';
    bad.objectives[1].principles[0].outcomes[0].levels = ['Not achieved', 'Mostly achieved'];
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad, null, 2));
    expect((await runWard(['org', 'import', join(dir, 'orgs.csv')], env)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the shipped frameworks and default profiles, and says the profile is a default', async () => {
    const imported = await runWard(['baseline', 'framework', 'import', '--json'], env);
    expect(JSON.parse(imported.stdout).frameworks.map((f: { outcomes: number }) => f.outcomes)).toEqual([
      47, 49,
    ]);
    const profile = await runWard(
      ['baseline', 'profile', 'show', '--year', '2025', '--kind', 'pharmacy'],
      env,
    );
    expect(profile.stdout).toContain("Ward's default profile: a starting point");
  }, 120_000);

  it('rejects a bad framework file with every problem as FILE:LINE and exit 2, importing nothing', async () => {
    const bad = join(dir, 'bad.json');
    const run = await runWard(['baseline', 'framework', 'import', bad], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${bad}:\\d+: duplicate outcome id A1.a`));
    expect(run.stderr).toMatch(new RegExp(`${bad}:\\d+: .*unknown level "Mostly achieved"`));
    const list = await runWard(['baseline', 'framework', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).map((f: { id: string }) => f.id)).toEqual(['caf-3.2-e', 'caf-4.0-e']);
  }, 120_000);

  it('answers, refuses an incomplete submission with the outcomes named, and tells the user how to add an action', async () => {
    const set = await runWard(
      ['baseline', 'set', '--org', 'FA123', '--year', '2025', '--outcome', 'B4.d', '--level', 'na', '--json'],
      env,
    );
    expect(JSON.parse(set.stdout).outcomes.find((o: { id: string }) => o.id === 'B4.d')).toMatchObject({
      level: 'Not achieved',
      standing: 'one_short',
    });
    const refused = await runWard(
      ['baseline', 'set', '--org', 'FA123', '--year', '2025', '--outcome', 'A3.a', '--level', 'pa'],
      env,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('outcome A3.a does not allow "Partially achieved"');
    const submit = await runWard(['baseline', 'submit', '--org', 'FA123', '--year', '2025'], env);
    expect(submit.code).toBe(2);
    expect(submit.stderr).toContain('not answered: A1.b, A3.a');
  }, 120_000);

  it('imports training records and shows the figure beside B6.b', async () => {
    writeFileSync(
      join(dir, 'training.csv'),
      'org_code,staff,trained_last_12_months,as_of\nFA123,8,6,2026-03-31\n',
    );
    expect((await runWard(['training', 'import', join(dir, 'training.csv')], env)).code).toBe(0);
    const show = await runWard(['baseline', 'show', '--org', 'FA123', '--year', '2025', '--json'], env);
    const b6b = JSON.parse(show.stdout).outcomes.find((o: { id: string }) => o.id === 'B6.b');
    expect(b6b.evidence).toEqual([
      expect.objectContaining({ rule: 'training', figure: 75, suggestedLevel: 'Not achieved' }),
    ]);
  }, 120_000);

  it('attaches evidence files to an outcome, refusing a mislabelled one with its reason and attaching nothing', async () => {
    writeFileSync(join(dir, 'backup-test.txt'), 'Restore of the pharmacy system tested on 2026-03-01.\n');
    writeFileSync(join(dir, 'screenshot.pdf'), PNG);
    const refused = await runWard(
      [
        'baseline',
        'evidence',
        'attach',
        '--org',
        'FA123',
        '--year',
        '2025',
        '--outcome',
        'B4.d',
        join(dir, 'backup-test.txt'),
        join(dir, 'screenshot.pdf'),
      ],
      env,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'screenshot.pdf: the content is a PNG image but the name ends .pdf (expected .png)',
    );
    const none = await runWard(
      ['baseline', 'evidence', 'list', '--org', 'FA123', '--year', '2025', '--json'],
      env,
    );
    expect(JSON.parse(none.stdout)).toEqual([]);

    const attached = await runWard(
      [
        'baseline',
        'evidence',
        'attach',
        '--org',
        'FA123',
        '--year',
        '2025',
        '--outcome',
        'B4.d',
        join(dir, 'backup-test.txt'),
      ],
      env,
    );
    expect(attached.code, attached.stderr).toBe(0);
    expect(attached.stdout).toMatch(
      /^backup-test\.txt: attached to B4\.d of FA123 \(text\/plain, 53 bytes, sha256 [0-9a-f]{64}\)/,
    );
    const show = await runWard(['baseline', 'show', '--org', 'FA123', '--year', '2025', '--json'], env);
    const b4d = JSON.parse(show.stdout).outcomes.find((o: { id: string }) => o.id === 'B4.d');
    expect(b4d.files).toEqual([
      expect.objectContaining({ name: 'backup-test.txt', type: 'text/plain', size: 53 }),
    ]);
  }, 120_000);

  it('shows the year-on-year trend and organisations not started in the summary', async () => {
    const json = await runWard(['baseline', 'summary', '--org', 'QWE', '--year', '2025', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary.trend).toMatchObject({ year: 2025, previousYear: null, rule: expect.any(String) });
    expect(summary.trend.overall.previousShare).toBeNull();
    // FA123 has a draft; QWE, RJ7, H85001 and H85002 have not started and still have heat-map rows.
    expect(summary.children.map((c: { code: string }) => c.code)).toEqual([
      'FA123',
      'H85001',
      'H85002',
      'RJ7',
    ]);
    expect(summary.children.find((c: { code: string }) => c.code === 'RJ7')).toMatchObject({ notStarted: 1 });
    const human = await runWard(['baseline', 'summary', '--org', 'QWE', '--year', '2025'], env);
    expect(human.stdout).toMatch(
      /meeting profile: [\d.]+% of answers \(no earlier published year to compare\)/,
    );
  }, 120_000);
});
