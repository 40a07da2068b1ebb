/**
 * What part of the federation a caller may see: everything, or the subtrees under some
 * organisations. Every repository read takes a scope, so no caller can forget the filter.
 */

export type Scope = { readonly all: true } | { readonly all: false; readonly roots: readonly string[] };

/** The whole federation: the national centre, and local administration from the CLI. */
export const FULL_SCOPE: Scope = Object.freeze({ all: true });

/** The subtrees under the given organisation ids. */
export function subtreeScope(rootIds: readonly string[]): Scope {
  return Object.freeze({ all: false, roots: Object.freeze([...rootIds]) });
}
