/** The ids of all the lists, each once, in ascending order. */
export function sortedUnion(...lists: readonly (readonly number[])[]): number[] {
  const all = new Set<number>();
  for (const list of lists) for (const id of list) all.add(id);
  return [...all].sort((a, b) => a - b);
}
