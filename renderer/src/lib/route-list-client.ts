/**
 * The routes list for the routes page and the merge picker (issue 17): one page of GET /routes
 * with the server's search and filters, and mini-map polylines of the routes on screen. Works
 * with the paged answer `{ items, total }` and the older bare array.
 */
import type { RouteDto } from '../../../shared/routes-api.js';
import { apiUrl, request } from './api-client';

export interface RouteFilter {
  q?: string;
  sport?: string;
  minActivities?: number;
  minDistanceM?: number;
  maxDistanceM?: number;
}

/** One page of GET /routes with the server-side search and filters (issue 17). */
export async function routePage(f: RouteFilter, limit: number, offset: number, signal?: AbortSignal): Promise<{ items: RouteDto[]; total: number }> {
  const body = await request<RouteDto[] | { items: RouteDto[]; total: number }>(apiUrl('/routes', { limit, offset, q: f.q?.trim() || undefined, sport: f.sport || undefined, minActivities: f.minActivities, minDistanceM: f.minDistanceM, maxDistanceM: f.maxDistanceM }), { signal });
  return Array.isArray(body) ? { items: body, total: body.length } : body;
}

export async function routePreviews(ids: string[], signal?: AbortSignal): Promise<Map<string, [number, number][]>> {
  const out = new Map<string, [number, number][]>();
  for (let i = 0; i < ids.length; i += 100) {
    const part = ids.slice(i, i + 100);
    const body = await request<{ items: { id: string; points: [number, number][] }[] }>(apiUrl('/routes/previews', { ids: part.join(',') }), { signal });
    for (const it of body.items) out.set(it.id, it.points);
  }
  return out;
}
