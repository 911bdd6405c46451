import type { ActivityPageReads } from '../../storage/repos/activity-page.repo.js';
import type { ActivityRouteInfoDto, RouteActivityDto, RouteDetailDto, RouteDto, RoutePageDto } from '../../../shared/routes-api.js';
import type { Storage } from '../../storage/port.js';
import type { RouteListFilter, RouteListRow, RouteMemberRow } from '../../storage/repos/routes.repo.js';
import { NotFoundError } from '../activity.service.js';
import { latLonPairs, newRouteRow, trackOf } from './route-tracks.js';

const iso = (ms: number) => new Date(ms).toISOString();
/** The time compared on a route: the device's timer (moving) time, elapsed when absent. */
const timeOf = (m: RouteMemberRow) => m.timerTimeS ?? m.elapsedTimeS;

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code: 'bad_request' });
}

/** Ranks members by time (fastest = 1; activities without a time rank last, oldest first). */
function ranked(members: RouteMemberRow[]): Map<string, number> {
  const order = [...members].sort((a, b) => (timeOf(a) ?? Infinity) - (timeOf(b) ?? Infinity) || a.startTimeMs - b.startTimeMs);
  return new Map(order.map((m, i) => [m.activityId, i + 1]));
}

/** Reading and curating routes: list, detail, rename, merge, split. */
export class RoutesService {
  constructor(private deps: { storage: Storage; now?: () => number }) {}

  private dto(r: RouteListRow, members: RouteMemberRow[]): RouteDto {
    const newestFirst = [...members].sort((a, b) => b.startTimeMs - a.startTimeMs);
    const best = [...members].filter((m) => timeOf(m) !== null).sort((a, b) => timeOf(a)! - timeOf(b)!)[0];
    return {
      id: r.id,
      name: r.name,
      sport: r.sport,
      activityIds: newestFirst.map((m) => m.activityId),
      distanceM: Number(r.distanceM),
      ...(r.reverseOf ? { reverseOf: r.reverseOf } : {}),
      activityCount: members.length,
      bestTimeS: best ? timeOf(best) : null,
      bestActivityId: best?.activityId ?? null,
      lastTimeS: newestFirst[0] ? timeOf(newestFirst[0]) : null,
      lastStartTime: newestFirst[0] ? iso(newestFirst[0].startTimeMs) : null,
    };
  }

  /** One page of routes, most used first: only the page's routes and members are read. */
  async list(userId: string, q: RouteListFilter): Promise<RoutePageDto> {
    const { rows, total } = await this.deps.storage.routes.pageRoutes(userId, q);
    const members = await this.deps.storage.routes.members(userId, rows.map((r) => r.id));
    const by = new Map<string, RouteMemberRow[]>();
    for (const m of members) (by.get(m.routeId) ?? by.set(m.routeId, []).get(m.routeId)!).push(m);
    return { items: rows.map((r) => this.dto(r, by.get(r.id) ?? [])), total, limit: q.limit, offset: q.offset };
  }

  async get(userId: string, id: string): Promise<RouteDetailDto> {
    const r = await this.deps.storage.routes.getRoute(userId, id);
    if (!r) throw new NotFoundError(`route ${id} not found`);
    const members = await this.deps.storage.routes.members(userId, [id]);
    const rank = ranked(members);
    const activities: RouteActivityDto[] = members.map((m) => ({
      activityId: m.activityId,
      name: m.name,
      startTime: iso(m.startTimeMs),
      timeS: timeOf(m),
      avgHrBpm: m.avgHrBpm,
      rank: rank.get(m.activityId)!,
      matchCostM: m.routeCostM,
    }));
    return { ...this.dto(r, members), track: latLonPairs(trackOf(r)), activities };
  }

  async rename(userId: string, id: string, name: string): Promise<RouteDetailDto> {
    if (!name.trim()) throw badRequest('name must not be empty');
    if (!(await this.deps.storage.routes.updateRoute(userId, id, { name: name.trim() }))) throw new NotFoundError(`route ${id} not found`);
    return this.get(userId, id);
  }

  /** Moves every activity of `otherId` into `id` and deletes `otherId`. */
  async merge(userId: string, id: string, otherId: string): Promise<RouteDetailDto> {
    if (id === otherId) throw badRequest('cannot merge a route with itself');
    const { routes } = this.deps.storage;
    const [a, b] = await Promise.all([routes.getRoute(userId, id), routes.getRoute(userId, otherId)]);
    if (!a) throw new NotFoundError(`route ${id} not found`);
    if (!b) throw new NotFoundError(`route ${otherId} not found`);
    const moved = await routes.members(userId, [otherId]);
    await routes.setTrackRoute(userId, moved.map((m) => m.activityId), id, null);
    await routes.deleteRoute(userId, otherId);
    return this.get(userId, id);
  }

  /** The listed activities leave the route and found a new one (its track is the first one's). */
  async split(userId: string, id: string, activityIds: string[]): Promise<RouteDetailDto> {
    const { storage } = this.deps;
    const r = await storage.routes.getRoute(userId, id);
    if (!r) throw new NotFoundError(`route ${id} not found`);
    const members = await storage.routes.members(userId, [id]);
    const leaving = members.filter((m) => activityIds.includes(m.activityId));
    if (!leaving.length || leaving.length !== new Set(activityIds).size) throw badRequest('activityIds must be activities of this route');
    if (leaving.length === members.length) throw badRequest('splitting out every activity would leave the route empty');
    const first = await storage.routes.getTrack(userId, leaving[0].activityId);
    if (!first) throw new NotFoundError(`track of activity ${leaving[0].activityId} not found`);
    const row = newRouteRow(userId, `${r.name} (split)`, r.sport, trackOf(first), null, (this.deps.now ?? Date.now)());
    await storage.routes.insertRoute(row);
    await storage.routes.setTrackRoute(userId, leaving.map((m) => m.activityId), row.id, null);
    return this.get(userId, row.id);
  }

  /** "Same route as N others, your rank k", or null when the activity has no route. */
  async activityInfo(userId: string, activityId: string, read?: ActivityPageReads['routeRank']): Promise<ActivityRouteInfoDto | null> {
    // `read`: the rank already read with the rest of the activity page (null: it has no route).
    const rank = read !== undefined ? read : await this.deps.storage.routes.routeRank(userId, activityId);
    if (!rank) return null;
    return { routeId: rank.routeId, name: rank.name, others: rank.members - 1, rank: rank.before + 1 };
  }
}
