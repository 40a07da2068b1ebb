/**
 * The Traffic Light Protocol, version 2.0 (FIRST, 2022): the markings, their order from the most
 * to the least shareable, and the STIX 2.1 marking-definition objects OASIS publishes for them
 * (the TLP 2.0 extension, `extension-definition--60a3c5c5-…`). TLP 1.0 names are read on import
 * (WHITE is CLEAR; the others keep their names) and never written.
 */

export const TLP_MARKINGS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_MARKINGS)[number];

/** What each marking lets a recipient do, in Ward's words (shown beside the badge). */
export const TLP_MEANING: Record<Tlp, string> = {
  CLEAR: 'No limit on disclosure: may be shared publicly.',
  GREEN: 'Whole federation: every organisation in Ward may see it; not to be published.',
  AMBER: 'The producing organisation, and the organisations or sharing groups it names.',
  'AMBER+STRICT': 'The producing organisation only.',
  RED: 'Only the people named, by name.',
};

/** The TLP 2.0 extension definition that carries `tlp_2_0` on each marking definition. */
export const TLP_2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** OASIS's published marking-definition ids for TLP 2.0. */
export const TLP_MARKING_ID: Record<Tlp, string> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** STIX 2.1's predefined TLP 1.0 marking definitions, read on import. */
const TLP_1_MARKING_ID: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
};

const BY_ID = new Map<string, Tlp>([
  ...Object.entries(TLP_MARKING_ID).map(([tlp, id]) => [id, tlp as Tlp] as const),
  ...Object.entries(TLP_1_MARKING_ID),
]);

/** The marking a STIX marking-definition id stands for, TLP 2.0 or 1.0; undefined for any other id. */
export function tlpOfMarkingId(id: string): Tlp | undefined {
  return BY_ID.get(id);
}

/**
 * A marking as people write it: `TLP:AMBER+STRICT`, `amber+strict`, `Amber`, `TLP:WHITE` (TLP 1.0,
 * read as CLEAR). Null for anything else.
 */
export function parseTlp(text: string): Tlp | null {
  const t = text
    .trim()
    .toUpperCase()
    .replace(/^TLP:\s*/, '')
    .replace(/\s*\+\s*/, '+');
  if (t === 'WHITE') return 'CLEAR';
  return (TLP_MARKINGS as readonly string[]).includes(t) ? (t as Tlp) : null;
}

/** The STIX 2.1 marking-definition object for a marking, as OASIS publishes it. */
export function tlpMarkingDefinition(tlp: Tlp): Record<string, unknown> {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_MARKING_ID[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp}`,
    extensions: { [TLP_2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: tlp.toLowerCase() } },
  };
}

/** The stricter of two markings (an object built from both may be shared only as far as either). */
export function stricterTlp(a: Tlp, b: Tlp): Tlp {
  return TLP_MARKINGS.indexOf(a) >= TLP_MARKINGS.indexOf(b) ? a : b;
}
