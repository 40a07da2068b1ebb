/**
 * What an exposed service means, in plain English, for the external-exposure page: the
 * risky-services rule's why and what to do, as `GET /external` gives them (none for a service
 * seen only by its banner).
 */
import type { ExternalService } from '../../api/types';

export interface ServiceAdvice {
  why: string;
  whatToDo: string;
}

export function serviceAdvice(service: ExternalService): ServiceAdvice | null {
  return service.why && service.whatToDo ? { why: service.why, whatToDo: service.whatToDo } : null;
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
