import { describe, expect, it } from 'vitest';
import type { CsafBranchInput } from './csaf-input.types.js';
import { flattenProductTree } from './csaf-product-tree.js';

describe('flattenProductTree', () => {
  it('takes the nearest vendor, product name and version above each leaf, in document order', () => {
    const { products } = flattenProductTree({
      branches: [
        {
          category: 'vendor',
          name: 'Acme',
          branches: [
            {
              category: 'product_name',
              name: 'Monitor',
              branches: [
                {
                  category: 'product_version',
                  name: '1.0',
                  product: { product_id: 'A', name: 'Acme Monitor 1.0' },
                },
                {
                  category: 'product_version_range',
                  name: '<= 2.x',
                  product: { product_id: 'B', name: 'Acme Monitor <= 2.x' },
                },
              ],
            },
          ],
        },
        { category: 'vendor', name: 'Other', product: { product_id: 'C', name: 'Other (whole vendor)' } },
      ],
    });
    expect(products.map((p) => [p.productId, p.vendor, p.product, p.version, p.versionRange])).toEqual([
      ['A', 'Acme', 'Monitor', '1.0', null],
      ['B', 'Acme', 'Monitor', null, '<= 2.x'],
      ['C', 'Other', null, null, null],
    ]);
  });

  it('keeps the first definition of a repeated product id and says where the repeat is', () => {
    const flat = flattenProductTree({
      full_product_names: [
        { product_id: 'P', name: 'first' },
        { product_id: 'P', name: 'second' },
      ],
    });
    expect(flat.products.map((p) => p.name)).toEqual(['first']);
    expect(flat.duplicates).toEqual([{ productId: 'P', path: '/product_tree/full_product_names/1' }]);
  });

  it('walks a tree far deeper than the call stack would allow', () => {
    let branch: CsafBranchInput = {
      category: 'product_version',
      name: 'v',
      product: { product_id: 'deep', name: 'd' },
    };
    for (let i = 0; i < 50_000; i++)
      branch = { category: 'product_family', name: `f${i}`, branches: [branch] };
    const { products } = flattenProductTree({ branches: [branch] });
    expect(products).toHaveLength(1);
    expect(products[0]!.branchPath).toHaveLength(50_001);
    expect(products[0]!.family).toBe('f0');
  });

  it('gives nothing for an absent tree', () => {
    expect(flattenProductTree(undefined)).toEqual({ products: [], duplicates: [], groups: new Map() });
  });
});
