/**
 * `isMedicalAdvisory` on CISA's real advisories, parsed from the intel snapshot (`data/intel/csaf`).
 */

import { describe, expect, it } from 'vitest';
import { csafDocumentNotes, isMedicalAdvisory } from '../../domain/rules/csaf-medical.js';
import { CSAF_DATA_AVAILABLE, csafSuite, realAdvisories } from './csaf-fixture.test-helper.js';

describe.skipIf(!CSAF_DATA_AVAILABLE)(csafSuite('isMedicalAdvisory on the real advisories'), () => {
  it('flags all 144 ICSMA and, with their notes, the 21 Healthcare-sector ICSA advisories', () => {
    const all = realAdvisories();
    const icsma = all.filter((a) => a.file.startsWith('icsma/'));
    const icsa = all.filter((a) => a.file.startsWith('icsa-sample/'));
    expect([icsma.length, icsa.length]).toEqual([144, 21]);
    expect(icsma.every((a) => isMedicalAdvisory(a.advisory))).toBe(true);
    expect(icsa.filter((a) => isMedicalAdvisory(a.advisory, csafDocumentNotes(a.raw)))).toHaveLength(21);
    expect(icsa.filter((a) => isMedicalAdvisory(a.advisory))).toHaveLength(0);
  });
});
