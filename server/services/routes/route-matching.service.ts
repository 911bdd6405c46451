import { decideRoute, ROUTE_ENDPOINT_TOLERANCE_M } from '../../domain/routes/route-match.js';
import { type ResampledTrack, resampleTrack } from '../../domain/routes/track.js';
import { type DerivedActivity, derivedTrackRow } from '../derive.js';
import type { Storage } from '../../storage/port.js';
import type { TrackRow } from '../../storage/repos/routes.repo.js';
import type { ActivityEvent } from '../activity-events.js';
import { boxAround, newRouteRow, prefilteredRoutes, summaryColumnsOf, summaryOf, trackOf } from './route-tracks.js';

/**
 * Keeps each GPS activity's resampled track and its route up to date as activities come and go.
 * A new track meets only the routes of its sport that start near its start (forward test) or
 * near its end (reverse test) — an indexed range query — then the domain prefilter and DTW.
 */
export class RouteMatchingService {
  constructor(private deps: { storage: Storage; now?: () => number }) {}

  async onEvent(e: ActivityEvent): Promise<void> {
    if (e.type === 'imported') {
      if (e.fresh) await this.indexDerived(e.userId, e.activityId, e.fresh.derived, e.fresh.name);
      else await this.indexActivity(e.userId, e.activityId);
    }
    else if (e.type === 'deleted') await this.removeActivity(e.userId, e.activityId);
    else if (e.type === 'updated' && (e.fields.includes('sport') || e.fields.includes('streams'))) {
      // Routes are per sport: a run re-labelled as a walk leaves its running route; new samples, a new track.
      await this.removeActivity(e.userId, e.activityId);
      await this.indexActivity(e.userId, e.activityId);
    }
  }

  /** Resamples and stores the activity's track and assigns its route; false when it has no usable GPS. */
  async indexActivity(userId: string, activityId: string): Promise<boolean> {
    const { storage } = this.deps;
    const a = await storage.activities.get(userId, activityId);
    if (!a || !a.hasGps) return false;
    const s = await storage.activities.readStreams(userId, activityId, ['latDeg', 'lonDeg']);
    if (!s) return false;
    const track = resampleTrack(s.channels.latDeg ?? [], s.channels.lonDeg ?? [], s.timeS);
    if (!track) return false;
    const row: TrackRow = {
      activityId,
      userId,
      sport: a.sport,
      startTimeMs: Date.parse(a.startTime),
      routeId: null,
      routeCostM: null,
      ...summaryColumnsOf(track),
    };
    await storage.routes.upsertTrack(row);
    await this.assignRoute(userId, row, a.name);
    return true;
  }

  /** A fresh import: the worker already resampled the track (derive.ts); store and match it. */
  async indexDerived(userId: string, activityId: string, d: DerivedActivity, name: string): Promise<boolean> {
    const row = derivedTrackRow(userId, activityId, d);
    if (!row || !d.track) return false;
    await this.deps.storage.routes.insertTrack(row);
    await this.assignRoute(userId, row, name, d.track.track);
    return true;
  }

  /** Matches a stored track against the user's routes: joins the best one or founds a new route. */
  async assignRoute(userId: string, row: TrackRow, activityName: string, decoded?: ResampledTrack): Promise<string> {
    const { storage } = this.deps;
    const track = decoded ?? trackOf(row);
    const boxes = [boxAround(row.startLat, row.startLon, ROUTE_ENDPOINT_TOLERANCE_M), boxAround(row.endLat, row.endLon, ROUTE_ENDPOINT_TOLERANCE_M)];
    const candidates = prefilteredRoutes(summaryOf(row), await storage.routes.routesStartingIn(userId, row.sport, boxes));
    const d = decideRoute(track, candidates);
    if (d.kind === 'same') {
      await this.nameAfterEarliest(userId, d.routeId, row, activityName);
      await storage.routes.setTrackRoute(userId, [row.activityId], d.routeId, d.costM);
      return d.routeId;
    }
    const route = newRouteRow(userId, activityName, row.sport, track, d.reverseOf, (this.deps.now ?? Date.now)());
    await storage.routes.insertRoute(route);
    await storage.routes.setTrackRoute(userId, [row.activityId], route.id, 0);
    return route.id;
  }

  /**
   * A route is named after its earliest activity (start time, then id), not the first one
   * imported, so a folder imported in any order names its routes alike (issue 15). A name the
   * user gave (one no member carries) stays.
   */
  private async nameAfterEarliest(userId: string, routeId: string, row: TrackRow, activityName: string): Promise<void> {
    const { storage } = this.deps;
    const route = await storage.routes.getRoute(userId, routeId);
    if (!route) return;
    const members = await storage.routes.members(userId, [routeId]);
    const earliest = members.reduce<(typeof members)[number] | null>((a, m) => (!a || m.startTimeMs < a.startTimeMs || (m.startTimeMs === a.startTimeMs && m.activityId < a.activityId) ? m : a), null);
    if (!earliest || route.name !== earliest.name) return;
    const before = row.startTimeMs < earliest.startTimeMs || (row.startTimeMs === earliest.startTimeMs && row.activityId < earliest.activityId);
    if (before && activityName !== route.name) await storage.routes.updateRoute(userId, routeId, { name: activityName });
  }

  /** Forgets the track; a route left without activities goes too. */
  async removeActivity(userId: string, activityId: string): Promise<void> {
    const { storage } = this.deps;
    const r = await storage.routes.deleteTrack(userId, activityId);
    if (!r?.routeId) return;
    const left = await storage.routes.members(userId, [r.routeId]);
    if (!left.length) await storage.routes.deleteRoute(userId, r.routeId);
  }
}
