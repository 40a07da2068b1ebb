/**
 * Flattens a CSAF 2.0 `product_tree` (§3.2.2) into one {@link CsafProduct} per product id: leaves
 * of the recursive `branches` (taking vendor, product name, family, version or version range from
 * the branch categories above them), top-level `full_product_names`, then `relationships`.
 */

import type { CsafProduct } from './csaf.types.js';
import type { CsafBranchInput, CsafFullProductNameInput, CsafProductTreeInput } from './csaf-input.types.js';

/** The flat product list, and where a product id was defined more than once. */
export interface FlatProductTree {
  products: CsafProduct[];
  duplicates: { productId: string; path: string }[];
  /** `group_id` → product ids (§3.2.2.3). */
  groups: Map<string, string[]>;
}

type Step = { category: string; name: string };

function nearest(path: Step[], category: string): string | null {
  for (let i = path.length - 1; i >= 0; i--) if (path[i]!.category === category) return path[i]!.name;
  return null;
}

function fromFullProductName(
  p: CsafFullProductNameInput,
  origin: CsafProduct['origin'],
  branchPath: Step[],
): CsafProduct {
  const helper = p.product_identification_helper;
  return {
    productId: p.product_id,
    name: p.name,
    vendor: nearest(branchPath, 'vendor'),
    product: nearest(branchPath, 'product_name'),
    family: nearest(branchPath, 'product_family'),
    version: nearest(branchPath, 'product_version'),
    versionRange: nearest(branchPath, 'product_version_range'),
    cpe: helper?.cpe ?? null,
    purl: helper?.purl ?? null,
    modelNumbers: helper?.model_numbers ?? [],
    skus: helper?.skus ?? [],
    origin,
    branchPath,
    relationship: null,
  };
}

/** Flattens `tree`; an absent tree gives no products. */
export function flattenProductTree(tree: CsafProductTreeInput | undefined): FlatProductTree {
  const products: CsafProduct[] = [];
  const byId = new Map<string, CsafProduct>();
  const duplicates: FlatProductTree['duplicates'] = [];
  const add = (product: CsafProduct, path: string): void => {
    if (byId.has(product.productId)) {
      duplicates.push({ productId: product.productId, path });
      return;
    }
    byId.set(product.productId, product);
    products.push(product);
  };

  // Iterative walk in document order, so a deep tree cannot overflow the stack; each entry links to
  // its parent, and a leaf's path is only built when it holds a product.
  type Trail = { step: Step; parent: Trail | null };
  const stack: { branch: CsafBranchInput; parent: Trail | null; pointer: string }[] = [];
  const pushAll = (branches: CsafBranchInput[] | undefined, parent: Trail | null, pointer: string): void => {
    for (let i = (branches?.length ?? 0) - 1; i >= 0; i--) {
      stack.push({ branch: branches![i]!, parent, pointer: `${pointer}/branches/${i}` });
    }
  };
  pushAll(tree?.branches, null, '/product_tree');
  while (stack.length > 0) {
    const { branch, parent, pointer } = stack.pop()!;
    const trail: Trail = { step: { category: branch.category, name: branch.name }, parent };
    if (branch.product) {
      const path: Step[] = [];
      for (let t: Trail | null = trail; t; t = t.parent) path.push(t.step);
      add(fromFullProductName(branch.product, 'branch', path.reverse()), `${pointer}/product`);
    }
    pushAll(branch.branches, trail, pointer);
  }

  tree?.full_product_names?.forEach((p, i) => {
    add(fromFullProductName(p, 'full_product_name', []), `/product_tree/full_product_names/${i}`);
  });

  tree?.relationships?.forEach((r, i) => {
    const component = byId.get(r.product_reference);
    const own = fromFullProductName(r.full_product_name, 'relationship', []);
    const hasOwnIds = r.full_product_name.product_identification_helper !== undefined;
    add(
      {
        ...own,
        vendor: component?.vendor ?? null,
        product: component?.product ?? null,
        family: component?.family ?? null,
        version: component?.version ?? null,
        versionRange: component?.versionRange ?? null,
        cpe: hasOwnIds ? own.cpe : (component?.cpe ?? null),
        purl: hasOwnIds ? own.purl : (component?.purl ?? null),
        modelNumbers: hasOwnIds ? own.modelNumbers : (component?.modelNumbers ?? []),
        skus: hasOwnIds ? own.skus : (component?.skus ?? []),
        branchPath: component?.branchPath ?? [],
        relationship: {
          category: r.category,
          productReference: r.product_reference,
          relatesToProductReference: r.relates_to_product_reference,
        },
      },
      `/product_tree/relationships/${i}/full_product_name`,
    );
  });

  const groups = new Map((tree?.product_groups ?? []).map((g) => [g.group_id, g.product_ids]));
  return { products, duplicates, groups };
}
