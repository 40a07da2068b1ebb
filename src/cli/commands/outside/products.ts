/**
 * `ward products import|list|show`: the products register (approved, certified, not approved, end
 * of life), the catalogue the baseline's end-of-life evidence also reads.
 */
import { type Command, InvalidArgumentError } from 'commander';
import {
  PRODUCT_STATUSES,
  type ProductStatus,
  type ProductStatusKind,
} from '../../../domain/outside/product.js';
import { PRODUCT_CSV_COLUMNS, PRODUCT_CSV_REQUIRED } from '../../../domain/outside/product-csv.js';
import type { PolicyFinding } from '../../../domain/outside/product-policy.js';
import {
  importProducts,
  listRegister,
  type ProductListOptions,
  type RegisterEntry,
  showProduct,
} from '../../../services/outside/product.service.js';
import { listPolicyFindings } from '../../../services/outside/product-policy.service.js';
import { withDatabase } from '../../context.js';
import { emit, type OutputOptions, table } from '../../output.js';
import { readInputFile } from '../../read-input.js';
import { cliUser } from '../user.js';

const statusArg = (value: string): ProductStatusKind => {
  const v = value.trim().toLowerCase();
  if (!(PRODUCT_STATUSES as readonly string[]).includes(v))
    throw new InvalidArgumentError(`expected one of ${PRODUCT_STATUSES.join(', ')}`);
  return v as ProductStatusKind;
};

/** A status in a few words: `certified (DCB0129, until 2027-01-14) for patient-data`. */
export function describeStatus(s: ProductStatus): string {
  const detail =
    s.status === 'certified'
      ? ` (${s.standard}${s.certificateRef ? ` ${s.certificateRef}` : ''}, ${s.certifiedOn}${s.expiresOn ? ` until ${s.expiresOn}` : ''})`
      : s.status === 'end-of-life'
        ? ` since ${s.endOfLife}`
        : '';
  return `${s.status}${detail}${s.use === 'any' ? '' : ` for ${s.use}`}`;
}

function renderList(entries: RegisterEntry[]): string | string[] {
  if (entries.length === 0) return 'no products match';
  return table(
    ['key', 'name', 'category', 'statuses'],
    entries.map((e) => [e.key, e.name, e.category, e.statuses.map(describeStatus).join('; ')]),
  );
}

function renderEntry(e: RegisterEntry): string[] {
  return [
    `${e.name} (${e.key})`,
    `vendor: ${e.vendor}`,
    `category: ${e.category}`,
    ...(e.notes ? [`notes: ${e.notes}`] : []),
    `from: ${e.shipped ? 'shipped with Ward' : 'the national register'}`,
    ...e.statuses.map((s) => `- ${describeStatus(s)}${s.source ? ` — ${s.source}` : ''}`),
  ];
}

function renderFindings(findings: PolicyFinding[]): string | string[] {
  if (findings.length === 0) return 'no products the register rules out';
  return table(
    ['priority', 'org', 'product', 'status', 'devices', 'clinical', 'internet', 'why'],
    findings.map((f) => [
      f.priority,
      f.org,
      f.product.key,
      f.use === 'any' ? f.status : `${f.status} for ${f.use}`,
      f.devices,
      f.clinicalDevices,
      f.internetFacing,
      f.reasons.join('; '),
    ]),
  );
}

export function registerProductsCommands(program: Command): void {
  const products = program
    .command('products')
    .description('the products register: approved, certified, not approved and end-of-life products');
  products
    .command('import')
    .description(
      `import the register from CSV (header ${PRODUCT_CSV_COLUMNS.join(',')}; ${PRODUCT_CSV_REQUIRED.join(', ')} required; ` +
        'one row per product, status and use). Each product named takes exactly the statuses the file gives it; ' +
        'products not named are left as they are. National admins only. All or nothing: every problem is listed as FILE:LINE: reason.',
    )
    .argument('<file>', 'CSV file (- for standard input)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: OutputOptions) => {
      const result = await withDatabase(async (database) =>
        importProducts(database, cliUser(), { name: file, text: await readInputFile(file) }),
      );
      emit(
        result,
        options,
        (r) =>
          `${r.file}: ${r.products} products (${r.added} new), ${r.statuses} statuses` +
          (r.evidenceRecomputed ? '; baseline evidence recomputed' : ''),
      );
    });
  products
    .command('list')
    .description('list the register, by category and name')
    .option('--status <status>', `only products with this status (${PRODUCT_STATUSES.join(', ')})`, statusArg)
    .option('--category <category>', 'only this category (e.g. messaging, remote-access, operating-system)')
    .option('--search <words>', 'only products whose key, name, vendor or category hold every word')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & ProductListOptions) => {
      const entries = await withDatabase((database) => listRegister(database, cliUser(), options));
      emit(entries, options, renderList);
    });
  products
    .command('show')
    .description('one product and its statuses')
    .argument('<key>', 'its match key (a:vendor:product), a CPE 2.3 name or a package URL')
    .option('--json', 'print JSON')
    .action(async (key: string, options: OutputOptions) => {
      emit(await withDatabase((database) => showProduct(database, cliUser(), key)), options, renderEntry);
    });
  products
    .command('findings')
    .description(
      'findings of product policy: products the register rules out (not approved for the use, past end of life) on devices; high when on a clinical or internet-facing device',
    )
    .option('--org <code>', 'an organisation and everything under it')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { org?: string }) => {
      emit(
        await withDatabase((database) => listPolicyFindings(database, cliUser(), { org: options.org })),
        options,
        renderFindings,
      );
    });
}
