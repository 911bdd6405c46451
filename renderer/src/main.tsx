import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { App } from './App';

// A share link (`#/live/<token>`, issue 19) is its own page: no app shell, no login, one session.
// A hash route like the rest of the app: asset URLs are relative (vite base './'), so a path
// such as /live/<token> would load the bundle from /live/assets/.
const LiveSharePage = lazy(() => import('./pages/LiveSharePage').then((m) => ({ default: m.LiveSharePage })));
const live = /^#\/live\/([A-Za-z0-9_-]{16,100})\/?$/.exec(location.hash);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {live ? (
      <Suspense fallback={null}>
        <LiveSharePage shareToken={live[1]!} />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);
