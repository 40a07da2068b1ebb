/**
 * Whether a CSAF advisory concerns medical devices, so the store can flag it (and prioritisation can
 * weigh safety impact). CISA files medical advisories as ICSMA; other ICS advisories (ICSA) that
 * affect hospitals say so in a document note, `Critical infrastructure sectors: … Healthcare and
 * Public Health …` (CISA's spelling varies: `Healthcare, Public Health`, `Healthcare and Public Health
 * Sector`, plain `Healthcare`).
 *
 * The parsed advisory does not keep document notes, so a caller that has the raw
 * document passes them, read with {@link csafDocumentNotes}; without them only the tracking id counts.
 */

import type { CsafRuleAdvisory } from './csaf-document.js';

/** A CSAF document note (§3.2.1.8), as far as this check needs it. */
export interface CsafNote {
  category: string | null;
  title: string | null;
  text: string;
}

/** The `document.notes` of a raw CSAF document (parsed JSON); tolerant: anything else gives none. */
export function csafDocumentNotes(document: unknown): CsafNote[] {
  const notes = (document as { document?: { notes?: unknown } } | null)?.document?.notes;
  if (!Array.isArray(notes)) return [];
  return notes.flatMap((note: unknown) => {
    if (typeof note !== 'object' || note === null) return [];
    const { category, title, text } = note as Record<string, unknown>;
    if (typeof text !== 'string') return [];
    return [
      {
        category: typeof category === 'string' ? category : null,
        title: typeof title === 'string' ? title : null,
        text,
      },
    ];
  });
}

/**
 * True for an ICSMA advisory (tracking id `ICSMA-…`), or one whose critical-infrastructure-sector
 * note names Healthcare (and Public Health).
 */
export function isMedicalAdvisory(
  advisory: Pick<CsafRuleAdvisory, 'document'>,
  notes: readonly CsafNote[] = [],
): boolean {
  if (/^ICSMA-/i.test(advisory.document.tracking.id.trim())) return true;
  return notes.some((note) => /\bsectors?\b/i.test(note.title ?? '') && /\bhealth\s*care\b/i.test(note.text));
}
