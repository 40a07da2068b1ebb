import { describe, expect, it } from 'vitest';
import { composeKevDraft, type KevFacts } from './kev-draft.js';

const KEV: KevFacts = {
  cve: 'CVE-2024-21762',
  name: 'Fortinet FortiOS Out-of-Bound Write Vulnerability',
  shortDescription: 'Fortinet FortiOS contains an out-of-bound write vulnerability …',
  requiredAction:
    'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
  dateAdded: '2024-02-09',
  dueDate: '2024-02-16',
  ransomware: 'Unknown',
};

describe('composeKevDraft', () => {
  it('targets each exposed organisation and is critical when a device faces the internet', () => {
    const draft = composeKevDraft(
      KEV,
      ['Fortinet FortiOS SSL-VPN (FortiGate)'],
      [
        { code: 'RJ7', devices: 2, internetFacing: 1 },
        { code: 'H85001', devices: 1, internetFacing: 0 },
      ],
    );
    expect(draft.targets).toEqual(['org:RJ7', 'org:H85001']);
    expect(draft.severity).toBe('critical');
    expect(draft.title).toBe('Exploited flaw in Fortinet FortiOS SSL-VPN (FortiGate): CVE-2024-21762');
    expect(draft.why).toContain('on 2024-02-09. CISA set 2024-02-16 as the date to have it fixed.');
    expect(draft.why).toContain(
      '2 organisations have open findings for it on 3 devices, 1 of them internet-facing.',
    );
    expect(draft.action).toContain("CISA's required action: Apply mitigations per vendor instructions");
  });

  it('is high when nothing exposed faces the internet and no ransomware is known, critical with ransomware', () => {
    const inside = [{ code: 'RAL', devices: 1, internetFacing: 0 }];
    expect(composeKevDraft(KEV, ['FortiOS'], inside).severity).toBe('high');
    expect(composeKevDraft({ ...KEV, ransomware: 'Known' }, ['FortiOS'], inside).severity).toBe('critical');
    expect(composeKevDraft(KEV, ['FortiOS'], inside).why).toContain(
      '1 organisation has open findings for it on 1 device.',
    );
  });
});
