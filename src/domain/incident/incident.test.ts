import { describe, expect, it } from 'vitest';
import {
  checkTransition,
  describeImpact,
  formatIncidentReference,
  parseCategory,
  parseIncidentReference,
} from './incident.js';

describe('incidents', () => {
  it('formats and normalises INC-YYYY-NNNNNN references', () => {
    expect(formatIncidentReference(2026, 42)).toBe('INC-2026-000042');
    expect(parseIncidentReference(' inc-2026-42 ')).toBe('INC-2026-000042');
    expect(parseIncidentReference('WA-2026-0042')).toBeNull();
  });

  it('reads categories in plain words', () => {
    expect(parseCategory('Data breach')).toBe('data_breach');
    expect(parseCategory('denial-of-service')).toBe('denial_of_service');
    expect(parseCategory('burglary')).toBeNull();
  });

  it('allows the lifecycle moves to the right side only, with the reason otherwise', () => {
    expect(checkTransition('reported', 'triaged', ['centre'])).toEqual({ ok: true });
    expect(checkTransition('reported', 'triaged', ['reporter'])).toEqual({
      ok: false,
      reason: 'only the national centre triages an incident',
    });
    expect(checkTransition('reported', 'contained', ['centre', 'reporter'])).toEqual({
      ok: false,
      reason: 'a reported incident cannot become contained (it can become triaged)',
    });
    expect(checkTransition('triaged', 'contained', ['reporter'])).toEqual({ ok: true });
    expect(checkTransition('contained', 'closed', ['reporter'])).toEqual({ ok: true });
    expect(checkTransition('closed', 'triaged', ['reporter'])).toMatchObject({
      ok: false,
      reason: 'only the national centre reopens a closed incident',
    });
    expect(checkTransition('closed', 'triaged', ['centre'])).toEqual({ ok: true });
    expect(checkTransition('closed', 'closed', ['centre'])).toMatchObject({ ok: false });
  });

  it('describes the impact on patient care', () => {
    expect(describeImpact({ delayed: 0, cancelled: 0, diverted: 0 })).toBe('none');
    expect(describeImpact({ delayed: 12, cancelled: 0, diverted: 3 })).toBe('delayed 12, diverted 3');
  });
});
