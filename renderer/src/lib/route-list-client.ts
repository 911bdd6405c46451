/**
 * The routes list for the routes page and pickers (issue 17): every route, read a page at a time
 * (GET /routes is paged since issue 14: at most 500 a request), and mini-map polylines of the
 * routes on screen. Works with the paged answer `{ items, total }` and the older bare array.
 */
import type { RouteDto } from '../../../shared/routes-api.js';
import { apiUrl, request } from './api-client';

const PAGE = 500;
/** 20 pages = 10,000 routes: more is not a list anyone scrolls; the search narrows it. */
const MAX_PAGES = 20;

export async function allRoutes(signal?: AbortSignal): Promise<RouteDto[]> {
  const out: RouteDto[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await request<RouteDto[] | { items: RouteDto[]; total: number }>(apiUrl('/routes', { limit: PAGE, offset: page * PAGE }), { signal });
    if (Array.isArray(body)) return body;
    out.push(...body.items);
    if (body.items.length < PAGE || out.length >= body.total) break;
  }
  return out;
}

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
