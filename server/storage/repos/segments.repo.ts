import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { LatLonBox } from './routes.repo.js';
import type { SegmentEffortsTable, SegmentsTable } from './routes-tables.js';
import { cachedCompile, cachedQuery } from './cached-query.js';

export type SegmentRow = SegmentsTable;
export type EffortRow = SegmentEffortsTable;

export interface SegmentsRepo {
  insertSegment(s: SegmentRow): Promise<void>;
  getSegment(userId: string, id: string): Promise<SegmentRow | null>;
  listSegments(userId: string): Promise<SegmentRow[]>;
  /** One page of segment ids, oldest first, and how many the user has. */
  pageSegments(userId: string, q: { limit: number; offset: number }): Promise<{ rows: { id: string }[]; total: number }>;
  /** Segments whose start and end both lie inside the box (candidates for one activity). */
  segmentsWithin(userId: string, box: LatLonBox): Promise<SegmentRow[]>;
  deleteSegment(userId: string, id: string): Promise<boolean>;
  insertEfforts(efforts: EffortRow[]): Promise<void>;
  deleteEffortsOfActivity(userId: string, activityId: string): Promise<void>;
  effortsOfSegment(userId: string, segmentId: string): Promise<EffortRow[]>;
  /** Efforts of the activity plus every effort on the same segments (to rank them). */
  effortsOnSegmentsOf(userId: string, activityId: string): Promise<(EffortRow & { segmentName: string })[]>;
}

const CHUNK = 200;

export function createSegmentsRepo(db: Kysely<Database>): SegmentsRepo {
  return {
    async insertSegment(s) {
      await db.insertInto('segments').values(s).execute();
    },

    async getSegment(userId, id) {
      return (await db.selectFrom('segments').selectAll().where('userId', '=', userId).where('id', '=', id).executeTakeFirst()) ?? null;
    },

    async pageSegments(userId, q) {
      const [rows, t] = await Promise.all([
        db.selectFrom('segments').select(['id']).where('userId', '=', userId).orderBy('createdAtMs').orderBy('id').limit(q.limit).offset(q.offset).execute(),
        db.selectFrom('segments').select((eb) => eb.fn.countAll<number>().as('n')).where('userId', '=', userId).executeTakeFirst(),
      ]);
      return { rows, total: Number(t?.n ?? 0) };
    },

    listSegments(userId) {
      return db.selectFrom('segments').selectAll().where('userId', '=', userId).orderBy('createdAtMs').orderBy('id').execute();
    },

    async segmentsWithin(userId, b) {
      const { rows } = await cachedQuery(db, 'segments.within', [userId, b.minLat, b.maxLat, b.minLon, b.maxLon], (p) =>
        db
          .selectFrom('segments')
          .selectAll()
          .where('userId', '=', p[0] as string)
          .where('minLat', '>=', p[1] as number)
          .where('maxLat', '<=', p[2] as number)
          .where('minLon', '>=', p[3] as number)
          .where('maxLon', '<=', p[4] as number),
      );
      return rows;
    },

    async deleteSegment(userId, id) {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('segmentEfforts').where('userId', '=', userId).where('segmentId', '=', id).execute();
        const r = await trx.deleteFrom('segments').where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      });
    },

    async insertEfforts(efforts) {
      for (let i = 0; i < efforts.length; i += CHUNK) await db.insertInto('segmentEfforts').values(efforts.slice(i, i + CHUNK)).execute();
    },

    async deleteEffortsOfActivity(userId, activityId) {
      await db.deleteFrom('segmentEfforts').where('userId', '=', userId).where('activityId', '=', activityId).execute();
    },

    async effortsOfSegment(userId, segmentId) {
      const rows = await db.selectFrom('segmentEfforts').selectAll().where('userId', '=', userId).where('segmentId', '=', segmentId).orderBy('elapsedS').execute();
      return rows.map(num);
    },

    async effortsOnSegmentsOf(userId, activityId) {
      return effortsFromRows((await db.executeQuery<Record<string, unknown>>(effortsOnSegmentsOfRead(db, userId, activityId))).rows);
    },
  };
}

/**
 * Every effort on the segments an activity has efforts on, with the segment's name. Every
 * activity page asks this: built and compiled once (cached-query.ts). JSON-safe columns
 * (read-together.ts).
 */
export function effortsOnSegmentsOfRead(db: Kysely<Database>, userId: string, activityId: string): CompiledQuery {
  return cachedCompile(db, 'segments.effortsOnSegmentsOf', [userId, activityId], (p) =>
    db
      .selectFrom('segmentEfforts as e')
      .innerJoin('segments as s', (j) => j.onRef('s.id', '=', 'e.segmentId').onRef('s.userId', '=', 'e.userId'))
      .selectAll('e')
      .select('s.name as segmentName')
      .where('e.userId', '=', p[0] as string)
      .where('e.segmentId', 'in', db.selectFrom('segmentEfforts').select('segmentId').where('userId', '=', p[0] as string).where('activityId', '=', p[1] as string))
      .orderBy('e.elapsedS'),
  );
}

export function effortsFromRows(rows: Record<string, unknown>[]): (EffortRow & { segmentName: string })[] {
  return rows.map((r) => ({ ...num(r as unknown as EffortRow), segmentName: r.segmentName as string }));
}

function num<T extends EffortRow>(r: T): T {
  return { ...r, startTimeMs: Number(r.startTimeMs), startOffsetS: Number(r.startOffsetS), endOffsetS: Number(r.endOffsetS), elapsedS: Number(r.elapsedS), costM: Number(r.costM) };
}
