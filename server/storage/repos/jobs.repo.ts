import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { AutoIngestTables, JobsTable } from './auto-ingest-tables.js';

export type JobRow = JobsTable;

/** Durable jobs (issue 18): one row per run; the job runner (services/jobs) is the only writer. */
export interface JobsRepo {
  insert(r: JobRow): Promise<void>;
  get(userId: string, id: string): Promise<JobRow | null>;
  update(id: string, patch: Partial<Omit<JobRow, 'id' | 'userId'>>): Promise<void>;
  /** Newest first, one page, optionally of one kind or status. */
  list(userId: string, q: { kind?: string; status?: string; limit: number; offset: number }): Promise<{ items: JobRow[]; total: number }>;
  /** Jobs left queued or running by a previous process, oldest first. */
  unfinished(): Promise<JobRow[]>;
  /** The newest finished job of a kind (a schedule's last result). */
  lastOf(userId: string, kind: string): Promise<JobRow | null>;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const row = (r: JobsTable): JobRow => ({
  ...r,
  progressDone: Number(r.progressDone),
  progressTotal: Number(r.progressTotal),
  attempt: Number(r.attempt),
  createdAtMs: Number(r.createdAtMs),
  startedAtMs: num(r.startedAtMs),
  finishedAtMs: num(r.finishedAtMs),
  updatedAtMs: Number(r.updatedAtMs),
});

export function createJobsRepo(base: Kysely<Database>): JobsRepo {
  const db = base.withTables<AutoIngestTables>();
  return {
    async insert(r) {
      await db.insertInto('jobs').values(r).execute();
    },
    async get(userId, id) {
      const r = await db.selectFrom('jobs').selectAll().where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return r ? row(r) : null;
    },
    async update(id, patch) {
      if (!Object.keys(patch).length) return;
      await db.updateTable('jobs').set(patch).where('id', '=', id).execute();
    },
    async list(userId, q) {
      let base = db.selectFrom('jobs').where('userId', '=', userId);
      if (q.kind) base = base.where('kind', '=', q.kind);
      if (q.status) base = base.where('status', '=', q.status);
      const [items, count] = await Promise.all([
        base.selectAll().orderBy('createdAtMs', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: items.map(row), total: Number(count.n) };
    },
    async unfinished() {
      return (await db.selectFrom('jobs').selectAll().where('status', 'in', ['queued', 'running']).orderBy('createdAtMs').execute()).map(row);
    },
    async lastOf(userId, kind) {
      const r = await db
        .selectFrom('jobs')
        .selectAll()
        .where('userId', '=', userId)
        .where('kind', '=', kind)
        .where('status', 'in', ['done', 'failed', 'cancelled'])
        .orderBy('finishedAtMs', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r ? row(r) : null;
    },
  };
}
