/**
 * Ward's shared intelligence as STIX 2.1 objects (OASIS, "STIX Version 2.1", 2021): pure functions
 * from Ward's rows to `indicator`, `identity`, `sighting`, `report` and the TLP 2.0
 * `marking-definition` objects, and the bundle that carries them. Ids are stable: an indicator
 * keeps the `stix_id` it was given; an organisation's identity and a sighting get name-based
 * UUIDv5 ids under Ward's namespace, so every export names them the same way.
 */
import type { IndicatorType } from '../indicator-value.js';
import { stixPattern } from '../stix-pattern.js';
import { TLP_MARKING_ID, type Tlp, tlpMarkingDefinition } from '../tlp.js';
import { uuidv5 } from './uuid5.js';

/** Ward's namespace for name-based STIX ids (identities by ODS code, sightings, reports). */
export const WARD_STIX_NAMESPACE = '6f1d5c0a-3b2e-4d8f-9a51-7c0e2b4d9e13';

/** When Ward's identity objects were first defined: their `created` when no other date is known. */
const WARD_EPOCH = new Date('2026-01-01T00:00:00.000Z');

export type StixObject = { type: string; id: string; spec_version: '2.1' } & Record<string, unknown>;

/** A STIX timestamp: UTC, millisecond precision, as `created` and `modified` must be. */
export function stixTime(d: Date): string {
  return d.toISOString();
}

/** The columns of an indicator row the STIX object is made from. */
export interface IndicatorForStix {
  stix_id: string;
  type: string;
  value: string;
  tlp: string;
  confidence: number | null;
  description: string;
  first_seen: Date | null;
  valid_until: Date | null;
  created_at: Date;
  modified_at: Date;
  revoked: boolean;
}

/** An organisation as STIX names it: by its ODS code and name. */
export interface OrganisationForStix {
  code: string;
  name: string;
  /** When it was registered in Ward; a fixed date when unknown, so the object never changes. */
  createdAt?: Date;
}

/** The identity id of an organisation: UUIDv5 of its ODS code (upper case) under Ward's namespace. */
export function identityId(code: string): string {
  return `identity--${uuidv5(`ods:${code.trim().toUpperCase()}`, WARD_STIX_NAMESPACE)}`;
}

/** An organisation of the federation as a STIX `identity`. */
export function identityToStix(org: OrganisationForStix): StixObject {
  const created = stixTime(org.createdAt ?? WARD_EPOCH);
  return {
    type: 'identity',
    spec_version: '2.1',
    id: identityId(org.code),
    created,
    modified: created,
    name: org.name,
    identity_class: 'organization',
    sectors: ['healthcare'],
    description: `ODS code ${org.code}`,
  };
}

/**
 * An indicator as a STIX `indicator`: its pattern from the value, valid from when it was first
 * seen (else when it was entered), produced by its organisation, marked with its TLP 2.0 marking.
 * A `valid_until` not after `valid_from` is left out: STIX requires it to be later.
 */
export function indicatorToStix(row: IndicatorForStix, producer: OrganisationForStix): StixObject {
  const validFrom = row.first_seen ?? row.created_at;
  const out: StixObject = {
    type: 'indicator',
    spec_version: '2.1',
    id: row.stix_id,
    created_by_ref: identityId(producer.code),
    created: stixTime(row.created_at),
    modified: stixTime(row.modified_at),
    name: row.value,
    indicator_types: ['malicious-activity'],
    pattern: stixPattern(row.type as IndicatorType, row.value),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: stixTime(validFrom),
  };
  if (row.valid_until && row.valid_until.getTime() > validFrom.getTime())
    out.valid_until = stixTime(row.valid_until);
  if (row.description !== '') out.description = row.description;
  if (row.confidence !== null) out.confidence = row.confidence;
  if (row.revoked) out.revoked = true;
  out.object_marking_refs = [TLP_MARKING_ID[row.tlp as Tlp]];
  return out;
}

/** One organisation's sighting of an indicator, as Ward stores it. */
export interface SightingForStix {
  count: number;
  first_seen: Date;
  last_seen: Date;
  updated_at: Date;
}

/** The sighting id: UUIDv5 of the indicator's STIX id and the sighting organisation's code. */
export function sightingId(indicatorStixId: string, orgCode: string): string {
  return `sighting--${uuidv5(`${indicatorStixId}|ods:${orgCode.trim().toUpperCase()}`, WARD_STIX_NAMESPACE)}`;
}

/**
 * An organisation's sighting as a STIX `sighting` of the indicator, seen where that organisation
 * is, created by it, under the indicator's marking (a sighting says who saw what: it is shared no
 * further than the indicator).
 */
export function sightingToStix(
  sighting: SightingForStix,
  indicator: { stix_id: string; tlp: string },
  org: OrganisationForStix,
): StixObject {
  const modified = new Date(Math.max(sighting.updated_at.getTime(), sighting.first_seen.getTime()));
  return {
    type: 'sighting',
    spec_version: '2.1',
    id: sightingId(indicator.stix_id, org.code),
    created_by_ref: identityId(org.code),
    created: stixTime(sighting.first_seen),
    modified: stixTime(modified),
    sighting_of_ref: indicator.stix_id,
    where_sighted_refs: [identityId(org.code)],
    count: sighting.count,
    first_seen: stixTime(sighting.first_seen),
    last_seen: stixTime(sighting.last_seen),
    object_marking_refs: [TLP_MARKING_ID[indicator.tlp as Tlp]],
  };
}

/**
 * A `report` grouping the indicators that came from one source (an incident, a file, a feed):
 * its id is UUIDv5 of the producer and the source, so each export names it the same way; it is
 * marked with the strictest marking of what it groups, so it is never shared further than them.
 */
export function reportToStix(report: {
  producer: OrganisationForStix;
  source: string;
  tlp: Tlp;
  published: Date;
  modified: Date;
  objectRefs: readonly string[];
}): StixObject {
  const code = report.producer.code.trim().toUpperCase();
  return {
    type: 'report',
    spec_version: '2.1',
    id: `report--${uuidv5(`report|ods:${code}|${report.source}`, WARD_STIX_NAMESPACE)}`,
    created_by_ref: identityId(code),
    created: stixTime(report.published),
    modified: stixTime(new Date(Math.max(report.modified.getTime(), report.published.getTime()))),
    name: `${report.producer.name}: ${report.source}`,
    report_types: ['threat-report'],
    published: stixTime(report.published),
    object_refs: [...report.objectRefs],
    object_marking_refs: [TLP_MARKING_ID[report.tlp]],
  };
}

/** The TLP 2.0 marking-definition objects for the markings used, most shareable first. */
export function markingDefinitionsToStix(used: Iterable<Tlp>): StixObject[] {
  const set = new Set(used);
  return (Object.keys(TLP_MARKING_ID) as Tlp[])
    .filter((t) => set.has(t))
    .map((t) => tlpMarkingDefinition(t) as StixObject);
}

/** A STIX 2.1 bundle of the objects. */
export function stixBundle(
  id: string,
  objects: readonly StixObject[],
): { type: 'bundle'; id: string; objects: StixObject[] } {
  return { type: 'bundle', id, objects: [...objects] };
}
