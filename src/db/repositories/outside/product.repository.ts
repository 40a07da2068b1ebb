/**
 * The products register: writing the shipped defaults and an import, reading entries for people,
 * and the end-of-life keys the baseline's evidence counts.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { ProductEntry, ProductStatus, ProductStatusKind } from '../../../domain/outside/product.js';
import type { DB } from '../../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;

const statusRow = (p: ProductEntry, s: ProductStatus, shipped: boolean, by: string, now: Date) => ({
  product_key: p.key,
  status: s.status,
  use: s.use,
  standard: s.standard,
  certificate_ref: s.certificateRef,
  certified_on: s.certifiedOn,
  expires_on: s.expiresOn,
  end_of_life: s.endOfLife,
  source: s.source,
  shipped,
  updated_at: now,
  updated_by: by,
});

const productRow = (p: ProductEntry, shipped: boolean, by: string, now: Date) => ({
  key: p.key,
  name: p.name,
  vendor: p.vendor,
  category: p.category,
  notes: p.notes,
  shipped,
  updated_at: now,
  updated_by: by,
});

/**
 * Brings the shipped rows up to the shipped list: adds what is missing, updates shipped rows that
 * differ, removes shipped statuses the list no longer has. A row a national admin wrote
 * (`shipped` false) is never touched, and a product a national admin imported gets no shipped
 * status back. Writes nothing when the database already agrees.
 */
export async function syncShippedProducts(db: Executor, shipped: readonly ProductEntry[]): Promise<void> {
  if (shipped.length === 0) return;
  const now = new Date();
  await db
    .insertInto('products')
    .values(shipped.map((p) => productRow(p, true, 'ward', now)))
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          vendor: eb.ref('excluded.vendor'),
          category: eb.ref('excluded.category'),
          notes: eb.ref('excluded.notes'),
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where(
          sql<boolean>`products.shipped AND (products.name, products.vendor, products.category, products.notes) IS DISTINCT FROM (excluded.name, excluded.vendor, excluded.category, excluded.notes)`,
        ),
    )
    .execute();
  // A product the national body imported is its own, statuses and all: nothing shipped is added to it.
  const owned = new Set(
    (
      await db
        .selectFrom('products')
        .select('key')
        .where('shipped', '=', false)
        .where(
          'key',
          'in',
          shipped.map((p) => p.key),
        )
        .execute()
    ).map((r) => r.key),
  );
  const rows = shipped
    .filter((p) => !owned.has(p.key))
    .flatMap((p) => p.statuses.map((s) => statusRow(p, s, true, 'ward', now)));
  const wanted = rows.map((r) => `${r.product_key}|${r.status}|${r.use}`);
  await db
    .deleteFrom('product_statuses')
    .where('shipped', '=', true)
    .where(
      sql<boolean>`product_key || '|' || status || '|' || use NOT IN (${sql.join(wanted.length > 0 ? wanted : [''])})`,
    )
    .execute();
  if (rows.length === 0) return;
  await db
    .insertInto('product_statuses')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['product_key', 'status', 'use'])
        .doUpdateSet((eb) => ({
          standard: eb.ref('excluded.standard'),
          certificate_ref: eb.ref('excluded.certificate_ref'),
          certified_on: eb.ref('excluded.certified_on'),
          expires_on: eb.ref('excluded.expires_on'),
          end_of_life: eb.ref('excluded.end_of_life'),
          source: eb.ref('excluded.source'),
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where(
          sql<boolean>`product_statuses.shipped AND (product_statuses.standard, product_statuses.certificate_ref, product_statuses.certified_on, product_statuses.expires_on, product_statuses.end_of_life, product_statuses.source) IS DISTINCT FROM (excluded.standard, excluded.certificate_ref, excluded.certified_on, excluded.expires_on, excluded.end_of_life, excluded.source)`,
        ),
    )
    .execute();
}

/**
 * Writes imported entries as a national admin's own rows: each product named takes the name,
 * vendor, category and notes given, and exactly the statuses given (its others are removed).
 */
export async function replaceProducts(
  trx: Transaction<DB>,
  entries: readonly ProductEntry[],
  by: string,
  now: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('products')
    .values(entries.map((p) => productRow(p, false, by, now)))
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        vendor: eb.ref('excluded.vendor'),
        category: eb.ref('excluded.category'),
        notes: eb.ref('excluded.notes'),
        shipped: false,
        updated_at: eb.ref('excluded.updated_at'),
        updated_by: eb.ref('excluded.updated_by'),
      })),
    )
    .execute();
  await trx
    .deleteFrom('product_statuses')
    .where(
      'product_key',
      'in',
      entries.map((p) => p.key),
    )
    .execute();
  await trx
    .insertInto('product_statuses')
    .values(entries.flatMap((p) => p.statuses.map((s) => statusRow(p, s, false, by, now))))
    .execute();
}

export interface ProductFilter {
  status?: ProductStatusKind;
  category?: string;
  /** Words each found in the key, name, vendor or category (case-insensitive). */
  search?: string;
  keys?: readonly string[];
}

/** Register entries, by category then name, with their statuses. */
export async function listProducts(
  db: Executor,
  filter: ProductFilter = {},
): Promise<(ProductEntry & { shipped: boolean })[]> {
  let q = db.selectFrom('products as p').selectAll('p');
  if (filter.category) q = q.where('p.category', '=', filter.category);
  if (filter.keys)
    q = filter.keys.length === 0 ? q.where(sql<boolean>`false`) : q.where('p.key', 'in', filter.keys);
  if (filter.status) {
    const status = filter.status;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('product_statuses as s')
          .select('s.product_key')
          .whereRef('s.product_key', '=', 'p.key')
          .where('s.status', '=', status),
      ),
    );
  }
  for (const word of (filter.search ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(
      sql<boolean>`lower(p.key || ' ' || p.name || ' ' || p.vendor || ' ' || p.category) LIKE ${like}`,
    );
  }
  const products = await q.orderBy('p.category').orderBy('p.name').orderBy('p.key').execute();
  if (products.length === 0) return [];
  const statuses = await db
    .selectFrom('product_statuses')
    .selectAll()
    .where(
      'product_key',
      'in',
      products.map((p) => p.key),
    )
    .orderBy('status')
    .orderBy('use')
    .execute();
  const byKey = new Map<string, ProductStatus[]>();
  for (const s of statuses) {
    const list = byKey.get(s.product_key) ?? [];
    list.push({
      status: s.status,
      use: s.use,
      standard: s.standard,
      certificateRef: s.certificate_ref,
      certifiedOn: s.certified_on,
      expiresOn: s.expires_on,
      endOfLife: s.end_of_life,
      source: s.source,
    });
    byKey.set(s.product_key, list);
  }
  return products.map((p) => ({
    key: p.key,
    name: p.name,
    vendor: p.vendor,
    category: p.category,
    notes: p.notes,
    shipped: p.shipped,
    statuses: byKey.get(p.key) ?? [],
  }));
}

/** A product whose support ended before `day` (YYYY-MM-DD). */
export interface EndOfLifeProduct {
  key: string;
  name: string;
  endOfSupport: string;
  source: string | null;
}

/** The register's products past end of life on `day`: what the baseline counts as unsupported. */
export async function endOfLifeBefore(db: Executor, day: string): Promise<EndOfLifeProduct[]> {
  const rows = await db
    .selectFrom('product_statuses as s')
    .innerJoin('products as p', 'p.key', 's.product_key')
    .select(['p.key', 'p.name', 's.end_of_life', 's.source'])
    .where('s.status', '=', 'end-of-life')
    .where('s.end_of_life', '<', day)
    .orderBy('p.key')
    .execute();
  const seen = new Map<string, EndOfLifeProduct>();
  for (const r of rows)
    if (!seen.has(r.key))
      seen.set(r.key, { key: r.key, name: r.name, endOfSupport: r.end_of_life as string, source: r.source });
  return [...seen.values()];
}
