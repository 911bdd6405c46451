import { lazy, StrictMode, Suspense, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { App } from './App';

// A share link (`#/live/<token>`, issue 19) is its own page: no app shell, no login, one session.
// A hash route like the rest of the app: asset URLs are relative (vite base './'), so a path
// such as /live/<token> would load the bundle from /live/assets/.
const LiveSharePage = lazy(() => import('./pages/LiveSharePage').then((m) => ({ default: m.LiveSharePage })));
const liveToken = (hash: string) => /^#\/live\/([A-Za-z0-9_-]{16,100})\/?$/.exec(hash)?.[1] ?? null;

const onHash = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

/** Follows the hash, so a share link pasted into a tab that already shows the app opens the share page (and back). */
function Root() {
  const live = useSyncExternalStore(onHash, () => liveToken(location.hash));
  return live ? (
    <Suspense fallback={null}>
      <LiveSharePage key={live} shareToken={live} />
    </Suspense>
  ) : (
    <App />
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
