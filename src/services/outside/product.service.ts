/**
 * The products register as people use it: everyone signed in reads it; national admins import it
 * (all or nothing, every problem listed). An import that changes an end-of-life entry recomputes
 * the baseline's evidence in the same transaction, since the baseline counts the register.
 */
import type { Database } from '../../db/connect.js';
import { listProducts, replaceProducts } from '../../db/repositories/outside/product.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { type ProductEntry, type ProductStatusKind, productKey } from '../../domain/outside/product.js';
import { checkProductsCsv } from '../../domain/outside/product-csv.js';
import { InvalidInputError, invalidFields, NotFoundError } from '../../errors.js';
import { requireNational } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { computeEvidence } from '../baseline/evidence.service.js';
import { type Incoming, receive, type TextFile } from '../incoming.js';

export type RegisterEntry = ProductEntry & { shipped: boolean };

export interface ProductsImportResult {
  file: string;
  products: number;
  statuses: number;
  /** Products the register did not have before. */
  added: number;
  /** Whether the baseline's evidence was recomputed (an end-of-life entry changed). */
  evidenceRecomputed: boolean;
}

/** Imports a register CSV: each product named takes exactly the statuses the file gives it. National admins only. */
export async function importProducts(
  database: Database,
  actor: Actor,
  incoming: Incoming<TextFile>,
  now: Date = new Date(),
): Promise<ProductsImportResult> {
  requireNational(actor, 'admin', 'maintain the products register');
  const { name: file, text } = await receive(incoming);
  const check = checkProductsCsv(file, text);
  if (check.problems.length > 0)
    throw new InvalidInputError(
      `${file}: ${check.problems.length} problem(s), nothing imported`,
      check.problems,
    );
  const keys = check.entries.map((e) => e.key);
  return database.db.transaction().execute(async (trx) => {
    const before = await listProducts(trx, { keys });
    await replaceProducts(trx, check.entries, actor.label, now);
    await audit(trx, actor, null, 'product.import', before, check.entries, file);
    const endOfLife = (list: readonly ProductEntry[]) =>
      list.some((p) => p.statuses.some((s) => s.status === 'end-of-life'));
    const recompute = endOfLife(before) || endOfLife(check.entries);
    if (recompute) await computeEvidence(trx, { all: true }, now);
    return {
      file,
      products: check.entries.length,
      statuses: check.entries.reduce((n, e) => n + e.statuses.length, 0),
      added: check.entries.length - before.length,
      evidenceRecomputed: recompute,
    };
  });
}

export interface ProductListOptions {
  status?: ProductStatusKind;
  category?: string;
  search?: string;
}

/** The register, filtered (every signed-in user may read it). */
export async function listRegister(
  database: Database,
  _actor: Actor,
  options: ProductListOptions = {},
): Promise<RegisterEntry[]> {
  return listProducts(database.db, {
    status: options.status,
    category: options.category?.toLowerCase(),
    search: options.search,
  });
}

/** One product by its key (as stored, a CPE name or a package URL). */
export async function showProduct(database: Database, _actor: Actor, key: string): Promise<RegisterEntry> {
  const parsed = productKey(key);
  if ('reason' in parsed) throw invalidFields({ key: parsed.reason });
  const [entry] = await listProducts(database.db, { keys: [parsed.key] });
  if (!entry) throw new NotFoundError(`no product ${parsed.key} in the register`);
  return entry;
}
