/**
 * The products register Ward ships: the end-of-life table (`domain/platform/end-of-life.json`, the
 * sourced lifecycle dates) and the EXAMPLE entries of `products-register.json`, as one list of
 * register entries. Both files are checked when loaded, so a bad shipped entry fails at start-up.
 */
import { z } from 'zod';
import { END_OF_LIFE } from '../platform/end-of-life.js';
import { isIsoDay, PRODUCT_STATUSES, type ProductEntry, productKey, TERM } from './product.js';
import data from './products-register.json' with { type: 'json' };

const day = z.string().refine(isIsoDay, 'a date, YYYY-MM-DD');

const ShippedStatus = z
  .object({
    status: z.enum(PRODUCT_STATUSES),
    use: z.string().regex(TERM).default('any'),
    standard: z.string().min(1).optional(),
    certificateRef: z.string().min(1).optional(),
    certifiedOn: day.optional(),
    expiresOn: day.optional(),
    endOfLife: day.optional(),
    source: z.url({ protocol: /^https$/ }).optional(),
  })
  .refine((s) => (s.status === 'certified') === (s.standard !== undefined && s.certifiedOn !== undefined), {
    message: 'a certified status names its standard and date, and only it',
  })
  .refine((s) => (s.status === 'end-of-life') === (s.endOfLife !== undefined), {
    message: 'an end-of-life status has its date, and only it',
  });

const ShippedRegister = z.object({
  description: z.string().min(1),
  sources: z.array(z.url()).min(1),
  products: z.array(
    z.object({
      key: z.string().refine((k) => {
        const parsed = productKey(k);
        return 'key' in parsed && parsed.key === k;
      }, 'a match key as Ward stores it'),
      name: z.string().min(1),
      vendor: z.string().min(1),
      category: z.string().regex(TERM),
      notes: z.string().min(1),
      statuses: z.array(ShippedStatus).min(1),
    }),
  ),
});

function vendorOf(key: string): string {
  const vendor = key.split(':')[1] ?? '';
  return vendor.charAt(0).toUpperCase() + vendor.slice(1);
}

function shippedProducts(): ProductEntry[] {
  const examples = ShippedRegister.parse(data).products.map((p) => ({
    ...p,
    statuses: p.statuses.map((s) => ({
      status: s.status,
      use: s.use,
      standard: s.standard ?? null,
      certificateRef: s.certificateRef ?? null,
      certifiedOn: s.certifiedOn ?? null,
      expiresOn: s.expiresOn ?? null,
      endOfLife: s.endOfLife ?? null,
      source: s.source ?? null,
    })),
  }));
  const endOfLife: ProductEntry[] = END_OF_LIFE.map((p) => ({
    key: p.key,
    name: p.name,
    vendor: vendorOf(p.key),
    category: p.key.startsWith('o:') ? 'operating-system' : 'other',
    notes: '',
    statuses: [
      {
        status: 'end-of-life',
        use: 'any',
        standard: null,
        certificateRef: null,
        certifiedOn: null,
        expiresOn: null,
        endOfLife: p.endOfSupport,
        source: p.source,
      },
    ],
  }));
  const all = [...endOfLife, ...examples];
  if (new Set(all.map((p) => p.key)).size !== all.length)
    throw new Error('the shipped products register names a product twice');
  return all;
}

/** Every product Ward ships, end-of-life entries first. */
export const SHIPPED_PRODUCTS: readonly ProductEntry[] = Object.freeze(shippedProducts());
