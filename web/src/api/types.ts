/**
 * The API's answers as the dashboard reads them: names for the types generated from the server's
 * OpenAPI document (schema.d.ts, `npm run gen:api`). Nothing here is written by hand but the names.
 */
import type { components, paths } from './schema';

type Schemas = components['schemas'];
type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** The JSON body of a successful (200 or 201) answer to `method path` under /api/v1. */
export type Answer<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 201: { content: { 'application/json': infer T } } }
      ? T
      : never
  : never;

/** The JSON body a request `method path` sends. */
export type Body<P extends keyof paths, M extends Method = 'post'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Session = Schemas['Session'];
export type Membership = Schemas['Membership'];
export type Organisation = Schemas['Organisation'];
export type OrgDetails = Answer<'/api/v1/organisations/{code}'>;
export type ExposureSummary = Schemas['ExposureSummary'];
export type OrgRef = ExposureSummary['org'];
export type ExposureCounts = ExposureSummary['totals'];
export type AlertCompliance = Schemas['AlertCompliance'];
export type TopExposures = Schemas['TopExposures'];
export type TopExposure = TopExposures['items'][number];
export type MedicalDevices = Schemas['MedicalDevices'];
export type Finding = Schemas['Finding'];
export type Asset = Schemas['Asset'];
export type Exception = Answer<'/api/v1/exceptions'>['items'][number];
export type AlertSummary = Schemas['AlertSummary'];
export type AlertTarget = Schemas['AlertTarget'];
export type AlertStatus = Schemas['AlertStatus'];
export type AlertIssueResult = Schemas['AlertIssueResult'];
export type IssueBody = Body<'/api/v1/alerts'>;
export type RespondBody = Body<'/api/v1/alerts/{reference}/responses'>;
export type RespondResult = Answer<'/api/v1/alerts/{reference}/responses', 'post'>;
export type Vulnerability = Schemas['Vulnerability'];
export type WhoIsExposed = Answer<'/api/v1/exposure/who/{cve}'>;
export type IntelStatus = Schemas['IntelStatus'];
export type Token = Schemas['Token'];
export type NewToken = Answer<'/api/v1/tokens', 'post'>;
export type NewTokenBody = Body<'/api/v1/tokens'>;
export type ImportResult = Schemas['ImportResult'];
export type SignedIn = Schemas['SignedIn'];
