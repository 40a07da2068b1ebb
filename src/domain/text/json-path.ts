/** The path of a member or element in a JSON value: `a.b`, `a[3]`, `[0]`, `a["odd key"]`. */
export function jsonPath(parent: string, member: string | number): string {
  if (typeof member === 'number') return `${parent}[${member}]`;
  if (!/^[A-Za-z_$][\w$-]*$/.test(member)) return `${parent}[${JSON.stringify(member)}]`;
  return parent === '' ? member : `${parent}.${member}`;
}
