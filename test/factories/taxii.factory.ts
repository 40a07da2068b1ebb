/**
 * A federation sharing indicators under every TLP marking, for the TAXII tests: the small
 * federation, the test users with API tokens, a sharing group, indicators from a trust, its site, a
 * sibling trust, a practice in another region and the national centre — and, from the pure TLP rule
 * (`maySee`, not Ward's SQL), which of them each test user may see.
 */
import type { Database } from '../../src/db/connect.js';
import type { Tlp } from '../../src/domain/sharing/tlp.js';
import { entityOf, maySee, type Reader } from '../../src/domain/sharing/tlp-audience.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { addIndicators, type IndicatorInput } from '../../src/services/sharing/indicator.service.js';
import { createSharingGroup } from '../../src/services/sharing/sharing-group.service.js';
import {
  ADMIN_CLI,
  createTestUsers,
  TEST_USERS,
  type TestIdentity,
  type TestUser,
} from './identity.factory.js';
import { orgCsv, SMALL_FEDERATION } from './org-csv.factory.js';

export const GROUP = 'london-trusts';
export const GROUP_MEMBERS = ['RJ7', 'RAL'];

export interface SharedIndicator {
  producer: string;
  value: string;
  tlp: Tlp;
  orgs?: string[];
  groups?: string[];
  people?: TestUser[];
}

/** Domain names, so each value is its own canonical form. */
export const SHARED: SharedIndicator[] = [
  { producer: 'RJ7', value: 'clear-rj7.example', tlp: 'CLEAR' },
  { producer: 'RJ7', value: 'green-rj7.example', tlp: 'GREEN' },
  { producer: 'RJ7', value: 'amber-to-ral.example', tlp: 'AMBER', orgs: ['RAL'] },
  { producer: 'RJ7', value: 'amber-group.example', tlp: 'AMBER', groups: [GROUP] },
  { producer: 'RJ7', value: 'strict-rj7.example', tlp: 'AMBER+STRICT' },
  { producer: 'RJ7', value: 'red-rj7.example', tlp: 'RED', people: ['rj7_responder'] },
  { producer: 'RJ701', value: 'strict-site.example', tlp: 'AMBER+STRICT' },
  { producer: 'RAL', value: 'green-ral.example', tlp: 'GREEN' },
  { producer: 'RAL', value: 'amber-under-qwe.example', tlp: 'AMBER', orgs: ['under:QWE'] },
  { producer: 'RAL', value: 'red-to-rj7.example', tlp: 'RED', people: ['rj7_responder', 'ral_responder'] },
  { producer: 'A84001', value: 'strict-a84.example', tlp: 'AMBER+STRICT' },
  { producer: 'X26', value: 'amber-london.example', tlp: 'AMBER', orgs: ['under:Y56'] },
];

export interface TaxiiWorld {
  users: Record<TestUser, TestIdentity>;
  /** STIX id per indicator value. */
  stixIds: Map<string, string>;
}

export async function buildTaxiiWorld(database: Database): Promise<TaxiiWorld> {
  await importOrganisations(database, ADMIN_CLI, 'orgs.csv', orgCsv());
  const users = await createTestUsers(database);
  await createSharingGroup(database, ADMIN_CLI, { name: GROUP, owner: 'X26', members: GROUP_MEMBERS });
  const stixIds = new Map<string, string>();
  for (const s of SHARED) {
    const input: IndicatorInput = {
      value: s.value,
      type: 'domain',
      tlp: s.tlp,
      description: `${s.tlp} from ${s.producer}`,
      shareWith: { orgs: s.orgs, groups: s.groups, people: s.people },
    };
    const [added] = await addIndicators(database, ADMIN_CLI, s.producer, [input]);
    stixIds.set(s.value, added?.stixId as string);
  }
  return { users, stixIds };
}

const PARENT = new Map(SMALL_FEDERATION.map((l) => [l[0], l[3] || null]));
const KIND = new Map(SMALL_FEDERATION.map((l) => [l[0], l[2]]));
const entity = (code: string) =>
  entityOf(
    code,
    (c) => KIND.get(c),
    (c) => PARENT.get(c),
  );
function ancestry(code: string): Set<string> {
  const out = new Set<string>();
  for (let x: string | null | undefined = code; x; x = PARENT.get(x)) out.add(x);
  return out;
}

/** The values a test user may see, by the pure rule over organisation codes and user names. */
export function expectedValues(user: TestUser): string[] {
  const [org] = TEST_USERS[user];
  const e = entity(org);
  const reader: Reader = {
    full: false,
    userId: user,
    entityIds: new Set([e]),
    ancestry: new Map([[e, ancestry(e)]]),
  };
  return SHARED.filter((s) =>
    maySee(reader, {
      tlp: s.tlp,
      producerEntityId: entity(s.producer),
      organisations: [
        ...(s.orgs ?? []).map((o) =>
          o.startsWith('under:') ? { orgId: o.slice(6), subtree: true } : { orgId: o, subtree: false },
        ),
        ...(s.groups ?? []).flatMap(() => GROUP_MEMBERS.map((m) => ({ orgId: m, subtree: false }))),
      ],
      people: s.people ?? [],
    }),
  )
    .map((s) => s.value)
    .sort();
}
