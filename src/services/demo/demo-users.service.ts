/**
 * Demo sign-ins: one user per role on the demo federation (a trust's viewer and responder, its
 * ICB's admin, a national analyst and a national admin), with fresh passwords on every demo start
 * so they can be printed. Demo only: a real deployment adds users with `ward user add`.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/connect.js';
import { findUserByUsername } from '../../db/repositories/user.repository.js';
import { SYSTEM_ACTOR } from '../../domain/access/actor.js';
import { generatePassword } from '../access/password.js';
import { addUser, grantRole, resetPassword } from '../access/user.service.js';

export interface DemoCredential {
  username: string;
  password: string;
  role: string;
  org: string;
}

/** Creates the demo users where missing, else gives them new passwords; null without a trust. */
export async function ensureDemoUsers(database: Database): Promise<DemoCredential[] | null> {
  const picked = await sql<{ trust: string; icb: string; root: string }>`
    SELECT t.code AS trust, p.code AS icb, r.code AS root
    FROM organisations t JOIN organisations p ON p.id = t.parent_id
    JOIN organisations r ON r.parent_id IS NULL
    WHERE t.kind = 'trust' ORDER BY t.code LIMIT 1`.execute(database.db);
  const row = picked.rows[0];
  if (!row) return null;
  const wanted: [string, string, string][] = [
    ['demo-viewer', 'viewer', row.trust],
    ['demo-responder', 'responder', row.trust],
    ['demo-org-admin', 'org_admin', row.icb],
    ['demo-analyst', 'national_analyst', row.root],
    ['demo-admin', 'national_admin', row.root],
  ];
  const out: DemoCredential[] = [];
  for (const [username, role, org] of wanted) {
    if (await findUserByUsername(database.db, username)) {
      await grantRole(database, SYSTEM_ACTOR, { user: { username }, org, role });
      const password = await resetPassword(database, SYSTEM_ACTOR, username, { oneTime: false });
      out.push({ username, role, org, password });
    } else {
      // A password given (not one-time): the demo prints it, and nobody is made to change it first.
      const password = generatePassword();
      await addUser(database, SYSTEM_ACTOR, { username, org, role, password });
      out.push({ username, role, org, password });
    }
  }
  return out;
}
