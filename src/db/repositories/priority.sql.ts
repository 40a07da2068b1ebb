/**
 * The SSVC-style decision of `domain/priority/ssvc.ts`, written in SQL so findings can be filtered
 * and counted by priority in the database. Priority is derived when read — from KEV, EPSS and the
 * CVSS vector as they stand now — never stored where it could go stale. A test checks this against
 * `decide` on every combination of inputs.
 */
import { type RawBuilder, sql } from 'kysely';
import { CLINICAL_ZONES } from '../../domain/inventory/asset.js';
import { EPSS_POC_THRESHOLD } from '../../domain/priority/ssvc.js';

/** 'active' | 'poc' | 'none' from a KEV row (k) and an EPSS row (e). */
export function exploitationSql(kevCve: RawBuilder<unknown>, epss: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(CASE WHEN ${kevCve} IS NOT NULL THEN 'active' WHEN ${epss} >= ${EPSS_POC_THRESHOLD} THEN 'poc' ELSE 'none' END)`;
}

/** Mirrors `automatableOf`: network attack vector without privileges and user interaction (v2: no authentication). */
export function automatableSql(vector: RawBuilder<unknown>): RawBuilder<boolean> {
  const v = sql`('/' || coalesce(${vector}, '') || '/')`;
  return sql<boolean>`(${v} LIKE '%/AV:N/%' AND CASE WHEN ${v} LIKE '%/Au:%' THEN ${v} LIKE '%/Au:N/%'
    ELSE ${v} LIKE '%/PR:N/%' AND ${v} LIKE '%/UI:N/%' END)`;
}

/** Mirrors `decide`. Arguments are SQL expressions of the four decision points. */
export function prioritySql(
  exploitation: RawBuilder<unknown>,
  exposure: RawBuilder<unknown>,
  automatable: RawBuilder<unknown>,
  safety: RawBuilder<unknown>,
): RawBuilder<string> {
  return sql<string>`(CASE
    WHEN ${exploitation} = 'active' THEN
      CASE WHEN ${safety} OR ${exposure} = 'open' OR ${automatable} THEN 'act' ELSE 'attend' END
    WHEN ${exploitation} = 'poc' THEN
      CASE WHEN ${safety} AND (${exposure} <> 'small' OR ${automatable}) THEN 'act'
           WHEN ${safety} OR ${exposure} = 'open' THEN 'attend' ELSE 'track*' END
    ELSE
      CASE WHEN ${safety} AND ${exposure} = 'open' THEN 'attend'
           WHEN ${safety} OR (${exposure} = 'open' AND ${automatable}) THEN 'track*' ELSE 'track' END
  END)`;
}

/** Exposure of one asset: 2 open (internet-facing), 1 controlled (clinical zone or medical device), 0 small. */
export function assetExposureRankSql(a: string): RawBuilder<number> {
  return sql<number>`(CASE WHEN ${sql.ref(`${a}.internet_facing`)} THEN 2
    WHEN ${sql.ref(`${a}.network_zone`)} IN (${sql.join(CLINICAL_ZONES)}) OR ${sql.ref(`${a}.asset_type`)} = 'medical_device' THEN 1
    ELSE 0 END)`;
}

/** Safety impact of one asset: a medical device, or a system of high or life-critical clinical criticality. */
export function assetSafetySql(a: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${a}.asset_type`)} = 'medical_device' OR ${sql.ref(`${a}.clinical_criticality`)} IN ('high', 'life_critical'))`;
}

/**
 * A finding (alias `f`) that is confirmed: every attribute, version and platform the rule needs is
 * known to match. Possible findings (`f.certainty = 'possible'`) are shown and filterable but never
 * counted with confirmed ones — roll-ups, summaries, counts, alert targeting apply this unless the
 * caller asks for possible ones too.
 */
export const confirmedFinding = sql<boolean>`(f.certainty = 'confirmed')`;

export const EXPOSURE_BY_RANK = sql`(ARRAY['small','controlled','open'])`;
