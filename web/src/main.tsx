/**
 * The dashboard: a signed-in person's pages (all but the organisation page loaded on demand), or the
 * sign-in page.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, matchPath, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/client';
import { prefetchOrganisation, sessionQuery, useSession } from './api/queries';
import { loadECharts } from './components/charts/Chart';
import { FEDERATION_KINDS } from './components/format';
import { Layout } from './components/Layout';
import { homeOrg } from './components/roles';
import { Loading, NotYours } from './components/Status';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import OrgPage from './pages/OrgPage';
import { SignInPage } from './pages/SignInPage';
import './styles.css';

// Every person lands on an organisation's page, so it comes with the first download: loaded on
// demand, it was shown no sooner than React's 300 ms reveal throttle after its chunk arrived, and
// only then did it ask the API for anything. The other pages load on demand.
const OrgWorkPage = lazy(() => import('./pages/OrgWorkPage'));
const AlertsPage = lazy(() => import('./pages/AlertsPage'));
const RemoteAccessPage = lazy(() => import('./pages/RemoteAccessPage'));
const AlertPage = lazy(() => import('./pages/AlertPage'));
const CvePage = lazy(() => import('./pages/CvePage'));
const ImportPage = lazy(() => import('./pages/ImportPage'));
const IntelPage = lazy(() => import('./pages/IntelPage'));
const IdentityPage = lazy(() => import('./pages/IdentityPage'));
const AccountPage = lazy(() => import('./pages/AccountPage'));
const SimulationPage = lazy(() => import('./pages/SimulationPage'));
const BaselinePage = lazy(() => import('./pages/BaselinePage'));
const BaselinePicturePage = lazy(() => import('./pages/BaselinePicturePage'));
const ExternalPage = lazy(() => import('./pages/ExternalPage'));
const ProductsPage = lazy(() => import('./pages/ProductsPage'));
const OrgExternalPage = lazy(() => import('./pages/OrgExternalPage'));
const IncidentsPage = lazy(() => import('./pages/IncidentsPage'));
const IncidentPage = lazy(() => import('./pages/IncidentPage'));
const ReportIncidentPage = lazy(() => import('./pages/ReportIncidentPage'));
const IndicatorsPage = lazy(() => import('./pages/IndicatorsPage'));
const IndicatorPage = lazy(() => import('./pages/IndicatorPage'));
const SharingGroupsPage = lazy(() => import('./pages/SharingGroupsPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (n, error) => !(error instanceof ApiError && error.status < 500) && n < 2,
    },
  },
});

function Home() {
  const session = useSession();
  const home = homeOrg(session.data);
  return home ? <Navigate to={`/orgs/${home}`} replace /> : <p>You have no role on any organisation yet.</p>;
}

function SignedIn() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading what="your session" />;
  if (session.error) {
    if (session.error instanceof ApiError && session.error.status === 401)
      return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
    throw session.error;
  }
  if (session.data.user.mustChangePassword) return <ChangePasswordPage />;
  return (
    <Layout>
      <Suspense fallback={<Loading what="the page" />}>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/orgs/:code" element={<OrgPage />} />
          <Route path="/orgs/:code/work" element={<OrgWorkPage />} />
          <Route path="/orgs/:code/baseline" element={<BaselinePage />} />
          <Route path="/orgs/:code/baseline/picture" element={<BaselinePicturePage />} />
          <Route path="/orgs/:code/external" element={<OrgExternalPage />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/alerts/:reference" element={<AlertPage />} />
          <Route path="/remote-access" element={<RemoteAccessPage />} />
          <Route path="/incidents" element={<IncidentsPage />} />
          <Route path="/incidents/report" element={<ReportIncidentPage />} />
          <Route path="/incidents/:reference" element={<IncidentPage />} />
          <Route path="/cves/:cve" element={<CvePage />} />
          <Route path="/import" element={<ImportPage />} />
          <Route path="/intel" element={<IntelPage />} />
          <Route path="/external" element={<ExternalPage />} />
          <Route path="/identity" element={<IdentityPage />} />
          <Route path="/products" element={<ProductsPage />} />
          <Route path="/indicators" element={<IndicatorsPage />} />
          <Route path="/indicators/:id" element={<IndicatorPage />} />
          <Route path="/sharing-groups" element={<SharingGroupsPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/simulation" element={<SimulationPage />} />
          <Route path="/simulation/:id" element={<SimulationPage />} />
          <Route path="*" element={<NotYours what="This page" />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="*" element={<SignedIn />} />
    </Routes>
  );
}

// The session is asked for while React renders the first time, not after (index.html asked the
// server already); once it is known, an organisation's overview is asked for too.
void queryClient.fetchQuery(sessionQuery).then(
  async () => {
    const code = matchPath('/orgs/:code', window.location.pathname)?.params.code;
    if (
      code &&
      (await prefetchOrganisation(queryClient, code.toUpperCase(), (kind) => FEDERATION_KINDS.has(kind)))
    )
      void loadECharts();
  },
  () => {},
);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
