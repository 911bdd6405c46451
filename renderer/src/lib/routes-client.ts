/** API calls of the routes, segments and heatmap pages (same origin, relative URLs like api-client.ts). */
import type { RouteDetailDto, RoutePageDto, SegmentCreateDto, SegmentDto, SegmentPageDto } from '../../../shared/routes-api.js';
import { ApiRequestError, apiUrl } from './api-client';

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiRequestError(0, 'network', 'Cannot reach the MileVault server.');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new ApiRequestError(res.status, body.error?.code ?? `http_${res.status}`, body.error?.message ?? res.statusText);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const send = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const enc = encodeURIComponent;

export const routesApi = {
  /** The 500 most used routes (filter and merge choices); the server pages every list. */
  routes: async (signal?: AbortSignal, sport?: string) =>
    (await json<RoutePageDto>(`${apiUrl('/routes')}${queryOf({ limit: '500', sport })}`, { signal })).items,
  /** One page of routes, most used first (at most 500 a page). */
  routesPage: (q: { limit?: number; offset?: number; sport?: string }, signal?: AbortSignal) =>
    json<RoutePageDto>(`${apiUrl('/routes')}${queryOf({ limit: q.limit?.toString(), offset: q.offset?.toString(), sport: q.sport })}`, { signal }),
  route: (id: string, signal?: AbortSignal) => json<RouteDetailDto>(apiUrl(`/routes/${enc(id)}`), { signal }),
  rename: (id: string, name: string) => json<RouteDetailDto>(apiUrl(`/routes/${enc(id)}`), send('PATCH', { name })),
  merge: (id: string, otherRouteId: string) => json<RouteDetailDto>(apiUrl(`/routes/${enc(id)}/merge`), send('POST', { otherRouteId })),
  split: (id: string, activityIds: string[]) => json<RouteDetailDto>(apiUrl(`/routes/${enc(id)}/split`), send('POST', { activityIds })),
  segment: (id: string, signal?: AbortSignal) => json<SegmentDto>(apiUrl(`/segments/${enc(id)}`), { signal }),
  segments: (q: { limit?: number; offset?: number }, signal?: AbortSignal) =>
    json<SegmentPageDto>(`${apiUrl('/segments')}${queryOf({ limit: q.limit?.toString(), offset: q.offset?.toString() })}`, { signal }),
  createSegment: (body: SegmentCreateDto) => json<SegmentDto>(apiUrl('/segments'), send('POST', body)),
  deleteSegment: (id: string) => json<void>(apiUrl(`/segments/${enc(id)}`), { method: 'DELETE' }),
  heatmapBounds: (q: { sport?: string; from?: string; to?: string }) =>
    json<{ bounds: { minLat: number; maxLat: number; minLon: number; maxLon: number } | null }>(`${apiUrl('/tiles/heatmap/bounds')}${queryOf(q)}`),
  heatmapTileUrl: (q: { sport?: string; from?: string; to?: string }) => `${apiUrl('/tiles/heatmap')}/{z}/{x}/{y}.mvt${queryOf(q)}`,
};

function queryOf(q: Record<string, string | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) s.set(k, v);
  const t = s.toString();
  return t ? `?${t}` : '';
}
