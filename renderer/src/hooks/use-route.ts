/**
 * A hash router in a few lines. Hash routing needs no server fallback rule, so the same bundle works
 * from the server, behind a proxy sub-path and inside Electron without configuration.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'activities'; query: URLSearchParams }
  | { page: 'activity'; id: string; query: URLSearchParams }
  | { page: 'import'; query: URLSearchParams }
  | { page: 'settings'; query: URLSearchParams }
  | { page: 'not-found'; query: URLSearchParams };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path = '/', qs = ''] = raw.split('?', 2);
  const query = new URLSearchParams(qs);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts[0] === 'activities' && parts.length === 1)) return { page: 'activities', query };
  if (parts[0] === 'activities' && parts.length === 2) return { page: 'activity', id: parts[1]!, query };
  if (parts[0] === 'import' && parts.length === 1) return { page: 'import', query };
  if (parts[0] === 'settings' && parts.length === 1) return { page: 'settings', query };
  return { page: 'not-found', query };
}

export function href(path: string, query?: Record<string, string | number | undefined | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const q = qs.toString();
  return `#${path}${q ? `?${q}` : ''}`;
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const target = to.startsWith('#') ? to : `#${to}`;
  if (opts.replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
  }
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
