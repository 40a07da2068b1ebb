/**
 * Who may see a TLP-marked object in Ward: the one rule, beside the hierarchy's scope, that every
 * read path of shared intelligence applies (the SQL form lives with the sharing repositories and is
 * tested against this one).
 *
 * - CLEAR and GREEN: anyone signed in (Ward's users are all members of the federation; CLEAR may
 *   also leave it, through public exports).
 * - AMBER: the producing organisation, and the organisations the producer names (each with its
 *   subtree when named so) directly or through a sharing group.
 * - AMBER+STRICT: the producing organisation only.
 * - RED: only the people named, and the person who created it.
 *
 * "The producing organisation" is a legal entity: a site belongs to its trust, so a trust's people
 * see what its sites produce and the other way round. Standing higher in the hierarchy grants
 * nothing: an ICB or the national centre sees a trust's AMBER object only when named, and never its
 * AMBER+STRICT or RED ones. Local administration (the CLI run by the operator) sees everything.
 */
import type { Tlp } from './tlp.js';

/** An organisation a marked object is shared with: that organisation, or it and its subtree. */
export interface NamedOrganisation {
  orgId: string;
  subtree: boolean;
}

/** What a marked object says about its audience. */
export interface Audience {
  tlp: Tlp;
  /** The legal entity that produced it (a site's trust). */
  producerEntityId: string;
  /** AMBER: organisations named directly and the members of the sharing groups named. */
  organisations: readonly NamedOrganisation[];
  /** RED: the user ids named (the creator is always among them). */
  people: readonly string[];
}

/** What the reader brings: the entities they belong to and the ancestry of each (for subtrees). */
export interface Reader {
  /** Local administration: sees everything. */
  full: boolean;
  userId: string | null;
  /** The legal entities of the organisations the reader holds a role on. */
  entityIds: ReadonlySet<string>;
  /** For each of those entities, its id and its ancestors' ids. */
  ancestry: ReadonlyMap<string, ReadonlySet<string>>;
}

function named(reader: Reader, organisations: readonly NamedOrganisation[]): boolean {
  for (const entity of reader.entityIds) {
    const up = reader.ancestry.get(entity);
    for (const o of organisations) {
      if (o.orgId === entity) return true;
      if (o.subtree && up?.has(o.orgId)) return true;
    }
  }
  return false;
}

export function maySee(reader: Reader, audience: Audience): boolean {
  if (reader.full) return true;
  switch (audience.tlp) {
    case 'CLEAR':
    case 'GREEN':
      return reader.userId !== null || reader.entityIds.size > 0;
    case 'AMBER':
      return reader.entityIds.has(audience.producerEntityId) || named(reader, audience.organisations);
    case 'AMBER+STRICT':
      return reader.entityIds.has(audience.producerEntityId);
    case 'RED':
      return reader.userId !== null && audience.people.includes(reader.userId);
  }
}

/** Organisation kinds that are part of another organisation rather than an entity of their own. */
export const PART_KINDS: ReadonlySet<string> = new Set(['site']);

/** The legal entity an organisation belongs to: itself, or for a site the nearest ancestor that is not one. */
export function entityOf(
  orgId: string,
  kindOf: (id: string) => string | undefined,
  parentOf: (id: string) => string | null | undefined,
): string {
  let id = orgId;
  for (let kind = kindOf(id); kind !== undefined && PART_KINDS.has(kind); kind = kindOf(id)) {
    const parent = parentOf(id);
    if (!parent) break;
    id = parent;
  }
  return id;
}
