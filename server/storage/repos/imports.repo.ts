import { type Kysely, sql } from 'kysely';
import type { ImportFileDto, ImportFileStatus, ImportJobDto, ImportJobStatus, ImportStatusCounts } from '../../../shared/api.js';
import type { Database, ImportFilesTable, ImportJobsTable } from '../db-schema.js';
import type { ImportsRepo } from '../port.js';
import { cachedQuery } from './cached-query.js';

function fileDto(f: ImportFilesTable): ImportFileDto {
  const dto: ImportFileDto = { name: f.name, status: f.status as ImportFileStatus };
  if (f.activityId) dto.activityId = f.activityId;
  if (f.error) dto.error = f.error;
  if (f.warningsJson) dto.warnings = JSON.parse(f.warningsJson) as string[];
  return dto;
}

function jobDto(j: ImportJobsTable, files: ImportFilesTable[]): ImportJobDto {
  return {
    id: j.id,
    status: j.status as ImportJobStatus,
    done: Number(j.done),
    total: Number(j.total),
    createdAt: new Date(Number(j.createdAtMs)).toISOString(),
    files: files.map(fileDto),
  };
}

const FINAL: ReadonlySet<string> = new Set(['imported', 'duplicate', 'failed', 'skipped']);

/**
 * A job with one page of its rows (issue 12, defect 5: a 100,000-member zip made an 11 MB job
 * answer on every poll). Declared here rather than on the port's ImportsRepo, which it extends;
 * ImportService falls back to slicing `getCommitted` when a repository lacks it.
 */
export interface ImportsPaging {
  /** As last committed (like getCommitted): the job, rows [offset, offset+limit) and per-status counts. */
  page(userId: string, id: string, offset: number, limit: number): Promise<ImportJobDto | null>;
}

/** Rows by status, an archive expanded into member rows (`x.zip` with `x.zip › a.fit`) counted through its members. */
async function statusCounts(db: Kysely<Database>, id: string): Promise<ImportStatusCounts> {
  const counts: ImportStatusCounts = { pending: 0, imported: 0, duplicate: 0, skipped: 0, failed: 0 };
  const rows = await db.selectFrom('importFiles').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('jobId', '=', id).groupBy('status').execute();
  for (const r of rows) if (r.status in counts) counts[r.status as ImportFileStatus] = Number(r.n);
  // Containers are top-level zip rows (a handful per job); a failed one stays counted (archiveContainers).
  const zips = await db.selectFrom('importFiles').select(['idx', 'name', 'status']).where('jobId', '=', id).where('status', '!=', 'failed').where('name', 'not like', '% › %').where(sql<string>`lower(${sql.ref('name')})`, 'like', '%.zip').execute();
  for (const z of zips) {
    const member = await db
      .selectFrom('importFiles')
      .select('idx')
      .where('jobId', '=', id)
      .where('idx', '>', z.idx)
      .where(sql<string>`substr(${sql.ref('name')}, 1, ${z.name.length + 3})`, '=', `${z.name} › `)
      .limit(1)
      .executeTakeFirst();
    if (member) counts[z.status as ImportFileStatus]--;
  }
  return counts;
}

async function readJobPage(db: Kysely<Database>, userId: string, id: string, offset: number, limit: number): Promise<ImportJobDto | null> {
  const job = await db.selectFrom('importJobs').selectAll().where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
  if (!job) return null;
  const files = await db.selectFrom('importFiles').selectAll().where('jobId', '=', id).orderBy('idx').limit(limit).offset(offset).execute();
  const filesTotal = await db.selectFrom('importFiles').select((eb) => eb.fn.countAll<number>().as('n')).where('jobId', '=', id).executeTakeFirstOrThrow();
  return { ...jobDto(job, files), offset, limit, filesTotal: Number(filesTotal.n), counts: await statusCounts(db, id) };
}

async function readJob(db: Kysely<Database>, userId: string, id: string): Promise<ImportJobDto | null> {
  const job = await db.selectFrom('importJobs').selectAll().where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
  if (!job) return null;
  const files = await db.selectFrom('importFiles').selectAll().where('jobId', '=', id).orderBy('idx').execute();
  return jobDto(job, files);
}

/** `committed`: a connection that sees committed data only (SQLite's read-only second connection), or `db`. */
export function createImportsRepo(db: Kysely<Database>, committed: Kysely<Database> = db): ImportsRepo & ImportsPaging {
  return {
    // One read transaction, as getCommitted: the job row, its page and its counts from the same commit.
    page: (userId: string, id: string, offset: number, limit: number) =>
      committed === db ? readJobPage(db, userId, id, offset, limit) : committed.transaction().execute((trx) => readJobPage(trx, userId, id, offset, limit)),
    async create({ id, userId, files }) {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('importJobs').values({ id, userId, status: 'queued', total: files.length, done: 0, createdAtMs: Date.now(), finishedAtMs: null }).execute();
        const rows = files.map((name, idx) => ({ jobId: id, idx, userId, name, status: 'pending', sha256: null, activityId: null, error: null, warningsJson: null }));
        for (let i = 0; i < rows.length; i += 500) await trx.insertInto('importFiles').values(rows.slice(i, i + 500)).execute();
      });
    },
    get: (userId: string, id: string) => readJob(db, userId, id),
    // One read transaction: the job row and its files from the same commit.
    getCommitted: (userId: string, id: string) => (committed === db ? readJob(db, userId, id) : committed.transaction().execute((trx) => readJob(trx, userId, id))),
    async setStatus(id: string, status: ImportJobStatus) {
      await db
        .updateTable('importJobs')
        .set({ status, finishedAtMs: status === 'done' ? Date.now() : null })
        .where('id', '=', id)
        .execute();
    },
    async setFile(jobId, idx, r) {
      const values = {
        status: r.status,
        sha256: r.sha256 ?? null,
        activityId: r.activityId ?? null,
        error: r.error ?? null,
        warningsJson: r.warnings && r.warnings.length ? JSON.stringify(r.warnings) : null,
      };
      const p = [values.status, values.sha256, values.activityId, values.error, values.warningsJson, jobId, idx];
      const set = (q: readonly unknown[]) => ({ status: q[0] as string, sha256: q[1] as string | null, activityId: q[2] as string | null, error: q[3] as string | null, warningsJson: q[4] as string | null });
      await db.transaction().execute(async (trx) => {
        // The usual case in one statement: a pending file gets its result and counts towards
        // `done` once; a file already final (a retried member) is only rewritten.
        const pending = await cachedQuery(trx, 'importFiles.setPending', p, (q) =>
          trx.updateTable('importFiles').set(set(q)).where('jobId', '=', q[5] as string).where('idx', '=', q[6] as number).where('status', 'not in', [...FINAL]),
        );
        if (Number(pending.numAffectedRows ?? 0) > 0) {
          if (FINAL.has(r.status)) await cachedQuery(trx, 'importJobs.countDone', [jobId], (q) => trx.updateTable('importJobs').set((eb) => ({ done: eb('done', '+', 1) })).where('id', '=', q[0] as string));
        } else await cachedQuery(trx, 'importFiles.rewrite', p, (q) => trx.updateTable('importFiles').set(set(q)).where('jobId', '=', q[5] as string).where('idx', '=', q[6] as number));
      });
    },
    async addFiles(jobId, names) {
      return db.transaction().execute(async (trx) => {
        const job = await trx.selectFrom('importJobs').select(['userId', 'total']).where('id', '=', jobId).executeTakeFirstOrThrow();
        const last = await trx.selectFrom('importFiles').select((eb) => eb.fn.max<number>('idx').as('m')).where('jobId', '=', jobId).executeTakeFirst();
        const first = last?.m === null || last?.m === undefined ? 0 : Number(last.m) + 1;
        const rows = names.map((name, i) => ({ jobId, idx: first + i, userId: job.userId, name, status: 'pending', sha256: null, activityId: null, error: null, warningsJson: null }));
        for (let i = 0; i < rows.length; i += 500) await trx.insertInto('importFiles').values(rows.slice(i, i + 500)).execute();
        await trx.updateTable('importJobs').set({ total: Number(job.total) + names.length }).where('id', '=', jobId).execute();
        return first;
      });
    },
    async unfinished() {
      return db.selectFrom('importJobs').select(['id', 'userId']).where('status', 'in', ['queued', 'running']).orderBy('createdAtMs').execute();
    },
    async list(userId: string, limit: number) {
      const jobs = await committed.selectFrom('importJobs').selectAll().where('userId', '=', userId).orderBy('createdAtMs', 'desc').limit(limit).execute();
      if (!jobs.length) return [];
      const files = await committed.selectFrom('importFiles').selectAll().where('jobId', 'in', jobs.map((j) => j.id)).orderBy('idx').execute();
      return jobs.map((j) => jobDto(j, files.filter((f) => f.jobId === j.id)));
    },
  };
}
