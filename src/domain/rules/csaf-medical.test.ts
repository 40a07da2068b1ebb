import { describe, expect, it } from 'vitest';
import type { CsafRuleAdvisory } from './csaf-document.js';
import { csafDocumentNotes, isMedicalAdvisory } from './csaf-medical.js';

const withId = (id: string): Pick<CsafRuleAdvisory, 'document'> => ({ document: { tracking: { id } } });
const sectors = (text: string) => [{ category: 'other', title: 'Critical infrastructure sectors', text }];

describe('isMedicalAdvisory', () => {
  it('is true for ICSMA tracking ids', () => {
    expect(isMedicalAdvisory(withId('ICSMA-24-200-01'))).toBe(true);
    expect(isMedicalAdvisory(withId('icsma-17-009-01a'))).toBe(true);
    expect(isMedicalAdvisory(withId('ICSA-24-200-01'))).toBe(false);
  });

  it('is true when a sector note names Healthcare, however CISA spells it', () => {
    const icsa = withId('ICSA-19-141-01');
    expect(
      isMedicalAdvisory(
        icsa,
        sectors('Commercial Facilities, Government Facilities, Healthcare and Public Health'),
      ),
    ).toBe(true);
    expect(isMedicalAdvisory(icsa, sectors('Healthcare, Public Health'))).toBe(true);
    expect(isMedicalAdvisory(icsa, sectors('Energy, Water and Wastewater Systems'))).toBe(false);
    expect(
      isMedicalAdvisory(icsa, [{ category: 'summary', title: 'Risk evaluation', text: 'healthcare' }]),
    ).toBe(false);
  });

  it('reads notes from a raw document, tolerating anything else', () => {
    expect(
      csafDocumentNotes({
        document: { notes: [{ category: 'other', title: 'T', text: 'x' }, { text: 3 }, null] },
      }),
    ).toEqual([{ category: 'other', title: 'T', text: 'x' }]);
    expect(csafDocumentNotes(null)).toEqual([]);
    expect(csafDocumentNotes({ document: {} })).toEqual([]);
  });
});
