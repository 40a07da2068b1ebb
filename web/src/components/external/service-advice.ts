/**
 * What an exposed service means, in plain English, for the external-exposure page.
 *
 * HOOK for the risky-services rules (`src/domain/outside/risky-services.json`, shipped with the
 * observation import): when its why/what-to-do text reaches the page (through `GET /external`'s
 * items, or a read of the rules), return it here. Until then the page shows the service's kind and
 * severity only, and says so.
 */
import type { ExternalService } from '../../api/queries';

export interface ServiceAdvice {
  why: string;
  whatToDo: string;
}

export function serviceAdvice(service: ExternalService): ServiceAdvice | null {
  const advice = (service as ExternalService & { advice?: ServiceAdvice }).advice;
  return advice?.why && advice.whatToDo ? advice : null;
}

/** Severities from the most to the least urgent; unknown ones sort last. */
export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

export const SEVERITY_LABEL: Record<string, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Information',
};
