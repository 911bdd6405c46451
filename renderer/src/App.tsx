import { ConfigProvider, useConfig } from './hooks/use-config';
import { ImportProvider, useImports } from './hooks/use-import';
import { parseHash, useHash } from './hooks/use-route';
import { UnitsProvider } from './hooks/use-units';
import { DropOverlay } from './components/DropOverlay';
import { ActivityListPage } from './pages/ActivityListPage';
import { ImportPage } from './pages/ImportPage';
import { SettingsPage } from './pages/SettingsPage';
import { EmptyState, Loading } from './components/States';
import { lazy, Suspense } from 'react';

// Leaflet and Recharts are most of the bundle and only the activity page needs them.
const ActivityPage = lazy(() => import('./pages/ActivityPage').then((m) => ({ default: m.ActivityPage })));

export function App() {
  return (
    <UnitsProvider>
      <ConfigProvider>
        <ImportProvider>
          <Shell />
        </ImportProvider>
      </ConfigProvider>
    </UnitsProvider>
  );
}

function Shell() {
  const route = parseHash(useHash());
  const { error } = useConfig();
  const { batches } = useImports();
  const busy = batches.some((b) => b.phase === 'uploading' || b.phase === 'processing');
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="#/activities" aria-label="MileVault home">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <rect width="32" height="32" rx="8" fill="var(--accent)" />
            <path d="M7 22l6-12 5 8 3-4 4 8" fill="none" stroke="#fff" strokeWidth="3" strokeLinejoin="round" strokeLinecap="round" />
          </svg>
          <span>MileVault</span>
        </a>
        <nav className="nav" aria-label="Main">
          <NavLink to="#/activities" active={route.page === 'activities' || route.page === 'activity'}>Activities</NavLink>
          <NavLink to="#/import" active={route.page === 'import'}>
            Import{busy && <span className="nav-dot" aria-label="import in progress" />}
          </NavLink>
          <NavLink to="#/settings" active={route.page === 'settings'}>Settings</NavLink>
        </nav>
      </header>
      {error && (
        <div className="banner banner-error" role="alert">
          Cannot load server settings: {error}
        </div>
      )}
      <main id="main" className="main" tabIndex={-1}>
        {route.page === 'activities' && <ActivityListPage query={route.query} />}
        {route.page === 'activity' && (
          <Suspense fallback={<Loading label="Loading activity…" />}>
            <ActivityPage key={route.id} id={route.id} />
          </Suspense>
        )}
        {route.page === 'import' && <ImportPage />}
        {route.page === 'settings' && <SettingsPage />}
        {route.page === 'not-found' && (
          <EmptyState title="Page not found" action={<a className="btn" href="#/activities">Go to activities</a>} />
        )}
      </main>
      <DropOverlay />
    </div>
  );
}

function NavLink({ to, active, children }: { to: string; active: boolean; children: React.ReactNode }) {
  return (
    <a href={to} className={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  );
}
