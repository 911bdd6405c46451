import { sql, type CompiledQuery, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db-schema.js';
import type { ActivityTracksTable, RoutesTable, TrackSummaryColumns } from './routes-tables.js';
import { insertRows } from './fast-insert.js';
import { cachedQuery } from './cached-query.js';

export type TrackRow = ActivityTracksTable;
export type RouteRow = RoutesTable;
export type RouteListRow = Omit<RoutesTable, 'track'>;

/** GET /routes filters (issue 17: the routes page searches on the server). */
export interface RouteListFilter {
  limit: number;
  offset: number;
  sport?: string;
  /** Words that must all be in the name (case-insensitive; SQLite folds ASCII letters only). */
  q?: string;
  minActivities?: number;
  minDistanceM?: number;
  maxDistanceM?: number;
}

/** At most 8 lower-cased words of a search. */
export function nameWords(q: string | undefined): string[] {
  return (q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
}

export interface RouteMemberRow {
  activityId: string;
  routeId: string;
  routeCostM: number | null;
  name: string;
  startTimeMs: number;
  timerTimeS: number | null;
  elapsedTimeS: number | null;
  avgHrBpm: number | null;
}

export interface LatLonBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

export interface RoutesRepo {
  upsertTrack(t: TrackRow): Promise<void>;
  /** A new activity's track (there is none to replace). */
  insertTrack(t: TrackRow): Promise<void>;
  getTrack(userId: string, activityId: string): Promise<TrackRow | null>;
  /** Removes the track; returns the route it belonged to. */
  deleteTrack(userId: string, activityId: string): Promise<{ routeId: string | null } | null>;
  setTrackRoute(userId: string, activityIds: string[], routeId: string | null, costM: number | null): Promise<void>;
  /** Routes of one sport whose start lies in one of the boxes (the prefilter's indexed part). */
  routesStartingIn(userId: string, sport: string, boxes: LatLonBox[]): Promise<RouteRow[]>;
  insertRoute(r: RouteRow): Promise<void>;
  updateRoute(userId: string, id: string, patch: Partial<Pick<RouteRow, 'name' | 'reverseOf'> & TrackSummaryColumns>): Promise<boolean>;
  /** Deletes the route and forgets it as anyone's `reverseOf`. */
  deleteRoute(userId: string, id: string): Promise<void>;
  getRoute(userId: string, id: string): Promise<RouteRow | null>;
  listRoutes(userId: string): Promise<RouteListRow[]>;
  /**
   * One page of routes, most activities first (then oldest, then id), with the count of each and
   * the total: the count runs on the (user_id, route_id) index, the page is the only thing read.
   */
  pageRoutes(userId: string, q: RouteListFilter): Promise<{ rows: RouteListRow[]; total: number }>;
  /** Members of the given routes (all of the user's routes when omitted), with the activity's time and HR. */
  members(userId: string, routeIds?: string[]): Promise<RouteMemberRow[]>;
  /**
   * The activity's route, its name, how many activities it has and how many rank before this one
   * (faster time, timer else elapsed, no time last; then earlier start; then id), counted in SQL
   * over the route's index instead of reading every member (issue 14: an activity page grew with
   * its route's history), in one statement (one round trip on PostgreSQL). Null without a route.
   */
  routeRank(userId: string, activityId: string): Promise<{ routeId: string; name: string; members: number; before: number } | null>;
  /** Tracks for the heatmap, newest first. */
  tracks(userId: string, q: { sport?: string; fromMs?: number; toMs?: number }): Promise<Pick<TrackRow, 'activityId' | 'sport' | 'track'>[]>;
  /**
   * A fingerprint of the user's tracks and activities (counts and latest update) read from the
   * database, so a cache in one process sees writes made by another (a CLI import while the
   * server runs): any insert, delete or edit changes it.
   */
  dataVersion(userId: string): Promise<string>;
  /** Bounding box of every track that passes the filter, null when none. */
  bounds(userId: string, q: { sport?: string; fromMs?: number; toMs?: number }): Promise<LatLonBox | null>;
  /** GPS activities that have no stored track yet (imported before routes existed), oldest first. */
  activitiesWithoutTrack(userId: string, limit: number): Promise<string[]>;
  /** Tracks whose bounding box contains the box (segment scans). */
  tracksCovering(userId: string, box: LatLonBox): Promise<TrackRow[]>;
}

type Row = Record<string, unknown>;

/**
 * An activity's route (and its name) and its place there, in one statement and one pass over the
 * route's members. Ahead of it: a shorter time (timer, else elapsed; no time is last), then on a
 * tie the earlier start, then the smaller id. JSON-safe columns (read-together.ts).
 */
export function routeRankRead(db: Kysely<Database>, userId: string, activityId: string): CompiledQuery {
  return sql<{ rid: string; rname: string; n: number | string; before: number | string | null }>`
    with me as (
      select t.route_id as route_id, coalesce(a.timer_time_s, a.elapsed_time_s) as tm, a.start_time_ms as st, a.id as id
      from activity_tracks t join activities a on a.id = t.activity_id and a.user_id = t.user_id
      where t.user_id = ${userId} and t.activity_id = ${activityId} and t.route_id is not null
    ), m as (
      select me.route_id as route_id, coalesce(a.timer_time_s, a.elapsed_time_s) as tm, a.start_time_ms as st, a.id as id
      from me join activity_tracks t on t.user_id = ${userId} and t.route_id = me.route_id
      join activities a on a.id = t.activity_id and a.user_id = t.user_id
    )
    select me.route_id as rid, r.name as rname, count(*) as n,
      sum(case when (m.tm is not null and (me.tm is null or m.tm < me.tm))
         or (((m.tm is null and me.tm is null) or m.tm = me.tm) and (m.st < me.st or (m.st = me.st and m.id < me.id))) then 1 else 0 end) as before
    from me join routes r on r.id = me.route_id and r.user_id = ${userId}
    join m on m.route_id = me.route_id
    group by me.route_id, r.name, me.tm, me.st, me.id
  `.compile(db);
}

/** routeRank's answer from routeRankRead's rows (null: the activity has no route). */
export function routeRankFromRows(rows: Row[]): { routeId: string; name: string; members: number; before: number } | null {
  const row = rows[0] as { rid: string; rname: string; n: number | string; before: number | string | null } | undefined;
  if (!row) return null;
  // Single-word aliases: the camel-case plugin renames result columns that have underscores.
  return { routeId: row.rid, name: row.rname, members: Number(row.n), before: Number(row.before ?? 0) };
}

/** Dialect-neutral queries for tracks and routes, written once for both adapters. */
export function createRoutesRepo(db: Kysely<Database>): RoutesRepo {
  return {
    async insertTrack(t) {
      await insertRows(db, 'activityTracks', [t]);
    },

    async upsertTrack(t) {
      await db.deleteFrom('activityTracks').where('userId', '=', t.userId).where('activityId', '=', t.activityId).execute();
      await db.insertInto('activityTracks').values(t).execute();
    },

    async getTrack(userId, activityId) {
      return (await db.selectFrom('activityTracks').selectAll().where('userId', '=', userId).where('activityId', '=', activityId).executeTakeFirst()) ?? null;
    },

    async deleteTrack(userId, activityId) {
      const row = await db.selectFrom('activityTracks').select('routeId').where('userId', '=', userId).where('activityId', '=', activityId).executeTakeFirst();
      if (!row) return null;
      await db.deleteFrom('activityTracks').where('userId', '=', userId).where('activityId', '=', activityId).execute();
      return { routeId: row.routeId };
    },

    async setTrackRoute(userId, activityIds, routeId, costM) {
      if (!activityIds.length) return;
      await cachedQuery(db, `activityTracks.setRoute:${activityIds.length}`, [routeId, costM, userId, ...activityIds], (p) =>
        db
          .updateTable('activityTracks')
          .set({ routeId: p[0] as string | null, routeCostM: p[1] as number | null })
          .where('userId', '=', p[2] as string)
          .where('activityId', 'in', p.slice(3) as string[]),
      );
    },

    async routesStartingIn(userId, sport, boxes) {
      if (!boxes.length) return [];
      const { rows } = await cachedQuery(db, `routes.startingIn:${boxes.length}`, [userId, sport, ...boxes.flatMap((b) => [b.minLat, b.maxLat, b.minLon, b.maxLon])], (p) =>
        db
          .selectFrom('routes')
          .selectAll()
          .where('userId', '=', p[0] as string)
          .where('sport', '=', p[1] as string)
          .where((eb) =>
            eb.or(
              boxes.map((_, k) => {
                const [minLat, maxLat, minLon, maxLon] = p.slice(2 + k * 4, 6 + k * 4) as number[];
                return eb.and([eb('startLat', '>=', minLat), eb('startLat', '<=', maxLat), eb('startLon', '>=', minLon), eb('startLon', '<=', maxLon)]);
              }),
            ),
          ),
      );
      return rows;
    },

    async insertRoute(r) {
      await db.insertInto('routes').values(r).execute();
    },

    async updateRoute(userId, id, patch) {
      if (!Object.keys(patch).length) return true;
      const r = await db.updateTable('routes').set(patch).where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async deleteRoute(userId, id) {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('routes').set({ reverseOf: null }).where('userId', '=', userId).where('reverseOf', '=', id).execute();
        await trx.updateTable('activityTracks').set({ routeId: null, routeCostM: null }).where('userId', '=', userId).where('routeId', '=', id).execute();
        await trx.deleteFrom('routes').where('userId', '=', userId).where('id', '=', id).execute();
      });
    },

    async getRoute(userId, id) {
      return (await db.selectFrom('routes').selectAll().where('userId', '=', userId).where('id', '=', id).executeTakeFirst()) ?? null;
    },

    async pageRoutes(userId, q) {
      const members = (eb: ExpressionBuilder<Database & { r: Database['routes'] }, 'r'>) =>
        eb.selectFrom('activityTracks as t').select(eb.fn.countAll<number>().as('n')).whereRef('t.userId', '=', 'r.userId').whereRef('t.routeId', '=', 'r.id');
      const filtered = <T extends SelectQueryBuilder<Database & { r: Database['routes'] }, 'r', object>>(s: T): T => {
        let out = s.where('r.userId', '=', userId);
        if (q.sport) out = out.where('r.sport', '=', q.sport);
        // Every word in the name, case-insensitive on both databases; % and _ typed are literal.
        for (const w of nameWords(q.q)) out = out.where(sql<boolean>`lower(r.name) like ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
        if (q.minDistanceM !== undefined) out = out.where('r.distanceM', '>=', q.minDistanceM);
        if (q.maxDistanceM !== undefined) out = out.where('r.distanceM', '<=', q.maxDistanceM);
        if (q.minActivities !== undefined && q.minActivities > 1) out = out.where((eb) => eb(members(eb), '>=', q.minActivities!));
        return out as T;
      };
      if (q.q !== undefined || q.minActivities !== undefined || q.minDistanceM !== undefined || q.maxDistanceM !== undefined) {
        const cols = ['r.id', 'r.userId', 'r.name', 'r.sport', 'r.reverseOf', 'r.createdAtMs', 'r.startLat', 'r.startLon', 'r.endLat', 'r.endLon', 'r.minLat', 'r.maxLat', 'r.minLon', 'r.maxLon', 'r.distanceM', 'r.pointCount'] as const;
        const [rows, t] = await Promise.all([
          filtered(db.selectFrom('routes as r').select(cols).select((eb) => members(eb).as('members')))
            .orderBy('members', 'desc').orderBy('r.createdAtMs').orderBy('r.id').limit(q.limit).offset(q.offset).execute(),
          filtered(db.selectFrom('routes as r').select((eb) => eb.fn.countAll<number>().as('n'))).executeTakeFirst(),
        ]);
        return { rows: rows.map(({ members: _m, ...r }) => r), total: Number(t?.n ?? 0) };
      }
      const cols = ['r.id', 'r.userId', 'r.name', 'r.sport', 'r.reverseOf', 'r.createdAtMs', 'r.startLat', 'r.startLon', 'r.endLat', 'r.endLon', 'r.minLat', 'r.maxLat', 'r.minLon', 'r.maxLon', 'r.distanceM', 'r.pointCount'] as const;
      // A correlated count per route reads the covering (user_id, route_id) index only (10× faster
      // on SQLite than a LEFT JOIN + GROUP BY, which sorts every track of the user).
      let page = db
        .selectFrom('routes as r')
        .select(cols)
        .select((eb) =>
          eb
            .selectFrom('activityTracks as t')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('t.userId', '=', 'r.userId')
            .whereRef('t.routeId', '=', 'r.id')
            .as('members'),
        )
        .where('r.userId', '=', userId);
      let total = db.selectFrom('routes').select((eb) => eb.fn.countAll<number>().as('n')).where('userId', '=', userId);
      if (q.sport) {
        page = page.where('r.sport', '=', q.sport);
        total = total.where('sport', '=', q.sport);
      }
      const [rows, t] = await Promise.all([
        page.orderBy('members', 'desc').orderBy('r.createdAtMs').orderBy('r.id').limit(q.limit).offset(q.offset).execute(),
        total.executeTakeFirst(),
      ]);
      return { rows: rows.map(({ members: _m, ...r }) => r), total: Number(t?.n ?? 0) };
    },

    listRoutes(userId) {
      return db
        .selectFrom('routes')
        .select(['id', 'userId', 'name', 'sport', 'reverseOf', 'createdAtMs', 'startLat', 'startLon', 'endLat', 'endLon', 'minLat', 'maxLat', 'minLon', 'maxLon', 'distanceM', 'pointCount'])
        .where('userId', '=', userId)
        .orderBy('createdAtMs')
        .orderBy('id')
        .execute();
    },

    async members(userId, routeIds) {
      if (routeIds && !routeIds.length) return [];
      let q = db
        .selectFrom('activityTracks as t')
        .innerJoin('activities as a', (j) => j.onRef('a.id', '=', 't.activityId').onRef('a.userId', '=', 't.userId'))
        .select(['t.activityId', 't.routeId', 't.routeCostM', 'a.name', 'a.startTimeMs', 'a.timerTimeS', 'a.elapsedTimeS', 'a.avgHrBpm'])
        .where('t.userId', '=', userId)
        .where('t.routeId', 'is not', null);
      if (routeIds) q = q.where('t.routeId', 'in', routeIds);
      // Sorted here, not in SQL: an ORDER BY a.start_time_ms made SQLite walk every activity of the
      // user by its start index and probe each track (issue 14: an activity page grew with the
      // history, 18 ms at 3,000 activities); without it the (user_id, route_id) index finds the members.
      const rows = (await q.execute()).sort((x, y) => Number(x.startTimeMs) - Number(y.startTimeMs) || (x.activityId < y.activityId ? -1 : x.activityId > y.activityId ? 1 : 0));
      return rows.map((r) => ({
        ...r,
        routeId: r.routeId as string,
        startTimeMs: Number(r.startTimeMs),
        routeCostM: r.routeCostM === null ? null : Number(r.routeCostM),
        timerTimeS: r.timerTimeS === null ? null : Number(r.timerTimeS),
        elapsedTimeS: r.elapsedTimeS === null ? null : Number(r.elapsedTimeS),
        avgHrBpm: r.avgHrBpm === null ? null : Number(r.avgHrBpm),
      }));
    },

    async routeRank(userId, activityId) {
      return routeRankFromRows((await db.executeQuery<Row>(routeRankRead(db, userId, activityId))).rows);
    },

    tracks(userId, q) {
      let s = db.selectFrom('activityTracks').select(['activityId', 'sport', 'track']).where('userId', '=', userId);
      if (q.sport) s = s.where('sport', '=', q.sport);
      if (q.fromMs !== undefined) s = s.where('startTimeMs', '>=', q.fromMs);
      if (q.toMs !== undefined) s = s.where('startTimeMs', '<', q.toMs);
      return s.orderBy('startTimeMs', 'desc').execute();
    },

    async dataVersion(userId) {
      // One statement (was two round trips): every athlete's caches ask it once a second (issue 14).
      const { rows } = await cachedQuery(db, 'routes.dataVersion', [userId], (p) =>
        db
          .selectNoFrom((eb) => [
            eb.selectFrom('activityTracks').select((e) => e.fn.countAll<number>().as('n')).where('userId', '=', p[0] as string).as('t'),
            eb.selectFrom('activities').select((e) => e.fn.countAll<number>().as('n')).where('userId', '=', p[0] as string).as('a'),
            eb.selectFrom('activities').select((e) => e.fn.max('updatedAtMs').as('u')).where('userId', '=', p[0] as string).as('u'),
          ]),
      );
      const r = rows[0] as { t: number | string; a: number | string; u: number | string | null };
      return `${Number(r.t)}:${Number(r.a)}:${Number(r.u ?? 0)}`;
    },

    async bounds(userId, q) {
      let s = db
        .selectFrom('activityTracks')
        .select((eb) => [eb.fn.min('minLat').as('minLat'), eb.fn.max('maxLat').as('maxLat'), eb.fn.min('minLon').as('minLon'), eb.fn.max('maxLon').as('maxLon')])
        .where('userId', '=', userId);
      if (q.sport) s = s.where('sport', '=', q.sport);
      if (q.fromMs !== undefined) s = s.where('startTimeMs', '>=', q.fromMs);
      if (q.toMs !== undefined) s = s.where('startTimeMs', '<', q.toMs);
      const r = await s.executeTakeFirst();
      if (!r || r.minLat === null) return null;
      return { minLat: Number(r.minLat), maxLat: Number(r.maxLat), minLon: Number(r.minLon), maxLon: Number(r.maxLon) };
    },

    async activitiesWithoutTrack(userId, limit) {
      const rows = await db
        .selectFrom('activities as a')
        .leftJoin('activityTracks as t', (j) => j.onRef('t.activityId', '=', 'a.id').onRef('t.userId', '=', 'a.userId'))
        .select('a.id')
        .where('a.userId', '=', userId)
        .where('a.hasGps', '=', 1)
        .where('t.activityId', 'is', null)
        .orderBy('a.startTimeMs')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },

    tracksCovering(userId, b) {
      return db
        .selectFrom('activityTracks')
        .selectAll()
        .where('userId', '=', userId)
        .where('minLat', '<=', b.minLat)
        .where('maxLat', '>=', b.maxLat)
        .where('minLon', '<=', b.minLon)
        .where('maxLon', '>=', b.maxLon)
        .execute();
    },
  };
}
