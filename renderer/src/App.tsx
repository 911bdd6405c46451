import { ConfigProvider, useConfig } from './hooks/use-config';
import { AuthGate } from './components/account/AuthGate';
import { ImportProvider } from './hooks/use-import';
import { parseHash, useHash } from './hooks/use-route';
import { UnitsProvider } from './hooks/use-units';
import { DropOverlay } from './components/DropOverlay';
import { Nav } from './components/nav/Nav';
import { ActivityListPage } from './pages/ActivityListPage';
import { ImportPage } from './pages/ImportPage';
import { SettingsPage } from './pages/SettingsPage';
import { parseAnalysisHash } from './lib/analysis-routes';
import { EmptyState, Loading } from './components/States';
import { lazy, Suspense } from 'react';
import { parseRouteFeatureHash } from './lib/route-feature-routes';
import { RoutesPage } from './pages/RoutesPage';

// Leaflet and Recharts are most of the bundle and only the activity page needs them.
const ActivityPage = lazy(() => import('./pages/ActivityPage').then((m) => ({ default: m.ActivityPage })));
const RoutePage = lazy(() => import('./pages/RoutePage').then((m) => ({ default: m.RoutePage })));
const SegmentPage = lazy(() => import('./pages/SegmentPage').then((m) => ({ default: m.SegmentPage })));
const SegmentsPage = lazy(() => import('./pages/SegmentsPage').then((m) => ({ default: m.SegmentsPage })));
const HeatmapPage = lazy(() => import('./pages/HeatmapPage').then((m) => ({ default: m.HeatmapPage })));
// Analysis pages (issue 5) draw Recharts charts: loaded on first visit like the activity page.
const RecordsPage = lazy(() => import('./pages/RecordsPage').then((m) => ({ default: m.RecordsPage })));
const FitnessPage = lazy(() => import('./pages/FitnessPage').then((m) => ({ default: m.FitnessPage })));
const CalendarPage = lazy(() => import('./pages/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const GearPage = lazy(() => import('./pages/GearPage').then((m) => ({ default: m.GearPage })));
const HealthPage = lazy(() => import('./pages/HealthPage').then((m) => ({ default: m.HealthPage })));
import { isHomeHash } from './components/dashboard/home-route';
const HomePage = lazy(() => import('./pages/HomePage').then((m) => ({ default: m.HomePage })));
const ThresholdsSettings = lazy(() => import('./pages/ThresholdsSettings').then((m) => ({ default: m.ThresholdsSettings })));

export function App() {
  return (
    <AuthGate>
      <UnitsProvider>
        <ConfigProvider>
          <ImportProvider>
            <Shell />
          </ImportProvider>
        </ConfigProvider>
      </UnitsProvider>
    </AuthGate>
  );
}

function Shell() {
  const hash = useHash();
  const route = parseHash(hash);
  const rf = parseRouteFeatureHash(hash);
  const an = parseAnalysisHash(hash);
  const home = isHomeHash(hash);
  const { error } = useConfig();
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <Nav />
      {error && (
        <div className="banner banner-error" role="alert">
          Cannot load server settings: {error}
        </div>
      )}
      <main id="main" className="main" tabIndex={-1}>
        {home && (
          <Suspense fallback={<Loading label="Loading…" />}>
            <HomePage />
          </Suspense>
        )}
        {route.page === 'activities' && !home && <ActivityListPage query={route.query} />}
        {route.page === 'activity' && (
          <Suspense fallback={<Loading label="Loading activity…" />}>
            <ActivityPage key={route.id} id={route.id} />
          </Suspense>
        )}
        {route.page === 'import' && <ImportPage />}
        {route.page === 'settings' && <SettingsPage />}
        {an && (
          <Suspense fallback={<Loading label="Loading…" />}>
            {an.page === 'records' && <RecordsPage query={an.query} />}
            {an.page === 'fitness' && <FitnessPage query={an.query} />}
            {an.page === 'calendar' && <CalendarPage query={an.query} />}
            {an.page === 'thresholds' && <ThresholdsSettings />}
          </Suspense>
        )}
        {rf?.page === 'routes' && <RoutesPage />}
        {rf && rf.page !== 'routes' && (
          <Suspense fallback={<Loading label="Loading…" />}>
            {rf.page === 'route' && <RoutePage key={rf.id} id={rf.id} />}
            {rf.page === 'segment' && <SegmentPage key={rf.id} id={rf.id} />}
            {rf.page === 'segments' && <SegmentsPage />}
            {rf.page === 'heatmap' && <HeatmapPage query={rf.query} />}
          </Suspense>
        )}
        {hash.startsWith('#/health') && (
          <Suspense fallback={<Loading label="Loading…" />}>
            <HealthPage query={new URLSearchParams(hash.split('?')[1] ?? '')} />
          </Suspense>
        )}
        {hash.startsWith('#/gear') && (
          <Suspense fallback={<Loading label="Loading…" />}>
            <GearPage />
          </Suspense>
        )}
        {route.page === 'not-found' && !rf && !an && !hash.startsWith('#/gear') && !hash.startsWith('#/health') && (
          <EmptyState title="Page not found" action={<a className="btn" href="#/activities">Go to activities</a>} />
        )}
      </main>
      <DropOverlay />
    </div>
  );
}
