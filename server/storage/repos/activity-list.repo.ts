/**
 * The activity list with search, sort and filters, the current-record counts its badges need, and
 * bulk edits/deletes in one transaction (issue 17). Written once with Kysely for both dialects.
 */
import { sql, type Expression, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { ActivityListFilters, ActivitySortKey, SortOrder } from '../../../shared/activity-list-api.js';
import type { ActivitySummaryDto } from '../../../shared/api.js';
import type { Database } from '../db-schema.js';
import type { ActivityQuery } from '../port.js';
import { SUMMARY_KEYS } from '../../../shared/activity.js';
import type { ActivitiesTable } from '../db-schema.js';
import { activitySummaryFromRow } from './row-mapping.js';
import { deleteCharts } from './activity-charts.repo.js';

const LOCAL_PAD_MS = 14 * 3600_000;

export type ActivityListRepoQuery = ActivityQuery & ActivityListFilters;

export interface BulkDeleted {
  id: string;
  startTime: string;
  sport: string;
  originalSha256: string;
}

export interface ActivityListRepo {
  list(userId: string, q: ActivityListRepoQuery): Promise<{ items: (ActivitySummaryDto & { gearId: string | null })[]; total: number }>;
  /** All-time records (year 0) each activity holds now; the records table already leaves exclusions out. */
  currentRecordCounts(userId: string, ids: string[]): Promise<Map<string, number>>;
  /** The ids among `ids` that belong to the user. */
  owned(userId: string, ids: string[]): Promise<Set<string>>;
  /** Sets the same fields on every listed activity in one transaction; false (nothing changed) when one is not the user's. */
  bulkUpdate(userId: string, ids: string[], set: { sport?: string; subSport?: string | null; gearId?: string | null }): Promise<boolean>;
  /** Deletes every listed activity with its samples, laps and sessions in one transaction; null (nothing deleted) when one is not the user's. */
  bulkDelete(userId: string, ids: string[]): Promise<BulkDeleted[] | null>;
  /** Of these originals, the ones no activity (of any user) uses any more. */
  unusedOriginals(sha256s: string[]): Promise<string[]>;
}

/**
 * The duration the list shows: moving time, else timer, else elapsed (some devices write a moving
 * time of 0 when they have no auto-pause data).
 */
const durationExpr = sql<number>`coalesce(nullif(moving_time_s, 0), nullif(timer_time_s, 0), elapsed_time_s)`;

const SORT_EXPR: Record<ActivitySortKey, Expression<unknown>> = {
  date: sql`start_time_ms`,
  name: sql`lower(name)`,
  sport: sql`sport`,
  distance: sql`distance_m`,
  duration: durationExpr,
  speed: sql`avg_speed_mps`,
  elevation: sql`ascent_m`,
  hr: sql`avg_hr_bpm`,
};

/** `%`, `_` and the escape character itself are literal in a search term. */
function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const CHUNK = 400;

/**
 * What a list row shows (activitySummaryFromRow) and nothing else: the JSON columns, notes and
 * media of 50 rows are half the work of a page otherwise (issue 14).
 */
const LIST_COLUMNS = [
  'id', 'startTimeMs', 'utcOffsetS', 'timeZone', 'name', 'sport', 'subSport', 'format', 'hasGps', 'sampleCount',
  'deviceManufacturer', 'deviceProduct', 'deviceSerial', 'deviceSoftware', 'gearId', ...SUMMARY_KEYS,
] as const;

export function createActivityListRepo(db: Kysely<Database>): ActivityListRepo {
  return {
    async list(userId, q) {
      let base = db.selectFrom('activities').where('userId', '=', userId);
      if (q.sport) base = base.where('sport', '=', q.sport);
      const pad = q.localTime ? LOCAL_PAD_MS : 0;
      const localStart = sql<number>`start_time_ms + coalesce(utc_offset_s, 0) * 1000`;
      if (q.fromMs !== undefined) base = base.where('startTimeMs', '>=', q.fromMs - pad);
      if (q.toMs !== undefined) base = base.where('startTimeMs', '<', q.toMs + pad);
      if (q.localTime && q.fromMs !== undefined) base = base.where(localStart, '>=', q.fromMs);
      if (q.localTime && q.toMs !== undefined) base = base.where(localStart, '<', q.toMs);
      // Every word must appear in the name or the description (lower() folds ASCII in SQLite).
      for (const term of (q.q ?? '').split(/\s+/).filter(Boolean).slice(0, 10)) {
        const p = likePattern(term);
        base = base.where(sql<SqlBool>`(lower(name) like ${p} escape '\\' or lower(coalesce(description, '')) like ${p} escape '\\')`);
      }
      if (q.gearId) base = base.where('gearId', '=', q.gearId);
      if (q.routeId) {
        const routeId = q.routeId;
        base = base.where('id', 'in', (eb) => eb.selectFrom('activityTracks').select('activityId').where('userId', '=', userId).where('routeId', '=', routeId));
      }
      if (q.minDistanceM !== undefined) base = base.where('distanceM', '>=', q.minDistanceM);
      if (q.maxDistanceM !== undefined) base = base.where('distanceM', '<=', q.maxDistanceM);
      if (q.minDurationS !== undefined) base = base.where(durationExpr, '>=', q.minDurationS);
      if (q.maxDurationS !== undefined) base = base.where(durationExpr, '<=', q.maxDurationS);

      const sortKey = q.sort ?? 'date';
      const order: SortOrder = q.order ?? (sortKey === 'date' ? 'desc' : 'asc');
      const expr = SORT_EXPR[sortKey];
      // Unknown values last in either direction (SQLite puts NULL first, PostgreSQL last), then
      // the id: the same row never moves between pages.
      // The start time is never null: the date order walks the (user_id, start_time_ms) index.
      const ordered = sortKey === 'date' ? base.select(LIST_COLUMNS) : base.select(LIST_COLUMNS).orderBy(sql`case when ${expr} is null then 1 else 0 end`);
      const page = ordered.orderBy(expr, order).orderBy('id').limit(q.limit).offset(q.offset);
      const [rows, count] = await Promise.all([page.execute(), base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()]);
      return { items: rows.map((r) => ({ ...activitySummaryFromRow(r as unknown as ActivitiesTable), gearId: r.gearId ?? null })), total: Number(count.n) };
    },

    async currentRecordCounts(userId, ids) {
      const out = new Map<string, number>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db
          .selectFrom('records')
          .select(['activityId', (eb) => eb.fn.countAll<number>().as('n')])
          .where('userId', '=', userId)
          .where('year', '=', 0)
          .where('activityId', 'in', ids.slice(i, i + CHUNK))
          .groupBy('activityId')
          .execute();
        for (const r of rows) out.set(r.activityId, Number(r.n));
      }
      return out;
    },

    async owned(userId, ids) {
      const out = new Set<string>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db.selectFrom('activities').select('id').where('userId', '=', userId).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
        for (const r of rows) out.add(r.id);
      }
      return out;
    },

    async bulkUpdate(userId, ids, set) {
      const values: Updateable<Database['activities']> = { updatedAtMs: Date.now() };
      if (set.sport !== undefined) values.sport = set.sport;
      if (set.subSport !== undefined) values.subSport = set.subSport;
      if (set.gearId !== undefined) values.gearId = set.gearId;
      return db.transaction().execute(async (trx) => {
        let n = 0;
        for (let i = 0; i < ids.length; i += CHUNK) {
          const r = await trx.updateTable('activities').set(values).where('userId', '=', userId).where('id', 'in', ids.slice(i, i + CHUNK)).executeTakeFirst();
          n += Number(r.numUpdatedRows);
        }
        // All or nothing: an id that is not the user's rolls the whole edit back.
        if (n !== ids.length) throw new BulkMismatch();
        return true;
      }).catch((e: unknown) => {
        if (e instanceof BulkMismatch) return false;
        throw e;
      });
    },

    async bulkDelete(userId, ids) {
      return db.transaction().execute(async (trx) => {
        const found: BulkDeleted[] = [];
        for (let i = 0; i < ids.length; i += CHUNK) {
          const part = ids.slice(i, i + CHUNK);
          const rows = await trx.selectFrom('activities').select(['id', 'startTimeMs', 'sport', 'originalSha256']).where('userId', '=', userId).where('id', 'in', part).execute();
          found.push(...rows.map((r) => ({ id: r.id, startTime: new Date(Number(r.startTimeMs)).toISOString(), sport: r.sport, originalSha256: r.originalSha256 })));
        }
        if (found.length !== ids.length) return null;
        for (let i = 0; i < ids.length; i += CHUNK) {
          const part = ids.slice(i, i + CHUNK);
          // Children first, as ActivitiesRepo.delete does: independent of FK enforcement settings.
          await deleteCharts(trx, userId, part);
          await trx.deleteFrom('activityStreams').where('userId', '=', userId).where('activityId', 'in', part).execute();
          await trx.deleteFrom('activityLaps').where('userId', '=', userId).where('activityId', 'in', part).execute();
          await trx.deleteFrom('activitySessions').where('userId', '=', userId).where('activityId', 'in', part).execute();
          await trx.deleteFrom('activities').where('userId', '=', userId).where('id', 'in', part).execute();
        }
        return found;
      });
    },

    async unusedOriginals(sha256s) {
      const unique = [...new Set(sha256s)];
      const used = new Set<string>();
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db.selectFrom('activities').select('originalSha256').distinct().where('originalSha256', 'in', unique.slice(i, i + CHUNK)).execute();
        for (const r of rows) used.add(r.originalSha256);
      }
      return unique.filter((s) => !used.has(s));
    },
  };
}

class BulkMismatch extends Error {}
