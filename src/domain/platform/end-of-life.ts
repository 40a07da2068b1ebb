/**
 * Products past the end of their vendor's support, from the shipped, sourced table
 * `end-of-life.json`: each entry is a component match key (CPE `part:vendor:product`), a name for
 * people, the end of extended support and the vendor page that says so. The table is checked
 * against its schema when loaded, so a bad entry fails at start-up rather than in a figure. The
 * entries are loaded into the products register as shipped rows (`domain/outside/shipped-products`);
 * the baseline reads the register, not this file.
 */
import { z } from 'zod';
import data from './end-of-life.json' with { type: 'json' };

export const EndOfLifeEntry = z.object({
  key: z
    .string()
    .regex(/^[aoh]:[^:\s]+:[^:\s]+$/, 'a component match key, part:vendor:product')
    .describe('component match key'),
  name: z.string().min(1).describe('the product as people name it'),
  endOfSupport: z.iso.date().describe('last day of extended support (YYYY-MM-DD)'),
  source: z.url({ protocol: /^https$/ }).describe("the vendor's lifecycle page"),
});
export type EndOfLifeEntry = z.infer<typeof EndOfLifeEntry>;

export const EndOfLifeTable = z.object({
  description: z.string().min(1),
  products: z
    .array(EndOfLifeEntry)
    .min(1)
    .refine((products) => new Set(products.map((p) => p.key)).size === products.length, {
      message: 'each product key appears once',
    }),
});

export const END_OF_LIFE: readonly EndOfLifeEntry[] = EndOfLifeTable.parse(data).products;
