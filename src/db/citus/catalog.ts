/**
 * The facts about Ward's tables that decide whether Citus can place them: columns, unique keys
 * (primary keys, unique constraints and unique indexes) and foreign keys, read from PostgreSQL's
 * catalog (the same on PGlite, PostgreSQL and a Citus coordinator).
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.js';

export interface TableFacts {
  name: string;
  /** Columns that may not be null. */
  notNull: string[];
  columns: string[];
  /** Each unique key's columns; null stands for an expression. */
  uniqueKeys: { name: string; columns: (string | null)[] }[];
  foreignKeys: { name: string; columns: string[]; references: string; referencedColumns: string[] }[];
}

interface ColumnRow {
  table: string;
  column: string;
  not_null: boolean;
}
interface KeyRow {
  table: string;
  name: string;
  columns: (string | null)[];
}
interface ForeignKeyRow {
  table: string;
  name: string;
  columns: string[];
  references: string;
  referenced_columns: string[];
}

/** Every ordinary table in the public schema with its columns and keys, by name. */
export async function readTableFacts(db: Kysely<DB>): Promise<TableFacts[]> {
  const columns = await sql<ColumnRow>`
    SELECT c.relname AS table, a.attname AS column, a.attnotnull AS not_null
    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`.execute(db);
  const keys = await sql<KeyRow>`
    SELECT c.relname AS table, ic.relname AS name,
      ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum > 0
            ORDER BY k.n) AS columns
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND i.indisunique
    ORDER BY 1, 2`.execute(db);
  const foreignKeys = await sql<ForeignKeyRow>`
    SELECT c.relname AS table, k.conname AS name, r.relname AS references,
      ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, n)
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.n) AS columns,
      ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(attnum, n)
            JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.n) AS referenced_columns
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
    WHERE k.contype = 'f' AND c.relnamespace = 'public'::regnamespace
    ORDER BY 1, 2`.execute(db);
  const tables = new Map<string, TableFacts>();
  for (const row of columns.rows) {
    let table = tables.get(row.table);
    if (!table) {
      table = { name: row.table, notNull: [], columns: [], uniqueKeys: [], foreignKeys: [] };
      tables.set(row.table, table);
    }
    table.columns.push(row.column);
    if (row.not_null) table.notNull.push(row.column);
  }
  for (const row of keys.rows)
    tables.get(row.table)?.uniqueKeys.push({ name: row.name, columns: row.columns });
  for (const row of foreignKeys.rows) {
    tables.get(row.table)?.foreignKeys.push({
      name: row.name,
      columns: row.columns,
      references: row.references,
      referencedColumns: row.referenced_columns,
    });
  }
  return [...tables.values()];
}
