import { sql } from 'kysely';
import type { CompiledQuery, Kysely, Selectable } from 'kysely';
import type { StreamChannel } from '../../../shared/activity.js';
import type { ActivityDetailDto, ActivityPatchDto } from '../../../shared/api.js';
import type { Database } from '../db-schema.js';
import type { ActivitiesRepo, ActivityQuery, DeleteResult, NewActivity } from '../port.js';
import type { StreamLayout } from '../stream-layout.js';
import { activitySummaryFromRow, lapFromRow, sessionFromRow, summaryColumns } from './row-mapping.js';
import { insertRows } from './fast-insert.js';
import { cachedCompile, cachedQuery } from './cached-query.js';
import { deleteCharts, writeChart } from './activity-charts.repo.js';

const CHUNK = 200;

function parseJson<T>(s: string | null, fallback: T): T {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

const LOCAL_PAD_MS = 14 * 3600_000;

/** Sessions and laps of one activity (insert and refresh write them the same way). */
async function insertChildren(trx: Kysely<Database>, userId: string, activityId: string, startMs: number, p: NewActivity['parsed']): Promise<void> {
  const sessions = p.sessions.map((s) => ({
    activityId,
    userId,
    idx: s.index,
    sport: s.sport,
    subSport: s.subSport,
    startTimeMs: Date.parse(s.startTime) || startMs,
    startOffsetS: s.startOffsetS,
    firstLapIndex: s.firstLapIndex,
    numLaps: s.numLaps,
    ...summaryColumns(s),
  }));
  for (let i = 0; i < sessions.length; i += CHUNK) await insertRows(trx, 'activitySessions', sessions.slice(i, i + CHUNK));
  const laps = p.laps.map((l) => ({
    activityId,
    userId,
    idx: l.index,
    startTimeMs: Date.parse(l.startTime) || startMs,
    startOffsetS: l.startOffsetS,
    lapTrigger: l.trigger,
    ...summaryColumns(l),
  }));
  for (let i = 0; i < laps.length; i += CHUNK) await insertRows(trx, 'activityLaps', laps.slice(i, i + CHUNK));
}

type Row = Record<string, unknown>;
type ActivityRowWithOriginal = Selectable<Database['activities']> & { originalFileName: string | null; originalSizeBytes: number | string | null };

/**
 * The reads of an activity's detail: the row with its original's name and size (a join), its
 * sessions, its laps. Each built and compiled once (cached-query.ts): every activity page runs them.
 * Only JSON-safe columns (read-together.ts runs them as one statement on PostgreSQL).
 */
export function detailReads(db: Kysely<Database>, userId: string, id: string): CompiledQuery[] {
  return [
    cachedCompile(db, 'activities.detailRow', [userId, id], (p) =>
      db
        .selectFrom('activities')
        .leftJoin('originals', (j) => j.onRef('originals.userId', '=', 'activities.userId').onRef('originals.sha256', '=', 'activities.originalSha256'))
        .selectAll('activities')
        .select(['originals.fileName as originalFileName', 'originals.sizeBytes as originalSizeBytes'])
        .where('activities.userId', '=', p[0] as string)
        .where('activities.id', '=', p[1] as string),
    ),
    cachedCompile(db, 'activities.detailSessions', [userId, id], (p) =>
      db.selectFrom('activitySessions').selectAll().where('activityId', '=', p[1] as string).where('userId', '=', p[0] as string).orderBy('idx'),
    ),
    cachedCompile(db, 'activities.detailLaps', [userId, id], (p) =>
      db.selectFrom('activityLaps').selectAll().where('activityId', '=', p[1] as string).where('userId', '=', p[0] as string).orderBy('idx'),
    ),
  ];
}

/** The detail from the rows of detailReads (null: no such activity of this user). */
export function detailFromRows(found: Row[], sessions: Row[], laps: Row[]): ActivityDetailDto | null {
  const row = found[0] as ActivityRowWithOriginal | undefined;
  if (!row) return null;
  return {
    ...activitySummaryFromRow(row),
    sessions: sessions.map((r) => sessionFromRow(r as unknown as Parameters<typeof sessionFromRow>[0])),
    laps: laps.map((r) => lapFromRow(r as unknown as Parameters<typeof lapFromRow>[0])),
    lengths: parseJson(row.lengthsJson, []),
    warnings: parseJson(row.warningsJson, []),
    developerFields: parseJson(row.devFieldsJson, []),
    original: { sha256: row.originalSha256, fileName: row.originalFileName ?? '', sizeBytes: Number(row.originalSizeBytes ?? 0) },
  };
}

/** Dialect-neutral activity queries, written once for both adapters (design.md §4). */
export function createActivitiesRepo(db: Kysely<Database>, layout: StreamLayout): ActivitiesRepo {
  return {
    async insert(a: NewActivity) {
      const p = a.parsed;
      const startMs = Date.parse(p.startTime);
      if (!Number.isFinite(startMs)) throw new Error(`activity has an invalid start time: ${p.startTime}`);
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await insertRows(trx, 'activities', [{
            id: a.id,
            userId: a.userId,
            originalSha256: a.originalSha256,
            sourceIndex: a.sourceIndex,
            startTimeMs: startMs,
            utcOffsetS: a.local?.utcOffsetS ?? null,
            timeZone: a.local?.timeZone ?? null,
            tzSource: a.local?.source ?? null,
            name: a.name,
            sport: p.sport,
            subSport: p.subSport,
            format: p.format,
            deviceManufacturer: p.device?.manufacturer ?? null,
            deviceProduct: p.device?.product ?? null,
            deviceSerial: p.device?.serialNumber ?? null,
            deviceSoftware: p.device?.softwareVersion ?? null,
            ...summaryColumns(p.summary),
            hasGps: a.streams.hasGps ? 1 : 0,
            sampleCount: a.streams.sampleCount,
            warningsJson: JSON.stringify(p.warnings),
            ...(a.source !== undefined ? { source: a.source } : {}),
            lengthsJson: JSON.stringify(p.lengths),
            devFieldsJson: JSON.stringify(a.streams.developer),
            parserVersion: a.parserVersion ?? 0,
            createdAtMs: now,
            updatedAtMs: now,
          }]);
        await insertChildren(trx, a.userId, a.id, startMs, p);
        await layout.write(trx, a.userId, a.id, startMs, a.streams);
        await writeChart(trx, a.userId, a.id, a.streams.chart);
      });
    },

    async withoutLocalTime(userId, limit) {
      const rows = await db.selectFrom('activities').selectAll().where('userId', '=', userId).where('utcOffsetS', 'is', null).orderBy('startTimeMs').limit(limit).execute();
      return rows.map((r) => ({ ...activitySummaryFromRow(r), originalSha256: r.originalSha256, sourceIndex: Number(r.sourceIndex) }));
    },

    async setLocalTime(userId, id, local, name) {
      await db
        .updateTable('activities')
        .set({ utcOffsetS: local.utcOffsetS, timeZone: local.timeZone, tzSource: local.source, ...(name ? { name } : {}), updatedAtMs: Date.now() })
        .where('userId', '=', userId)
        .where('id', '=', id)
        .execute();
    },

    async parsedBefore(userId, version, limit) {
      const rows = await db
        .selectFrom('activities')
        .select(['id', 'originalSha256', 'sourceIndex', 'sport', 'subSport', 'name', 'format', 'source', 'startTimeMs', 'utcOffsetS'])
        .where('userId', '=', userId)
        .where('parserVersion', '<', version)
        .orderBy('startTimeMs')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, originalSha256: r.originalSha256, sourceIndex: Number(r.sourceIndex), sport: r.sport, subSport: r.subSport, name: r.name, format: r.format, source: r.source ?? null, startTime: new Date(Number(r.startTimeMs)).toISOString(), utcOffsetS: r.utcOffsetS === null ? null : Number(r.utcOffsetS) }));
    },

    async refreshParsed(userId, id, r) {
      const p = r.parsed;
      const startMs = Date.parse(p.startTime);
      if (!Number.isFinite(startMs)) throw new Error(`activity has an invalid start time: ${p.startTime}`);
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('activities').select('id').where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
        if (!row) return false;
        await trx
          .updateTable('activities')
          .set({
            ...(r.sport ? { sport: r.sport.sport, subSport: r.sport.subSport } : {}),
            ...(r.name ? { name: r.name } : {}),
            deviceManufacturer: p.device?.manufacturer ?? null,
            deviceProduct: p.device?.product ?? null,
            deviceSerial: p.device?.serialNumber ?? null,
            deviceSoftware: p.device?.softwareVersion ?? null,
            ...summaryColumns(p.summary),
            hasGps: r.streams.hasGps ? 1 : 0,
            sampleCount: r.streams.sampleCount,
            warningsJson: JSON.stringify(p.warnings),
            lengthsJson: JSON.stringify(p.lengths),
            devFieldsJson: JSON.stringify(r.streams.developer),
            parserVersion: r.parserVersion,
            updatedAtMs: Date.now(),
          })
          .where('userId', '=', userId)
          .where('id', '=', id)
          .execute();
        await trx.deleteFrom('activityLaps').where('activityId', '=', id).where('userId', '=', userId).execute();
        await trx.deleteFrom('activitySessions').where('activityId', '=', id).where('userId', '=', userId).execute();
        await insertChildren(trx, userId, id, startMs, p);
        await deleteCharts(trx, userId, [id]);
        await layout.remove(trx, userId, id);
        await layout.write(trx, userId, id, startMs, r.streams);
        await writeChart(trx, userId, id, r.streams.chart);
        return true;
      });
    },

    async setParserVersion(userId, id, version) {
      await db.updateTable('activities').set({ parserVersion: version }).where('userId', '=', userId).where('id', '=', id).execute();
    },

    async list(userId: string, q: ActivityQuery) {
      let base = db.selectFrom('activities').where('userId', '=', userId);
      if (q.sport) base = base.where('sport', '=', q.sport);
      // Local days (issue 13 §2): offsets lie within ±14 h, so the indexed range is padded by that
      // much and the exact test is on the local start.
      const pad = q.localTime ? LOCAL_PAD_MS : 0;
      const localStart = sql<number>`${sql.ref('startTimeMs')} + coalesce(${sql.ref('utcOffsetS')}, 0) * 1000`;
      if (q.fromMs !== undefined) base = base.where('startTimeMs', '>=', q.fromMs - pad);
      if (q.toMs !== undefined) base = base.where('startTimeMs', '<', q.toMs + pad);
      if (q.localTime && q.fromMs !== undefined) base = base.where(localStart, '>=', q.fromMs);
      if (q.localTime && q.toMs !== undefined) base = base.where(localStart, '<', q.toMs);
      const [rows, count] = await Promise.all([
        base.selectAll().orderBy('startTimeMs', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(activitySummaryFromRow), total: Number(count.n) };
    },

    async startingBetween(userId, fromMs, toMs, limit) {
      const { rows } = await cachedQuery(db, 'activities.startingBetween', [userId, fromMs, toMs, limit], (p) =>
        db.selectFrom('activities').selectAll().where('userId', '=', p[0] as string).where('startTimeMs', '>=', p[1] as number).where('startTimeMs', '<', p[2] as number).orderBy('startTimeMs').orderBy('id').limit(p[3] as number),
      );
      return rows.map(activitySummaryFromRow);
    },

    async get(userId: string, id: string): Promise<ActivityDetailDto | null> {
      // One round: the row with its original's name and size (a join), its sessions and its laps,
      // asked at once (issue 14: on PostgreSQL each round queues for a pool connection under load).
      const [found, sessions, laps] = await Promise.all(detailReads(db, userId, id).map(async (q) => (await db.executeQuery<Row>(q)).rows));
      return detailFromRows(found, sessions, laps);
    },

    async idsByOriginal(userId: string, sha256: string) {
      const { rows } = await cachedQuery(db, 'activities.idsByOriginal', [userId, sha256], (p) =>
        db.selectFrom('activities').select('id').where('userId', '=', p[0] as string).where('originalSha256', '=', p[1] as string).orderBy('sourceIndex'),
      );
      return rows.map((r) => r.id);
    },

    async update(userId: string, id: string, patch: ActivityPatchDto) {
      const values: Partial<Database['activities']> = { updatedAtMs: Date.now() };
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.sport !== undefined) values.sport = patch.sport;
      if (patch.subSport !== undefined) values.subSport = patch.subSport;
      if (patch.startTime !== undefined) {
        // Moving an activity (a device clock never set, issue 13 §3): its sessions and laps move with it.
        return db.transaction().execute(async (trx) => {
          const row = await trx.selectFrom('activities').select('startTimeMs').where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
          if (!row) return false;
          const delta = Date.parse(patch.startTime as string) - Number(row.startTimeMs);
          await trx.updateTable('activities').set({ ...values, startTimeMs: Number(row.startTimeMs) + delta }).where('userId', '=', userId).where('id', '=', id).execute();
          for (const table of ['activitySessions', 'activityLaps'] as const) {
            await trx.updateTable(table).set({ startTimeMs: sql<number>`start_time_ms + ${delta}` }).where('userId', '=', userId).where('activityId', '=', id).execute();
          }
          return true;
        });
      }
      const r = await db.updateTable('activities').set(values).where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async delete(userId: string, id: string): Promise<DeleteResult> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('activities').select('originalSha256').where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
        if (!row) return { deleted: false, originalStillUsed: false };
        // Children first: explicit deletes keep this independent of FK enforcement settings.
        await deleteCharts(trx, userId, [id]);
        await trx.deleteFrom('activityStreams').where('activityId', '=', id).execute();
        await trx.deleteFrom('activityLaps').where('activityId', '=', id).execute();
        await trx.deleteFrom('activitySessions').where('activityId', '=', id).execute();
        await trx.deleteFrom('activities').where('id', '=', id).where('userId', '=', userId).execute();
        const others = await trx
          .selectFrom('activities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('originalSha256', '=', row.originalSha256)
          .executeTakeFirstOrThrow();
        return { deleted: true, originalSha256: row.originalSha256, originalStillUsed: Number(others.n) > 0 };
      });
    },

    readStreams(userId: string, id: string, channels?: readonly StreamChannel[]) {
      return layout.read(db, userId, id, channels);
    },

    readStreamsBlob(userId: string, id: string) {
      return layout.readBlob(db, userId, id);
    },
  };
}
