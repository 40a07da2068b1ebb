/**
 * The dashboard's data: one hook per API read (cached and shared by TanStack Query) and the
 * writes, which refresh the reads they change.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs, setCsrfToken } from './client';
import type {
  AlertCompliance,
  AlertStatus,
  AlertSummary,
  AliasDecision,
  Asset,
  Exception,
  ExposedOrg,
  ExposureSummary,
  Finding,
  IntelStatus,
  MedicalDevices,
  OrgDetails,
  Page,
  ProductAlias,
  RespondResult,
  Session,
  Token,
  TopExposure,
  Vulnerability,
} from './types';

type Params = Record<string, string | number | boolean | null | undefined>;

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      const s = await api<Session>('/auth/session');
      setCsrfToken(s.csrfToken);
      return s;
    },
    retry: false,
    staleTime: 60_000,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      api<{ csrfToken: string }>('/auth/sign-in', { body }),
    onSuccess: async (r) => {
      setCsrfToken(r.csrfToken);
      client.clear();
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

/**
 * A read keyed by its path and parameters; `enabled` false skips it. While another page or filter of
 * the same organisation loads, the previous one stays on screen; another organisation's never does.
 */
function useRead<T>(path: string, params: Params = {}, enabled = true) {
  return useQuery({
    queryKey: [path, params],
    queryFn: () => api<T>(`${path}${qs(params)}`),
    enabled,
    placeholderData: (previous, query) => {
      const [prevPath, prevParams] = (query?.queryKey ?? []) as [string?, Params?];
      return prevPath === path && prevParams?.org === params.org ? keepPreviousData(previous) : undefined;
    },
  });
}

export const useOrganisation = (code: string) => useRead<OrgDetails>(`/organisations/${code}`);
export const useExposureSummary = (org: string) => useRead<ExposureSummary>('/exposure/summary', { org });
export const useCompliance = (org: string) =>
  useRead<AlertCompliance>('/overview/alert-compliance', { org, weeks: 12 });
export const useTopExposures = (org: string, order: string) =>
  useRead<{ items: TopExposure[] }>('/overview/top-exposures', { org, order, limit: 10 });
export const useMedicalDevices = (org: string) =>
  useRead<MedicalDevices>('/overview/medical-devices', { org, limit: 8 });
export const useFindings = (params: Params) => useRead<Page<Finding>>('/findings', params);
export const useAssets = (params: Params) => useRead<Page<Asset>>('/assets', params);
export const useExceptions = (params: Params) => useRead<Page<Exception>>('/exceptions', params);
export const useAlerts = (params: Params) => useRead<Page<AlertSummary>>('/alerts', params);
export const useAlertStatus = (reference: string, params: Params, enabled = true) =>
  useRead<AlertStatus>(`/alerts/${reference}/status`, params, enabled);
export const useVulnerability = (cve: string) => useRead<Vulnerability>(`/vulnerabilities/${cve}`);
export const useWhoIsExposed = (cve: string, params: Params) =>
  useRead<Page<ExposedOrg> & { totals: { organisations: number; assets: number } }>(
    `/exposure/who/${cve}`,
    params,
  );
export const useIntelStatus = () => useRead<IntelStatus>('/intel/status');
export const useTokens = (params: Params) => useRead<Page<Token>>('/tokens', params);
export const useProposals = (params: Params) => useRead<Page<ProductAlias>>('/identity/proposals', params);

/** A write that refreshes every read afterwards (responses change counts on many pages). */
function useWrite<B, R>(fn: (body: B) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries() });
}

export interface RespondBody {
  orgs?: string[];
  under?: string;
  status: string;
  reason?: string | null;
  note?: string | null;
}

export const useRespond = (reference: string) =>
  useWrite((body: RespondBody) => api<RespondResult>(`/alerts/${reference}/responses`, { body }));

export interface IssueBody {
  title: string;
  severity: string;
  action: string;
  cves: string[];
  targets: string[];
}

export const useIssueAlert = () =>
  useWrite((body: IssueBody) =>
    api<{ reference: string; totals: { organisations: number } }>('/alerts', { body }),
  );

export const useCreateToken = () =>
  useWrite((body: { name: string; expiresInDays: number }) =>
    api<Token & { token: string }>('/tokens', { body }),
  );

export const useRevokeToken = () =>
  useWrite((id: string) => api<null>(`/tokens/${id}`, { method: 'DELETE' }));

export const useDecideAlias = () =>
  useWrite((d: { id: number; decision: 'confirm' | 'reject'; note: string }) =>
    api<AliasDecision>(`/identity/proposals/${d.id}/${d.decision}`, {
      body: d.decision === 'confirm' ? { note: d.note || undefined } : { reason: d.note },
    }),
  );
