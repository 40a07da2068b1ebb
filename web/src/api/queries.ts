/**
 * The dashboard's data: one hook per API read (cached and shared by TanStack Query) and the
 * writes, which refresh the reads they change.
 */
import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { API, api, postText, qs, setCsrfToken, upload } from './client';
import type { paths } from './schema';
import type {
  AddedIndicator,
  AddIndicatorsBody,
  AddressImportResult,
  AlertDraft,
  AlertDraftIssued,
  AlertIssueResult,
  AliasDecision,
  Answer,
  Assessment,
  CreateGroupBody,
  EvidenceFile,
  IncidentAlert,
  IncidentAlertBody,
  IncidentIndicatorShared,
  IncidentReportBody,
  IncidentReported,
  IncidentShareBody,
  IncidentTriageBody,
  IncidentTriaged,
  IncidentUpdateBody,
  IncidentUpdated,
  IssueBody,
  NewToken,
  NewTokenBody,
  OutcomeUpdate,
  RespondBody,
  RespondResult,
  ReviewBody,
  Session,
  SightingResult,
  SignedIn,
} from './types';

type Params = Record<string, string | number | boolean | null | undefined>;

/** Every GET path under /api/v1 (as the OpenAPI document spells it) → the JSON it answers with. */
type Reads = {
  [P in keyof paths as P extends `/api/v1${infer R}`
    ? paths[P] extends { get: { responses: unknown } }
      ? R
      : never
    : never]: Answer<P>;
};
type ReadPath = keyof Reads & string;

/** `/alerts/{reference}/status` with `{ reference }` → `/alerts/WA-2026-0001/status`. */
function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

/** Who is signed in: asked for before the first render (main.tsx), since every page waits for it. */
export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async () => {
    const s = await api<Session>('/auth/session');
    setCsrfToken(s.csrfToken);
    return s;
  },
  retry: false,
  staleTime: 60_000,
});

export function useSession() {
  return useQuery(sessionQuery);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api<SignedIn>('/auth/sign-in', { body }),
    onSuccess: async (r) => {
      setCsrfToken(r.csrfToken);
      client.clear();
      await client.invalidateQueries({ queryKey: ['session'] });
    },
  });
}

/** Changes the signed-in user's password (the user's other sessions end). */
export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { current: string; next: string }) =>
      api<{ endedSessions: number }>('/auth/password', { body }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['session'] });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<null>('/auth/sign-out', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
    },
  });
}

/** A read's query key (its path and parameters) and function, the same wherever it is asked for. */
function read<R extends ReadPath>(template: R, o: { path?: Record<string, string>; query?: Params } = {}) {
  const path = fillPath(template, o.path ?? {});
  const params = o.query ?? {};
  return { queryKey: [path, params], queryFn: () => api<Reads[R]>(`${path}${qs(params)}`) };
}

/**
 * A read keyed by its path and parameters; `enabled` false skips it. While another page or filter of
 * the same organisation loads, the previous one stays on screen; another organisation's never does.
 * The path is a GET path of the API as its OpenAPI document spells it (`/organisations/{code}`), and
 * the answer's type is that path's, from the generated schema: a read cannot claim another shape.
 */
function useRead<R extends ReadPath>(
  template: R,
  o: { path?: Record<string, string>; query?: Params; enabled?: boolean } = {},
) {
  const { queryKey, queryFn } = read(template, o);
  const [path, params] = queryKey as [string, Params];
  return useQuery({
    queryKey,
    queryFn,
    enabled: o.enabled ?? true,
    placeholderData: (previous, query) => {
      const [prevPath, prevParams] = (query?.queryKey ?? []) as [string?, Params?];
      return prevPath === path && prevParams?.org === params.org ? keepPreviousData(previous) : undefined;
    },
  });
}

/** The reads of an organisation's overview panels, as they first show it: one definition for the hooks and the prefetch. */
const overviewReads = {
  summary: (org: string) => ['/exposure/summary', { query: { org } }] as const,
  compliance: (org: string) => ['/overview/alert-compliance', { query: { org, weeks: 12 } }] as const,
  topExposures: (org: string, order: string) =>
    ['/overview/top-exposures', { query: { org, order, limit: 10 } }] as const,
  medicalDevices: (org: string) => ['/overview/medical-devices', { query: { org, limit: 8 } }] as const,
};

/**
 * Asks for an organisation and, when `hasOverview` says its kind has one, the figures of its overview
 * panels, without waiting for the page to draw (on a first visit the page's renders took a third of
 * a second between the organisation's answer and these questions). Resolves whether it asked.
 */
export async function prefetchOrganisation(
  client: QueryClient,
  code: string,
  hasOverview: (kind: string) => boolean,
): Promise<boolean> {
  const details = await client
    .fetchQuery(read('/organisations/{code}', { path: { code } }))
    .catch(() => null);
  if (!details || !hasOverview(details.organisation.kind)) return false;
  for (const [template, o] of [
    overviewReads.summary(code),
    overviewReads.compliance(code),
    overviewReads.topExposures(code, 'devices'),
    overviewReads.medicalDevices(code),
  ])
    void client.prefetchQuery(read(template, o));
  return true;
}

export const useOrganisation = (code: string) => useRead('/organisations/{code}', { path: { code } });
export const useExposureSummary = (org: string) => useRead(...overviewReads.summary(org));
export const useCompliance = (org: string) => useRead(...overviewReads.compliance(org));
export const useTopExposures = (org: string, order: string) =>
  useRead(...overviewReads.topExposures(org, order));
export const useMedicalDevices = (org: string) => useRead(...overviewReads.medicalDevices(org));
export const useFindings = (query: Params) => useRead('/findings', { query });
export const useAssets = (query: Params) => useRead('/assets', { query });
export const useExceptions = (query: Params) => useRead('/exceptions', { query });
export const useAlerts = (query: Params) => useRead('/alerts', { query });
export const useAlertStatus = (reference: string, query: Params, enabled = true) =>
  useRead('/alerts/{reference}/status', { path: { reference }, query, enabled });
export const useVulnerability = (cve: string) => useRead('/vulnerabilities/{cve}', { path: { cve } });
export const useWhoIsExposed = (cve: string, query: Params) =>
  useRead('/exposure/who/{cve}', { path: { cve }, query });
export const useIntelStatus = () => useRead('/intel/status');
export const useTokens = (query: Params) => useRead('/tokens', { query });
export const useProposals = (query: Params) => useRead('/identity/proposals', { query });
export const useAddresses = (query: Params) => useRead('/addresses', { query });
export const useWormRuns = () => useRead('/sim/runs', { query: { limit: 20 } });
export const useWormRun = (id: string | undefined) =>
  useRead('/sim/runs/{id}', { path: { id: id ?? '' }, enabled: Boolean(id) });
export const useAssessment = (code: string, year?: number) =>
  useRead('/baseline/assessments/{code}', { path: { code }, query: { year } });
export const useBaselineSummary = (org: string, year?: number) =>
  useRead('/baseline/summary', { query: { org, year } });
export const useExternal = (query: Params) => useRead('/external', { query });
export const useExternalSummary = (org: string | undefined) =>
  useRead('/external/summary', { query: { org } });
export const useProducts = (query: Params) => useRead('/products', { query });
export const usePolicyFindings = (org: string) => useRead('/product-findings', { query: { org } });
export const useExternalFindings = (query: Params) => useRead('/external/findings', { query });

/** The organisation's observed external services (open ones; the page lists them by severity). */
export const useExternalServices = (org: string) => useRead('/external', { query: { org, limit: 500 } });
export const useRemoteAccess = (org: string | undefined) => useRead('/remote-access', { query: { org } });
export const useAlertDrafts = (enabled: boolean) => useRead('/alert-drafts', { enabled });
export const useIncidents = (query: Params) => useRead('/incidents', { query });
export const useIncident = (reference: string) => useRead('/incidents/{reference}', { path: { reference } });
/** An organisation's details, when there is one to ask about (the navigation asks about the home organisation). */
export const useOrgDetails = (code: string | null) =>
  useRead('/organisations/{code}', { path: { code: code ?? '' }, enabled: Boolean(code) });

/** A write that refreshes every read afterwards (responses change counts on many pages). */
function useWrite<B, R>(fn: (body: B) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries() });
}

export const useRespond = (reference: string) =>
  useWrite((body: RespondBody) => api<RespondResult>(`/alerts/${reference}/responses`, { body }));

export const useReportIncident = () =>
  useWrite((body: IncidentReportBody) => api<IncidentReported>('/incidents', { body }));

const incidentPath = (reference: string, tail: string) =>
  `/incidents/${encodeURIComponent(reference)}${tail}`;

export const useUpdateIncident = (reference: string) =>
  useWrite((body: IncidentUpdateBody) => api<IncidentUpdated>(incidentPath(reference, '/updates'), { body }));

export const useTriageIncident = (reference: string) =>
  useWrite((body: IncidentTriageBody) => api<IncidentTriaged>(incidentPath(reference, '/triage'), { body }));

export const useShareIncidentIndicator = (reference: string) =>
  useWrite((body: IncidentShareBody) =>
    api<IncidentIndicatorShared>(incidentPath(reference, '/indicators/share'), { body }),
  );

export const useIncidentAlert = (reference: string) =>
  useWrite((body: IncidentAlertBody) => api<IncidentAlert>(incidentPath(reference, '/alert'), { body }));

export const useIssueAlert = () => useWrite((body: IssueBody) => api<AlertIssueResult>('/alerts', { body }));

export const useCreateToken = () => useWrite((body: NewTokenBody) => api<NewToken>('/tokens', { body }));

export const useRevokeToken = () =>
  useWrite((id: string) => api<null>(`/tokens/${id}`, { method: 'DELETE' }));

export const useDecideAlias = () =>
  useWrite((d: { id: number; decision: 'confirm' | 'reject'; note: string }) =>
    api<AliasDecision>(`/identity/proposals/${d.id}/${d.decision}`, {
      body: d.decision === 'confirm' ? { note: d.note || undefined } : { reason: d.note },
    }),
  );

export const useDecideDraft = () =>
  useWrite(
    (d: {
      id: string;
      decision: 'issue' | 'dismiss';
      reason: string;
    }): Promise<AlertDraftIssued | AlertDraft> =>
      d.decision === 'issue'
        ? api<AlertDraftIssued>(`/alert-drafts/${d.id}/issue`, { method: 'POST' })
        : api<AlertDraft>(`/alert-drafts/${d.id}/dismiss`, { body: { reason: d.reason } }),
  );

const assessmentPath = (code: string, year: number | undefined, tail: string) =>
  `/baseline/assessments/${encodeURIComponent(code)}${tail}${qs({ year })}`;

/** Saves one outcome of the draft (the draft starts on the first save). */
export const useSaveOutcome = (code: string, year?: number) =>
  useWrite((d: { outcome: string; body: OutcomeUpdate }) =>
    api<Assessment>(assessmentPath(code, year, `/outcomes/${encodeURIComponent(d.outcome)}`), {
      method: 'PUT',
      body: d.body,
    }),
  );

export const useSubmitAssessment = (code: string, year?: number) =>
  useWrite(() => api<Assessment>(assessmentPath(code, year, '/submit'), { method: 'POST' }));

export const useReviewAssessment = (code: string, year?: number) =>
  useWrite((body: ReviewBody) => api<Assessment>(assessmentPath(code, year, '/review'), { body }));

export const usePublishAssessment = (code: string, year?: number) =>
  useWrite(() => api<Assessment>(assessmentPath(code, year, '/publish'), { method: 'POST' }));

/** Attaches files to one outcome of the draft (multipart, with progress; the draft starts on the first). */
export function useAttachEvidence(code: string, year?: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (d: { outcome: string; files: File[]; onProgress: (share: number) => void }) => {
      const form = new FormData();
      for (const f of d.files) form.append('file', f, f.name);
      return upload<{ items: EvidenceFile[] }>(
        assessmentPath(code, year, `/outcomes/${encodeURIComponent(d.outcome)}/files`),
        form,
        d.onProgress,
      );
    },
    onSuccess: () => client.invalidateQueries(),
  });
}

/** Removes an evidence file from the draft. */
export const useDeleteEvidenceFile = (code: string) =>
  useWrite((id: string) =>
    api<null>(`/baseline/assessments/${encodeURIComponent(code)}/files/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    }),
  );

/** Where the browser downloads an evidence file (the session cookie is enough for a GET). */
export const evidenceFileHref = (code: string, id: string) =>
  `${API}/baseline/assessments/${encodeURIComponent(code)}/files/${encodeURIComponent(id)}`;

/** Registers addresses from a CSV file's text (the file is each named organisation's whole list unless `add`). */
export const useImportAddresses = () =>
  useWrite((d: { text: string; add: boolean }) =>
    postText<AddressImportResult>(`/addresses/import${qs({ add: d.add ? 'true' : undefined })}`, d.text),
  );

export const useIndicators = (query: Params) => useRead('/indicators', { query });
export const useIndicator = (ref: string) => useRead('/indicators/{ref}', { path: { ref } });
export const useIndicatorSummary = () => useRead('/indicators/summary');
export const useSharingGroups = () => useRead('/sharing-groups');
export const useIndicatorFlags = (org: string) => useRead('/indicators/flags', { query: { org } });

export const useAddIndicators = () =>
  useWrite((body: AddIndicatorsBody) => api<{ items: AddedIndicator[] }>('/indicators', { body }));

/** "We saw this too" for one organisation. */
export const useSightIndicator = (ref: string) =>
  useWrite((org: string) =>
    api<SightingResult>(`/indicators/${encodeURIComponent(ref)}/sightings`, { body: { org } }),
  );

export const useCreateSharingGroup = () =>
  useWrite((body: CreateGroupBody) => api<{ name: string }>('/sharing-groups', { body }));
