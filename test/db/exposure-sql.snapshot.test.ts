/**
 * The SQL of the exposure engine's heavy statements, compiled with Kysely's PostgreSQL compiler
 * and kept in test/db/__sql__, so a change to any of them shows in review as a diff of the SQL
 * itself: the device-by-device hits (alerts read them), the exposed cells and devices' own lists, the staging of
 * findings from component presence and asset by asset, and the findings upsert.
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  sql as raw,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  cellRulesSql,
  cellsSql,
  deviceOwnCvesSql,
} from '../../src/db/repositories/exposure/exposed-cells.sql.js';
import { upsertStagedSql } from '../../src/db/repositories/exposure/finding.repository.js';
import {
  stageByAssetSql,
  stageByPlatformSql,
  stageUnconditionalSql,
} from '../../src/db/repositories/exposure/finding-stage.repository.js';
import { hitsSql } from '../../src/db/repositories/exposure/hits.sql.js';
import type { RefreshSelection } from '../../src/db/repositories/exposure/selection.sql.js';
import type { DB } from '../../src/db/schema.js';

/** Compiles without a connection: the PostgreSQL dialect with a driver that never connects. */
const postgres = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

function compiled(statement: RawBuilder<unknown>): string {
  const { sql, parameters } = statement.compile(postgres);
  const text = sql
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  return `${text};\n-- parameters: ${JSON.stringify(parameters)}\n`;
}

const ORGS: RefreshSelection = { kind: 'orgs', orgIds: ['00000000-0000-4000-8000-000000000001'] };
const CVES: RefreshSelection = { kind: 'cves', cveIds: ['CVE-2017-0144', 'CVE-2017-0145'] };

const STATEMENTS: Record<string, () => RawBuilder<unknown>> = {
  'hits-by-cves': () => hitsSql(CVES, raw``, 'single'),
  'hits-by-orgs': () => hitsSql(ORGS, raw``, 'single'),
  'exposed-cells-by-cves': () => cellsSql(CVES),
  'exposed-cell-rules-by-cves': () => cellRulesSql(CVES),
  'device-own-cves-all': () => deviceOwnCvesSql({ kind: 'all' }, 'single'),
  'device-own-cves-all-distributed': () => deviceOwnCvesSql({ kind: 'all' }, 'distributed'),
  'stage-unconditional-by-orgs': () => stageUnconditionalSql(ORGS),
  'stage-by-platform-by-cves': () => stageByPlatformSql(CVES),
  'stage-by-asset': () => stageByAssetSql(),
  'findings-upsert': () => upsertStagedSql(),
};

describe('the SQL of the exposure engine', () => {
  for (const [name, statement] of Object.entries(STATEMENTS)) {
    it(`${name} compiles as recorded`, async () => {
      await expect(compiled(statement())).toMatchFileSnapshot(`./__sql__/${name}.sql`);
    });
  }

  it('narrows a selection by binding its ids, never by writing them into the text', () => {
    const { sql, parameters } = hitsSql(CVES, raw``, 'single').compile(postgres);
    expect(parameters).toEqual(['CVE-2017-0144', 'CVE-2017-0145']);
    expect(sql).toContain('"cm"."cve_id" IN ($1, $2)');
    expect(sql).not.toContain('CVE-2017');
  });
});
