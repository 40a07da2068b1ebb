/**
 * The API's shapes as the dashboard names them: aliases into the types generated from the server's
 * OpenAPI document (schema.d.ts, `npm run gen:api`). Nothing here is written by hand but the names;
 * reads get their answer's type from their path (see `useRead` in queries.ts).
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

export type Session = Schemas['Session'];
export type SignedIn = Schemas['SignedIn'];
export type OrgDetails = Answer<'/api/v1/organisations/{code}'>;
export type OrgRef = Schemas['ExposureSummary']['org'];
export type ExposureCounts = Schemas['ExposureSummary']['totals'];
export type AlertSummary = Schemas['AlertSummary'];
export type AlertTarget = Schemas['AlertTarget'];
export type AlertIssueResult = Schemas['AlertIssueResult'];
export type AlertDraft = Schemas['AlertDraft'];
export type AlertDraftIssued = Schemas['AlertDraftIssued'];
export type RemoteAccessView = Schemas['RemoteAccessView'];
export type IssueBody = Body<'/api/v1/alerts'>;
export type RespondBody = Body<'/api/v1/alerts/{reference}/responses'>;
export type RespondResult = Answer<'/api/v1/alerts/{reference}/responses', 'post'>;
export type NewToken = Answer<'/api/v1/tokens', 'post'>;
export type NewTokenBody = Body<'/api/v1/tokens'>;
export type ImportResult = Schemas['ImportResult'];
export type ProductAlias = Schemas['ProductAlias'];
export type AliasDecision = Schemas['AliasDecision'];
export type WormRun = Schemas['WormRun'];
export type WormOrgResult = Schemas['WormOrgResult'];
export type SimBand = Schemas['SimBand'];
export type Assessment = Schemas['BaselineAssessment'];
export type OutcomeResult = Schemas['BaselineAssessment']['outcomes'][number];
export type EvidenceItem = OutcomeResult['evidence'][number];
export type EvidenceFile = Schemas['BaselineEvidenceFile'];
export type OutcomeUpdate = Body<'/api/v1/baseline/assessments/{code}/outcomes/{outcome}', 'put'>;
export type ReviewBody = Body<'/api/v1/baseline/assessments/{code}/review'>;
export type BaselineSummary = Schemas['BaselineSummary'];
export type RegisteredAddress = Schemas['RegisteredAddress'];
export type AddressImportResult = Schemas['AddressImportResult'];
export type Product = Schemas['Product'];
export type ProductStatus = Schemas['ProductStatus'];
export type ProductsImported = Schemas['ProductsImported'];
export type PolicyFinding = Schemas['PolicyFinding'];
export type ExternalService = Schemas['ExternalService'];
export type IncidentSummary = Schemas['IncidentSummary'];
export type IncidentDetail = Schemas['IncidentDetail'];
export type IncidentReported = Schemas['IncidentReported'];
export type IncidentReportBody = Body<'/api/v1/incidents'>;
export type IncidentUpdateBody = Body<'/api/v1/incidents/{reference}/updates'>;
export type IncidentUpdated = Schemas['IncidentUpdated'];
export type IncidentTriageBody = Body<'/api/v1/incidents/{reference}/triage'>;
export type IncidentTriaged = Schemas['IncidentTriaged'];
export type IncidentShareBody = Body<'/api/v1/incidents/{reference}/indicators/share'>;
export type IncidentIndicatorShared = Schemas['IncidentIndicatorShared'];
export type IncidentAlertBody = Body<'/api/v1/incidents/{reference}/alert'>;
export type IncidentAlert = Schemas['IncidentAlert'];
