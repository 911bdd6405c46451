/**
 * Hash routes of the routes, segments and heatmap pages (issue 6), kept apart from
 * hooks/use-route.ts like lib/analysis-routes.ts so they plug into the shell with a small edit.
 */
export type RouteFeatureRoute =
  | { page: 'routes' }
  | { page: 'route'; id: string }
  | { page: 'segments' }
  | { page: 'segment'; id: string }
  | { page: 'heatmap'; query: URLSearchParams };

export function parseRouteFeatureHash(hash: string): RouteFeatureRoute | null {
  const raw = hash.replace(/^#/, '') || '/';
  const [path = '/', qs = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 1 && parts[0] === 'routes') return { page: 'routes' };
  if (parts.length === 2 && parts[0] === 'routes') return { page: 'route', id: parts[1]! };
  if (parts.length === 1 && parts[0] === 'segments') return { page: 'segments' };
  if (parts.length === 2 && parts[0] === 'segments') return { page: 'segment', id: parts[1]! };
  if (parts.length === 1 && parts[0] === 'heatmap') return { page: 'heatmap', query: new URLSearchParams(qs) };
  return null;
}
