import { describe, expect, it } from 'vitest';
import { TLP_MARKING_ID } from '../tlp.js';
import { identityId, identityToStix, indicatorToStix, sightingId, sightingToStix } from './objects.js';
import { uuidv5 } from './uuid5.js';

const row = {
  stix_id: 'indicator--0b5a5b8e-4c1c-4f55-9d6a-1f0c3f0b7a11',
  type: 'ipv4',
  value: '198.51.100.7',
  tlp: 'AMBER',
  confidence: 80,
  description: 'C2 seen in the phishing wave',
  first_seen: new Date('2026-11-30T10:00:00Z'),
  valid_until: new Date('2026-11-01T00:00:00Z'),
  created_at: new Date('2026-12-01T09:00:00.123Z'),
  modified_at: new Date('2026-12-02T09:00:00Z'),
  revoked: false,
};

describe('STIX objects from Ward rows', () => {
  it('makes RFC 9562 name-based ids (the RFC 4122 DNS example)', () => {
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('names an organisation by its ODS code, the same whatever the case', () => {
    const a = identityToStix({ code: 'rx1', name: 'Example Trust' });
    expect(a.id).toBe(identityId('RX1'));
    expect(a.id).toMatch(/^identity--[0-9a-f-]{8}-[0-9a-f]{4}-5/);
    expect(identityId('RX2')).not.toBe(a.id);
    expect(a).toMatchObject({ identity_class: 'organization', name: 'Example Trust' });
  });

  it('keeps the indicator id, pattern, marking and producer, and drops a valid_until before valid_from', () => {
    const o = indicatorToStix(row, { code: 'RX1', name: 'Example Trust' });
    expect(o).toMatchObject({
      id: row.stix_id,
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: 'stix',
      valid_from: '2026-11-30T10:00:00.000Z',
      created: '2026-12-01T09:00:00.123Z',
      confidence: 80,
      created_by_ref: identityId('RX1'),
      object_marking_refs: [TLP_MARKING_ID.AMBER],
    });
    expect(o.valid_until).toBeUndefined();
    const later = indicatorToStix(
      { ...row, valid_until: new Date('2027-01-01T00:00:00Z') },
      { code: 'RX1', name: 'T' },
    );
    expect(later.valid_until).toBe('2027-01-01T00:00:00.000Z');
  });

  it('marks a sighting as its indicator and names it by indicator and organisation', () => {
    const s = sightingToStix(
      { count: 3, first_seen: row.first_seen, last_seen: row.created_at, updated_at: row.modified_at },
      row,
      { code: 'RX2', name: 'Other Trust' },
    );
    expect(s.id).toBe(sightingId(row.stix_id, 'rx2'));
    expect(s).toMatchObject({
      sighting_of_ref: row.stix_id,
      where_sighted_refs: [identityId('RX2')],
      count: 3,
      object_marking_refs: [TLP_MARKING_ID.AMBER],
    });
  });
});
