import { sql, type Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { LivePlansTable, LivePointsTable, LiveSessionsTable, LiveTables, LiveTokensTable } from './live-tables.js';

export type LiveTokenRow = LiveTokensTable;
export type LiveSessionRow = LiveSessionsTable;
export type LivePointRow = LivePointsTable;
export type LivePlanRow = LivePlansTable;

/** Time fields of a session a batch of points moves (earliest, latest, arrival). */
export interface LiveSessionTimes {
  id: string;
  startedAtMs: number;
  lastPointMs: number;
  lastReceivedAtMs: number;
}

/**
 * Live sharing storage (issue 19). Tokens and sessions belong to a user; points belong to a
 * session and are keyed by (session, time): a batch re-sent after a tunnel is deduplicated by the
 * key, and points arriving out of order are simply inserted. The contract suite is
 * tests/contract/live.contract.test.ts.
 */
export interface LiveRepo {
  createToken(r: Omit<LiveTokenRow, 'lastUsedAtMs' | 'revokedAtMs'>): Promise<void>;
  /** Any token with this hash, revoked or not (the caller decides). */
  tokenByHash(tokenHash: string): Promise<LiveTokenRow | null>;
  listTokens(userId: string): Promise<LiveTokenRow[]>;
  revokeToken(userId: string, id: string, atMs: number): Promise<boolean>;
  touchToken(id: string, atMs: number): Promise<void>;

  createSession(r: Omit<LiveSessionRow, 'endedAtMs' | 'endReason' | 'shareRevokedAtMs' | 'activityId'>): Promise<void>;
  getSession(userId: string, id: string): Promise<LiveSessionRow | null>;
  /** The token's newest session (by start), ended or not. */
  latestSession(tokenId: string): Promise<LiveSessionRow | null>;
  /** A session of this token whose [start − gap, last + gap] contains `tMs` (a late queued point). */
  sessionCovering(tokenId: string, tMs: number, gapMs: number): Promise<LiveSessionRow | null>;
  sessionByShareToken(shareToken: string): Promise<LiveSessionRow | null>;
  /** The user's sessions, newest first, each with its number of stored points and its plan's name. */
  listSessions(userId: string, limit: number): Promise<(LiveSessionRow & { pointCount: number; planName: string | null; planDistanceM: number | null })[]>;
  /** The user's sessions that overlap [fromMs, toMs] (joining an imported activity). */
  sessionsOverlapping(userId: string, fromMs: number, toMs: number): Promise<LiveSessionRow[]>;
  endSession(userId: string, id: string, atMs: number, reason: string): Promise<boolean>;
  setShare(userId: string, id: string, share: { shareToken: string; shareExpiresAtMs: number; shareRevokedAtMs: number | null }): Promise<boolean>;
  linkActivity(userId: string, id: string, activityId: string | null): Promise<void>;

  /** Attaches (or replaces) a session's planned route. */
  setPlan(r: LivePlanRow): Promise<void>;
  /** The session's plan (by session id alone: callers have checked access to the session). */
  getPlan(sessionId: string): Promise<LivePlanRow | null>;
  deletePlan(userId: string, sessionId: string): Promise<boolean>;

  /**
   * One transaction: inserts the points (duplicates of (session, time) are ignored) and moves the
   * sessions' times (only ever earlier starts and later ends). Returns how many points were new.
   */
  writeBatch(points: LivePointRow[], sessions: LiveSessionTimes[]): Promise<number>;
  /**
   * Points after `sinceMs` (exclusive), oldest first, at most `limit`; with `receivedAfterMs` also
   * the older ones that arrived after that time (a tracker's late queue while a viewer was away).
   */
  points(sessionId: string, sinceMs: number | null, limit: number, receivedAfterMs?: number | null): Promise<LivePointRow[]>;
  /** The newest point strictly before `tMs`. */
  pointBefore(sessionId: string, tMs: number): Promise<LivePointRow | null>;
  countPoints(sessionId: string): Promise<number>;
  /**
   * Retention: deletes points older than `cutoffMs` and the sessions whose latest point is older
   * (with their points). Returns what went.
   */
  deleteOlderThan(cutoffMs: number): Promise<{ sessions: number; points: number }>;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function tokenRow(r: LiveTokensTable): LiveTokenRow {
  return { ...r, createdAtMs: Number(r.createdAtMs), lastUsedAtMs: num(r.lastUsedAtMs), revokedAtMs: num(r.revokedAtMs) };
}

function sessionRow<T extends LiveSessionsTable>(r: T): T {
  return {
    ...r,
    startedAtMs: Number(r.startedAtMs),
    lastPointMs: Number(r.lastPointMs),
    lastReceivedAtMs: Number(r.lastReceivedAtMs),
    endedAtMs: num(r.endedAtMs),
    shareExpiresAtMs: Number(r.shareExpiresAtMs),
    shareRevokedAtMs: num(r.shareRevokedAtMs),
    createdAtMs: Number(r.createdAtMs),
  };
}

function planRow(r: LivePlansTable): LivePlanRow {
  const t = r.track as Uint8Array;
  return { ...r, distanceM: Number(r.distanceM), pointCount: Number(r.pointCount), createdAtMs: Number(r.createdAtMs), track: t instanceof Uint8Array ? t : Uint8Array.from(t as ArrayLike<number>) };
}

function pointRow(r: LivePointsTable): LivePointRow {
  return { ...r, tMs: Number(r.tMs), receivedAtMs: Number(r.receivedAtMs) };
}

/** 11 columns a row: 400 rows stay far under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 400;

/**
 * PostgreSQL: a whole batch in two statements whose parameters are 11 (and 4) arrays, instead of
 * 400-row multi-VALUES inserts with 4,400 placeholders each. A flush of 2,000 points from 1,000
 * trackers was 5 inserts + 5 updates + BEGIN/COMMIT, each a round trip whose SQL Kysely rebuilt
 * and PostgreSQL parsed anew; the tracker requests waiting on it held memory meanwhile.
 */
async function writeBatchPg(trx: Kysely<Database>, points: LivePointRow[], sessions: LiveSessionTimes[]): Promise<number> {
  let inserted = 0;
  if (points.length) {
    const col = <K extends keyof LivePointRow>(k: K) => points.map((p) => p[k]);
    const res = await sql`
      insert into live_points (session_id, t_ms, lat, lon, altitude_m, speed_mps, heading_deg, accuracy_m, hr_bpm, battery_pct, received_at_ms)
      select * from unnest(${col('sessionId')}::text[], ${col('tMs')}::int8[], ${col('lat')}::float8[], ${col('lon')}::float8[], ${col('altitudeM')}::float8[],
        ${col('speedMps')}::float8[], ${col('headingDeg')}::float8[], ${col('accuracyM')}::float8[], ${col('hrBpm')}::float8[], ${col('batteryPct')}::float8[], ${col('receivedAtMs')}::int8[])
      on conflict (session_id, t_ms) do nothing`.execute(trx);
    inserted = Number(res.numAffectedRows ?? 0);
  }
  if (sessions.length) {
    await sql`update live_sessions set
        started_at_ms = least(started_at_ms, v.s),
        last_point_ms = greatest(last_point_ms, v.l),
        last_received_at_ms = greatest(last_received_at_ms, v.r)
      from unnest(${sessions.map((x) => x.id)}::text[], ${sessions.map((x) => x.startedAtMs)}::int8[], ${sessions.map((x) => x.lastPointMs)}::int8[], ${sessions.map((x) => x.lastReceivedAtMs)}::int8[]) as v(id, s, l, r)
      where live_sessions.id = v.id`.execute(trx);
  }
  return inserted;
}

export function createLiveRepo(base: Kysely<Database>, kind: 'sqlite' | 'postgres' = 'sqlite'): LiveRepo {
  const db = base.withTables<LiveTables>();
  return {
    async createToken(r) {
      await db.insertInto('liveTokens').values({ ...r, lastUsedAtMs: null, revokedAtMs: null }).execute();
    },
    async tokenByHash(tokenHash) {
      const r = await db.selectFrom('liveTokens').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
      return r ? tokenRow(r) : null;
    },
    async listTokens(userId) {
      return (await db.selectFrom('liveTokens').selectAll().where('userId', '=', userId).orderBy('createdAtMs', 'desc').execute()).map(tokenRow);
    },
    async revokeToken(userId, id, atMs) {
      const res = await db.updateTable('liveTokens').set({ revokedAtMs: atMs }).where('userId', '=', userId).where('id', '=', id).where('revokedAtMs', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async touchToken(id, atMs) {
      await db.updateTable('liveTokens').set({ lastUsedAtMs: atMs }).where('id', '=', id).execute();
    },

    async createSession(r) {
      await db.insertInto('liveSessions').values({ ...r, endedAtMs: null, endReason: null, shareRevokedAtMs: null, activityId: null }).execute();
    },
    async getSession(userId, id) {
      const r = await db.selectFrom('liveSessions').selectAll().where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return r ? sessionRow(r) : null;
    },
    async latestSession(tokenId) {
      const r = await db.selectFrom('liveSessions').selectAll().where('tokenId', '=', tokenId).orderBy('startedAtMs', 'desc').limit(1).executeTakeFirst();
      return r ? sessionRow(r) : null;
    },
    async sessionCovering(tokenId, tMs, gapMs) {
      const r = await db
        .selectFrom('liveSessions')
        .selectAll()
        .where('tokenId', '=', tokenId)
        .where('startedAtMs', '<=', tMs + gapMs)
        .where('lastPointMs', '>=', tMs - gapMs)
        .orderBy('startedAtMs', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r ? sessionRow(r) : null;
    },
    async sessionByShareToken(shareToken) {
      const r = await db.selectFrom('liveSessions').selectAll().where('shareToken', '=', shareToken).executeTakeFirst();
      return r ? sessionRow(r) : null;
    },
    async listSessions(userId, limit) {
      const rows = await db
        .selectFrom('liveSessions as s')
        .selectAll('s')
        .select((eb) => eb.selectFrom('livePoints as p').whereRef('p.sessionId', '=', 's.id').select((e) => e.fn.countAll<number>().as('n')).as('pointCount'))
        .leftJoin('livePlans as pl', 'pl.sessionId', 's.id')
        .select(['pl.name as planName', 'pl.distanceM as planDistanceM'])
        .where('s.userId', '=', userId)
        .orderBy('s.startedAtMs', 'desc')
        .limit(limit)
        .execute();
      return rows.map(({ planName, planDistanceM, ...r }) => ({ ...sessionRow(r), pointCount: Number(r.pointCount ?? 0), planName: planName ?? null, planDistanceM: planDistanceM === null || planDistanceM === undefined ? null : Number(planDistanceM) }));
    },
    async sessionsOverlapping(userId, fromMs, toMs) {
      const rows = await db.selectFrom('liveSessions').selectAll().where('userId', '=', userId).where('startedAtMs', '<=', toMs).where('lastPointMs', '>=', fromMs).orderBy('startedAtMs').execute();
      return rows.map(sessionRow);
    },
    async endSession(userId, id, atMs, reason) {
      const res = await db.updateTable('liveSessions').set({ endedAtMs: atMs, endReason: reason }).where('userId', '=', userId).where('id', '=', id).where('endedAtMs', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async setShare(userId, id, share) {
      const res = await db.updateTable('liveSessions').set(share).where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async linkActivity(userId, id, activityId) {
      await db.updateTable('liveSessions').set({ activityId }).where('userId', '=', userId).where('id', '=', id).execute();
    },

    async setPlan(r) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('livePlans').where('sessionId', '=', r.sessionId).execute();
        await trx.insertInto('livePlans').values(r).execute();
      });
    },
    async getPlan(sessionId) {
      const r = await db.selectFrom('livePlans').selectAll().where('sessionId', '=', sessionId).executeTakeFirst();
      return r ? planRow(r) : null;
    },
    async deletePlan(userId, sessionId) {
      const res = await db.deleteFrom('livePlans').where('userId', '=', userId).where('sessionId', '=', sessionId).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    async writeBatch(points, sessions) {
      if (!points.length && !sessions.length) return 0;
      if (kind === 'postgres') return base.transaction().execute((trx) => writeBatchPg(trx, points, sessions));
      return db.transaction().execute(async (trx) => {
        let inserted = 0;
        for (let i = 0; i < points.length; i += CHUNK) {
          const res = await trx
            .insertInto('livePoints')
            .values(points.slice(i, i + CHUNK))
            .onConflict((oc) => oc.columns(['sessionId', 'tMs']).doNothing())
            .executeTakeFirst();
          inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
        }
        // One UPDATE … FROM (VALUES …) per chunk rather than one statement per session: on
        // PostgreSQL every statement is a round trip, and a flush moves hundreds of sessions.
        // VALUES columns are column1… in both dialects; CAST keeps PostgreSQL's types exact.
        // CASE rather than min()/max() of two values: SQLite and PostgreSQL (LEAST/GREATEST) differ.
        for (let i = 0; i < sessions.length; i += CHUNK / 2) {
          const rows = sessions.slice(i, i + CHUNK / 2).map((x) => sql`(${x.id}, cast(${x.startedAtMs} as bigint), cast(${x.lastPointMs} as bigint), cast(${x.lastReceivedAtMs} as bigint))`);
          await sql`update live_sessions set
              started_at_ms = case when started_at_ms > v.column2 then v.column2 else started_at_ms end,
              last_point_ms = case when last_point_ms < v.column3 then v.column3 else last_point_ms end,
              last_received_at_ms = case when last_received_at_ms < v.column4 then v.column4 else last_received_at_ms end
            from (values ${sql.join(rows)}) as v
            where live_sessions.id = v.column1`.execute(trx);
        }
        return inserted;
      });
    },
    async points(sessionId, sinceMs, limit, receivedAfterMs) {
      let q = db.selectFrom('livePoints').selectAll().where('sessionId', '=', sessionId);
      if (sinceMs !== null && receivedAfterMs != null) q = q.where((eb) => eb.or([eb('tMs', '>', sinceMs), eb('receivedAtMs', '>', receivedAfterMs)]));
      else if (sinceMs !== null) q = q.where('tMs', '>', sinceMs);
      return (await q.orderBy('tMs').limit(limit).execute()).map(pointRow);
    },
    async pointBefore(sessionId, tMs) {
      const r = await db.selectFrom('livePoints').selectAll().where('sessionId', '=', sessionId).where('tMs', '<', tMs).orderBy('tMs', 'desc').limit(1).executeTakeFirst();
      return r ? pointRow(r) : null;
    },
    async countPoints(sessionId) {
      const r = await db.selectFrom('livePoints').select((e) => e.fn.countAll<number>().as('n')).where('sessionId', '=', sessionId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async deleteOlderThan(cutoffMs) {
      return db.transaction().execute(async (trx) => {
        const gone = await trx.selectFrom('liveSessions').select('id').where('lastPointMs', '<', cutoffMs).execute();
        const ids = gone.map((g) => g.id);
        let points = 0;
        for (let i = 0; i < ids.length; i += CHUNK) {
          const part = ids.slice(i, i + CHUNK);
          const res = await trx.deleteFrom('livePoints').where('sessionId', 'in', part).executeTakeFirst();
          points += Number(res.numDeletedRows);
          await trx.deleteFrom('livePlans').where('sessionId', 'in', part).execute();
          await trx.deleteFrom('liveSessions').where('id', 'in', part).execute();
        }
        // Long sessions (a multi-day ultra) lose only their points older than the window (by key).
        const long = await trx.selectFrom('liveSessions').select('id').where('startedAtMs', '<', cutoffMs).execute();
        for (const { id } of long) {
          const res = await trx.deleteFrom('livePoints').where('sessionId', '=', id).where('tMs', '<', cutoffMs).executeTakeFirst();
          points += Number(res.numDeletedRows);
        }
        return { sessions: ids.length, points };
      });
    },
  };
}
