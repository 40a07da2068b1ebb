/**
 * Kysely driver for embedded PGlite. PGlite is one connection, so the driver hands it out to one
 * user at a time (a transaction holds it until commit) and queues the others.
 */
import type { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { COPY_FROM_STDIN } from '../copy.js';

/** COPY payloads are sent to PGlite in blobs of about this many characters. */
const COPY_BLOB_CHARS = 16 << 20;

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (COPY_FROM_STDIN.test(query.sql)) return this.copy(query) as Promise<QueryResult<R>>;
    const result = await this.pg.query<R>(query.sql, [...query.parameters]);
    const affected = result.affectedRows === undefined ? undefined : BigInt(result.affectedRows);
    return { rows: result.rows, numAffectedRows: affected };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(query);
  }

  private async copy(query: CompiledQuery): Promise<QueryResult<never>> {
    const statement = query.sql.replace(/FROM\s+STDIN$/i, "FROM '/dev/blob'");
    const chunks = query.parameters[0] as AsyncIterable<string>;
    let pending: string[] = [];
    let size = 0;
    let total = 0;
    const flush = async () => {
      if (size === 0) return;
      const result = await this.pg.query(statement, [], { blob: new Blob(pending) });
      total += result.affectedRows ?? 0;
      pending = [];
      size = 0;
    };
    for await (const chunk of chunks) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= COPY_BLOB_CHARS) await flush();
    }
    await flush();
    return { rows: [], numAffectedRows: BigInt(total) };
  }
}

export class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  constructor(private readonly pg: PGlite) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
    return this.connection;
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('BEGIN'));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.queue;
    if (!this.pg.closed) await this.pg.close();
  }
}
