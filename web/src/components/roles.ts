/** What the signed-in person may do, from their memberships (the API enforces it; this only hides buttons). */
import type { Session } from '../api/types';

const WRITERS = new Set(['responder', 'org_admin', 'national_analyst', 'national_admin']);

export function isNational(s: Session | undefined): boolean {
  return !!s?.memberships.some((m) => m.role.startsWith('national'));
}

/** National admin: maintains the national registers (products, organisations). */
export function isNationalAdmin(s: Session | undefined): boolean {
  return !!s?.memberships.some((m) => m.role === 'national_admin');
}

/** May respond to alerts and import inventory somewhere. */
export function canWrite(s: Session | undefined): boolean {
  return !!s?.memberships.some((m) => WRITERS.has(m.role));
}

/** The organisation a person's overview starts at: their first membership's. */
export function homeOrg(s: Session | undefined): string | null {
  return s?.memberships[0]?.org ?? null;
}
