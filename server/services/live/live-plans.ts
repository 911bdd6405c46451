import type { LivePlanDto, LivePlanView } from '../../../shared/live-api.js';
import { resampleLine } from '../../../shared/live-plan.js';
import { decodeTrack, encodeTrack } from '../../domain/routes/track-codec.js';
import { gpxPolyline } from '../../domain/segments/gpx-polyline.js';
import type { Storage } from '../../storage/port.js';
import type { LivePlanRow } from '../../storage/repos/live.repo.js';

/** A plan a viewer downloads is at most this many vertices (a 300 km ultra at 60 m spacing). */
export const PLAN_MAX_POINTS = 5_000;
/** Finest spacing: the projection's window covers tens of segments, not thousands. */
const PLAN_MIN_SPACING_M = 10;
const PLAN_MIN_LENGTH_M = 50;

export type PlanSource = { gpx: Uint8Array; name?: string } | { routeId: string; name?: string } | { activityId: string; name?: string };

function httpError(status: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode: status, code });
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Planned routes of live sessions (issue 19): the athlete attaches a GPX, one of their stored
 * routes or a recorded activity's track; it is stored resampled (PLAN_MAX_POINTS at most) and
 * viewers receive it with the trail. Progress along it (distance done, to go, ETA) is computed
 * from the trail by shared/live-plan.ts, on the page as on the server.
 */
export class LivePlans {
  /** Decoded views by session: 1,000 viewers connecting do not decode the line 1,000 times. */
  private cache = new Map<string, LivePlanView | null>();

  constructor(private readonly storage: Storage, private readonly now: () => number) {}

  async lineOf(userId: string, src: PlanSource): Promise<{ lat: number[]; lon: number[]; name: string; source: string }> {
    if ('gpx' in src) {
      let p: ReturnType<typeof gpxPolyline>;
      try {
        p = gpxPolyline(src.gpx);
      } catch (e) {
        throw httpError(400, 'bad_request', `planned route: not a readable GPX file (${e instanceof Error ? e.message : String(e)})`);
      }
      return { lat: p.lat, lon: p.lon, name: src.name ?? p.name ?? 'Planned route', source: 'gpx' };
    }
    if ('routeId' in src) {
      const r = await this.storage.routes.getRoute(userId, src.routeId);
      if (!r) throw httpError(404, 'not_found', 'planned route: no such route');
      const t = decodeTrack(r.track);
      return { lat: [...t.lat], lon: [...t.lon], name: src.name ?? r.name, source: 'route' };
    }
    const t = await this.storage.routes.getTrack(userId, src.activityId);
    if (!t) {
      const a = await this.storage.activities.get(userId, src.activityId);
      throw a ? httpError(400, 'bad_request', 'planned route: that activity has no GPS track') : httpError(404, 'not_found', 'planned route: no such activity');
    }
    const a = await this.storage.activities.get(userId, src.activityId);
    const d = decodeTrack(t.track);
    return { lat: [...d.lat], lon: [...d.lon], name: src.name ?? a?.name ?? 'Planned route', source: 'activity' };
  }

  /** Attaches a plan to a session the caller owns (checked by the caller). */
  async attach(userId: string, sessionId: string, src: PlanSource): Promise<LivePlanDto> {
    const line = await this.lineOf(userId, src);
    const first = resampleLine(line.lat, line.lon, PLAN_MIN_SPACING_M);
    if (first.lat.length < 2 || first.distanceM < PLAN_MIN_LENGTH_M) throw httpError(400, 'bad_request', `planned route: no track or route of at least ${PLAN_MIN_LENGTH_M} m in it`);
    const spacing = Math.max(PLAN_MIN_SPACING_M, first.distanceM / (PLAN_MAX_POINTS - 2));
    const r = spacing > PLAN_MIN_SPACING_M ? resampleLine(line.lat, line.lon, spacing) : first;
    const track = encodeTrack({ lat: Float64Array.from(r.lat), lon: Float64Array.from(r.lon), timeS: new Float64Array(r.lat.length), distanceM: r.distanceM });
    const row: LivePlanRow = { sessionId, userId, name: line.name.slice(0, 200), source: line.source, distanceM: r.distanceM, pointCount: r.lat.length, track, createdAtMs: this.now() };
    await this.storage.live.setPlan(row);
    this.cache.delete(sessionId);
    return { name: row.name, source: row.source, distanceM: row.distanceM, pointCount: row.pointCount };
  }

  async detach(userId: string, sessionId: string): Promise<boolean> {
    this.cache.delete(sessionId);
    return this.storage.live.deletePlan(userId, sessionId);
  }

  /** What a viewer gets: the line (rounded to 1e-6°, 11 cm) with its name and length. */
  async view(sessionId: string): Promise<LivePlanView | null> {
    if (this.cache.has(sessionId)) return this.cache.get(sessionId)!;
    const row = await this.storage.live.getPlan(sessionId);
    const view = row ? viewOf(row) : null;
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(sessionId, view);
    return view;
  }

  forget(sessionId?: string): void {
    if (sessionId === undefined) this.cache.clear();
    else this.cache.delete(sessionId);
  }
}

export function viewOf(row: LivePlanRow): LivePlanView {
  const t = decodeTrack(row.track);
  const line: [number, number][] = [];
  for (let i = 0; i < t.lat.length; i++) line.push([round6(t.lat[i]!), round6(t.lon[i]!)]);
  return { name: row.name, distanceM: row.distanceM, line };
}
