/**
 * The STIX 2.1 object a TAXII collection serves for an indicator row.
 */
import type { CollectionObjectRow } from '../../db/repositories/sharing/taxii.repository.js';
import type { IndicatorType } from '../../domain/sharing/indicator-value.js';
import { stixPattern } from '../../domain/sharing/stix-pattern.js';
import { TLP_MARKING_ID, type Tlp } from '../../domain/sharing/tlp.js';

export function indicatorObject(row: CollectionObjectRow): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: row.stix_id,
    created: row.created_at.toISOString(),
    modified: row.modified_at.toISOString(),
    pattern: stixPattern(row.type as IndicatorType, row.value),
    pattern_type: 'stix',
    valid_from: (row.first_seen ?? row.created_at).toISOString(),
    object_marking_refs: [TLP_MARKING_ID[row.tlp as Tlp]],
  };
}
