/**
 * Exporting STIX 2.1: every indicator the caller may see under TLP (read through the same
 * TLP-filtered query as every other read), with its producer's `identity`, the TLP 2.0
 * `marking-definition`s used, the `sighting`s the caller may see — all of an indicator's when the
 * caller is on its producer's side (its producing entity, the national centre, the operator), as
 * `ward indicator show` names them, else only the caller's own organisations' — and one `report`
 * per producer and source (an incident, a file, a feed) grouping that source's indicators.
 *
 * Streamed: indicators are read a page at a time and the bundle is written as they come, so an
 * export of hundreds of thousands of indicators never holds them all.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/connect.js';
import { type IndicatorListRow, listIndicators } from '../../db/repositories/sharing/indicator.repository.js';
import { readerOf } from '../../db/repositories/sharing/reader.repository.js';
import {
  organisationsForStix,
  sightingsOfIndicators,
} from '../../db/repositories/sharing/stix.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import {
  identityId,
  identityToStix,
  indicatorToStix,
  markingDefinitionsToStix,
  type OrganisationForStix,
  reportToStix,
  type StixObject,
  sightingToStix,
} from '../../domain/sharing/stix/objects.js';
import { parseTlp, stricterTlp, TLP_MARKINGS, type Tlp } from '../../domain/sharing/tlp.js';
import { invalidFields } from '../../errors.js';
import { permittedOrgIds } from '../access/access.service.js';

export interface StixExportFilter {
  /** Only indicators changed after this time. */
  since?: Date;
  /** Only indicators with this marking. */
  tlp?: string;
  /** Rows read per page (default 1,000). */
  pageSize?: number;
}

/** The STIX objects the caller may see, one at a time. */
export async function* exportStixObjects(
  database: Database,
  actor: Actor,
  filter: StixExportFilter = {},
): AsyncGenerator<StixObject> {
  let tlp: Tlp | undefined;
  if (filter.tlp !== undefined) {
    const t = parseTlp(filter.tlp);
    if (!t) throw invalidFields({ tlp: `"${filter.tlp}" is not a TLP marking (${TLP_MARKINGS.join(', ')})` });
    tlp = t;
  }
  const reader = await readerOf(database.db, actor);
  const national = scopeFor(actor, 'national').all;
  const orgs = new Map<string, OrganisationForStix>();
  const emittedOrgs = new Set<string>();
  const emittedMarkings = new Set<Tlp>();
  const reports = new Map<
    string,
    { producer: string; source: string; tlp: Tlp; published: Date; modified: Date; refs: string[] }
  >();
  const pageSize = filter.pageSize ?? 1000;
  let after: { modifiedAt: Date; id: string } | undefined;

  const identity = async function* (orgId: string) {
    if (emittedOrgs.has(orgId)) return;
    emittedOrgs.add(orgId);
    yield identityToStix(orgs.get(orgId) as OrganisationForStix);
  };
  const marking = function* (t: Tlp) {
    if (emittedMarkings.has(t)) return;
    emittedMarkings.add(t);
    yield* markingDefinitionsToStix([t]);
  };

  for (;;) {
    const page: IndicatorListRow[] = await listIndicators(database.db, reader, {
      since: filter.since,
      tlp,
      after,
      limit: pageSize,
    });
    if (page.length === 0) break;
    const last = page[page.length - 1] as IndicatorListRow;
    after = { modifiedAt: last.modified_at, id: last.id };

    const sightings = await sightingsOfIndicators(
      database.db,
      page.filter((r) => r.sighting_orgs > 0).map((r) => r.id),
    );
    const unknown = [
      ...new Set([...page.map((r) => r.producer_org_id), ...sightings.map((s) => s.org_id)]),
    ].filter((id) => !orgs.has(id));
    for (const o of await organisationsForStix(database.db, unknown))
      orgs.set(o.id, { code: o.code, name: o.name, createdAt: o.created_at });
    const ownSightings = await permittedOrgIds(
      database.db,
      actor,
      'read',
      new Set(sightings.map((s) => s.org_id)),
    );
    const sightingsBy = new Map<string, typeof sightings>();
    for (const s of sightings)
      sightingsBy.set(s.indicator_id, [...(sightingsBy.get(s.indicator_id) ?? []), s]);

    for (const row of page) {
      const t = row.tlp as Tlp;
      yield* marking(t);
      yield* identity(row.producer_org_id);
      yield indicatorToStix(row, orgs.get(row.producer_org_id) as OrganisationForStix);
      const producerSide = reader.full || reader.entityIds.has(row.producer_entity_id) || national;
      for (const s of sightingsBy.get(row.id) ?? []) {
        if (!producerSide && !ownSightings.has(s.org_id)) continue;
        yield* identity(s.org_id);
        yield sightingToStix(s, row, orgs.get(s.org_id) as OrganisationForStix);
      }
      const key = `${row.producer_org_id}\u0000${row.source}`;
      const report = reports.get(key);
      if (report) {
        report.refs.push(row.stix_id);
        report.tlp = stricterTlp(report.tlp, t);
        if (row.created_at < report.published) report.published = row.created_at;
        if (row.modified_at > report.modified) report.modified = row.modified_at;
      } else
        reports.set(key, {
          producer: row.producer_org_id,
          source: row.source,
          tlp: t,
          published: row.created_at,
          modified: row.modified_at,
          refs: [row.stix_id],
        });
    }
    if (page.length < pageSize) break;
  }

  for (const r of reports.values()) {
    const producer = orgs.get(r.producer) as OrganisationForStix;
    yield reportToStix({
      producer,
      source: r.source,
      tlp: r.tlp,
      published: r.published,
      modified: r.modified,
      objectRefs: [identityId(producer.code), ...r.refs],
    });
  }
}

/**
 * The caller's STIX 2.1 bundle as JSON text, in pieces as it is read: for a file or an HTTP
 * response. The first piece is written only once the filter is known to be valid.
 */
export async function exportStixBundle(
  database: Database,
  actor: Actor,
  filter: StixExportFilter = {},
): Promise<AsyncGenerator<string>> {
  const objects = exportStixObjects(database, actor, filter);
  // Read the first object now, so a bad filter fails before anything is written.
  const first = await objects.next();
  return (async function* () {
    yield `{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`;
    if (!first.done) {
      yield `\n${JSON.stringify(first.value)}`;
      for await (const o of objects) yield `,\n${JSON.stringify(o)}`;
    }
    yield '\n]}\n';
  })();
}
