/**
 * Live sharing (issue 19): what the API answers and what a viewer receives, shared by the server
 * and the renderer. SI units and epoch milliseconds, like everything else.
 */
import { boundedInt, idSchema, text } from './validators.js';

/** One position as a viewer sees it: short keys, because a viewer receives thousands of them. */
export interface LiveViewPoint {
  /** Tracker time, epoch ms. */
  t: number;
  lat: number;
  lon: number;
  altM: number | null;
  speedMps: number | null;
  headingDeg: number | null;
  hrBpm: number | null;
}

export interface LiveViewSession {
  startedAtMs: number;
  lastPointMs: number;
  /** Server time of the latest update: the "last update N s ago" of the page. */
  lastReceivedAtMs: number;
  /** Stopped by the athlete, or no point for the inactivity gap. */
  ended: boolean;
  endReason: 'stopped' | 'inactive' | null;
  shareExpiresAtMs: number;
}

/** A session's planned route as a viewer gets it (shared/live-plan.ts computes progress on it). */
export interface LivePlanView {
  name: string;
  /** Length of the line, metres. */
  distanceM: number;
  /** [lat, lon] vertices, evenly spaced along the route. */
  line: [number, number][];
}

/** The athlete's view of a session's plan (`PUT /api/v1/live/sessions/:id/plan`, the listing). */
export interface LivePlanDto {
  name: string;
  /** 'gpx', 'route' or 'activity'. */
  source: string;
  distanceM: number;
  pointCount: number;
}

/** `GET /api/v1/live/share/:shareToken` and the first WebSocket message (`type: 'snapshot'`). */
export interface LiveViewDto {
  session: LiveViewSession;
  /**
   * The planned route (null: none). Sent on a first load and in every WebSocket snapshot; a poll
   * with `since` leaves it out (changes arrive as `plan` messages, or with `plan=1`).
   */
  plan?: LivePlanView | null;
  /** Oldest first; only points after `since` (and late ones received after `after`) when given. */
  points: LiveViewPoint[];
  /** True when more points follow (ask again with `since` = the last point's `t`). */
  more: boolean;
  serverNowMs: number;
  tileUrl: string;
  tileAttribution: string;
}

/** Messages a viewer's WebSocket receives. */
export type LiveViewMessage =
  | ({ type: 'snapshot' } & LiveViewDto)
  | { type: 'points'; points: LiveViewPoint[]; session: LiveViewSession; serverNowMs: number }
  | { type: 'plan'; plan: LivePlanView | null }
  | { type: 'gone'; reason: 'revoked' | 'expired' | 'not_found' };

export interface LiveTokenDto {
  id: string;
  name: string;
  createdAtMs: number;
  lastUsedAtMs: number | null;
  revokedAtMs: number | null;
}

/** `POST /api/v1/live/tokens`: the token is in this answer only. */
export interface LiveTokenCreatedDto extends LiveTokenDto {
  token: string;
  /** Ready-made tracker URLs (relative to the server) for this token. */
  urls: { osmand: string; gpslogger: string; owntracks: string };
}

export interface LiveShareDto {
  token: string;
  /** `/#/live/<token>` (a hash route of the UI), relative; `absoluteUrl` when MILEVAULT_PUBLIC_URL is set. */
  url: string;
  absoluteUrl: string | null;
  expiresAtMs: number;
  revoked: boolean;
  expired: boolean;
}

export interface LiveSessionDto {
  id: string;
  tokenId: string;
  startedAtMs: number;
  lastPointMs: number;
  lastReceivedAtMs: number;
  endedAtMs: number | null;
  endReason: string | null;
  active: boolean;
  pointCount: number;
  /** The recorded activity this session became once its file was imported. */
  activityId: string | null;
  share: LiveShareDto;
  /** The planned route's name and length, when one is attached. */
  plan: { name: string; distanceM: number } | null;
}

export interface LiveIngestResultDto {
  accepted: number;
  rejected: { index: number; reason: string }[];
}

export const liveTokenCreateBody = {
  type: 'object',
  additionalProperties: false,
  properties: { name: text(0, 100) },
} as const;

export const liveShareBody = {
  type: 'object',
  additionalProperties: false,
  properties: { expiresInH: boundedInt(1, 24 * 30) },
} as const;

export const liveShareParams = {
  type: 'object',
  required: ['shareToken'],
  properties: { shareToken: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,100}$' } },
} as const;

export const liveShareQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { since: boundedInt(0, 8_000_000_000_000), after: boundedInt(0, 8_000_000_000_000), plan: { type: 'integer', enum: [0, 1] } },
} as const;

export const liveSessionsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: boundedInt(1, 500, 50) },
} as const;

/** JSON body of `PUT /api/v1/live/sessions/:id/plan` (a GPX is sent as the body or multipart instead). */
export const livePlanBody = {
  type: 'object',
  additionalProperties: false,
  properties: { routeId: idSchema, activityId: idSchema, name: text(1, 200) },
} as const;

export const liveIdParams = { type: 'object', required: ['id'], properties: { id: idSchema } } as const;

/** What the share page shows, from the trail alone (the server and the page compute it alike). */
export interface LiveStats {
  distanceM: number;
  elapsedS: number;
  /** Of the latest point: sent by the tracker, else from the last two points. */
  speedMps: number | null;
  headingDeg: number | null;
  hrBpm: number | null;
}

const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

function distM(a: LiveViewPoint, b: LiveViewPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

function bearingDeg(a: LiveViewPoint, b: LiveViewPoint): number {
  const y = Math.sin(rad(b.lon - a.lon)) * Math.cos(rad(b.lat));
  const x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lon - a.lon));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** Points sorted by time (duplicates by `t` ignored). */
export function liveStats(points: readonly LiveViewPoint[]): LiveStats {
  let distanceM = 0;
  for (let i = 1; i < points.length; i++) distanceM += distM(points[i - 1]!, points[i]!);
  const last = points[points.length - 1];
  const prev = points[points.length - 2];
  if (!last) return { distanceM: 0, elapsedS: 0, speedMps: null, headingDeg: null, hrBpm: null };
  const dt = prev ? (last.t - prev.t) / 1000 : 0;
  const moved = prev ? distM(prev, last) : 0;
  return {
    distanceM,
    elapsedS: (last.t - points[0]!.t) / 1000,
    speedMps: last.speedMps ?? (prev && dt > 0 ? moved / dt : null),
    headingDeg: last.headingDeg ?? (prev && moved > 1 ? bearingDeg(prev, last) : null),
    hrBpm: last.hrBpm,
  };
}

/** Merges new points into a trail sorted by time, replacing none (the first copy of a time wins). */
export function mergeLivePoints(trail: LiveViewPoint[], incoming: readonly LiveViewPoint[]): LiveViewPoint[] {
  if (!incoming.length) return trail;
  const lastT = trail.length ? trail[trail.length - 1]!.t : -Infinity;
  if (incoming.every((p, i) => p.t > lastT && (i === 0 || p.t > incoming[i - 1]!.t))) return trail.concat(incoming);
  const byT = new Map<number, LiveViewPoint>();
  for (const p of trail) byT.set(p.t, p);
  for (const p of incoming) if (!byT.has(p.t)) byT.set(p.t, p);
  return [...byT.values()].sort((a, b) => a.t - b.t);
}
