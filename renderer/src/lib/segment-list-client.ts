/** Segments list and profiles (issue 17). Works with the paged `{ items, total }` answer and the older bare array. */
import type { SegmentDto } from '../../../shared/routes-api.js';
import { apiUrl, request } from './api-client';

export interface SegmentProfileDto {
  id: string;
  activityId: string;
  /** [metres from the start, altitude m] */
  points: [number, number][];
  distanceM: number;
  ascentM: number;
  descentM: number;
  avgGradePct: number | null;
  maxGradePct: number | null;
}

const PAGE = 500;

export async function allSegments(signal?: AbortSignal): Promise<SegmentDto[]> {
  const out: SegmentDto[] = [];
  for (let page = 0; page < 20; page++) {
    const body = await request<SegmentDto[] | { items: SegmentDto[]; total: number }>(apiUrl('/segments', { limit: PAGE, offset: page * PAGE }), { signal });
    if (Array.isArray(body)) return body;
    out.push(...body.items);
    if (body.items.length < PAGE || out.length >= body.total) break;
  }
  return out;
}

export async function segmentProfiles(ids: string[], signal?: AbortSignal): Promise<Map<string, SegmentProfileDto>> {
  const out = new Map<string, SegmentProfileDto>();
  for (let i = 0; i < ids.length; i += 50) {
    const body = await request<{ items: SegmentProfileDto[] }>(apiUrl('/segments/profiles', { ids: ids.slice(i, i + 50).join(',') }), { signal });
    for (const p of body.items) out.set(p.id, p);
  }
  return out;
}

export const segmentProfile = (id: string, signal?: AbortSignal) =>
  request<{ profile: SegmentProfileDto | null }>(apiUrl(`/segments/${encodeURIComponent(id)}/profile`), { signal });

/** Every n-th point so a list row's sketch stays small (the full segment track can be thousands). */
export function thin(points: [number, number][], max = 48): [number, number][] {
  if (points.length <= max) return points;
  const out: [number, number][] = [];
  for (let k = 0; k < max; k++) out.push(points[Math.round((k * (points.length - 1)) / (max - 1))]!);
  return out;
}

export function formatGrade(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return '—';
  return `${pct > 0 ? '' : pct < 0 ? '−' : ''}${Math.abs(pct).toFixed(1)} %`;
}
