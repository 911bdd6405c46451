import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { newPgClient } from './pg-client.js';
import { sqliteFileOf, type DbLocation } from './db-location.js';

/**
 * The database side of housekeeping (issue 16), on its own connection like the backup's snapshot
 * reader: plain SQL that both dialects run. SQLite waits up to 10 s for the app's writer (a bulk
 * import's group commit holds the lock for about a second at a time).
 */
interface Conn {
  run(sql: string, params: unknown[]): Promise<number>;
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  hasTable(name: string): Promise<boolean>;
  close(): Promise<void>;
}

async function connect(loc: DbLocation): Promise<Conn> {
  if (loc.kind === 'sqlite') {
    const file = sqliteFileOf(loc.dataDir);
    if (!existsSync(file)) throw new Error(`no MileVault database in ${loc.dataDir}`);
    const db = new BetterSqlite3(file, { fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    return {
      run: async (sql, p) => db.prepare(sql).run(...p).changes,
      all: async <T>(sql: string, p: unknown[]) => db.prepare(sql).all(...p) as T[],
      hasTable: async (name) => Boolean(db.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name=?`).get(name)),
      close: async () => void db.close(),
    };
  }
  const client = await newPgClient(loc.url);
  await client.connect();
  const numbered = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  return {
    run: async (sql, p) => (await client.query(numbered(sql), p)).rowCount ?? 0,
    all: async <T>(sql: string, p: unknown[]) => (await client.query(numbered(sql), p)).rows as T[],
    hasTable: async (name) => Boolean((await client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`, [name])).rowCount),
    close: () => client.end(),
  };
}

const FINISHED = `('done', 'failed', 'cancelled')`;

/**
 * Old job details: the per-file rows of import jobs finished before `beforeMs` (the job's own row,
 * with its totals, stays), and background jobs finished before then — except the newest finished
 * one of each kind per athlete, which a schedule shows as its last result. A per-file row is kept
 * when its file is kept by nothing else (no activity and no claim in `originals` names it): such a
 * row is what keeps a file we could not read from the original-store sweep, and originals are
 * never given up by housekeeping.
 */
export async function pruneJobDetails(loc: DbLocation, beforeMs: number): Promise<{ importFileRows: number; jobs: number }> {
  const c = await connect(loc);
  try {
    const importFileRows = await c.run(
      `DELETE FROM import_files
       WHERE job_id IN (SELECT id FROM import_jobs WHERE status = 'done' AND finished_at_ms IS NOT NULL AND finished_at_ms < ?)
         AND (sha256 IS NULL
           OR EXISTS (SELECT 1 FROM originals o WHERE o.user_id = import_files.user_id AND o.sha256 = import_files.sha256)
           OR EXISTS (SELECT 1 FROM activities a WHERE a.user_id = import_files.user_id AND a.original_sha256 = import_files.sha256))`,
      [beforeMs],
    );
    let jobs = 0;
    if (await c.hasTable('jobs')) {
      jobs = await c.run(
        `DELETE FROM jobs
         WHERE status IN ${FINISHED} AND finished_at_ms IS NOT NULL AND finished_at_ms < ?
           AND id NOT IN (
             SELECT j.id FROM jobs j WHERE j.status IN ${FINISHED} AND j.finished_at_ms = (
               SELECT max(k.finished_at_ms) FROM jobs k WHERE k.user_id = j.user_id AND k.kind = j.kind AND k.status IN ${FINISHED}))`,
        [beforeMs],
      );
    }
    return { importFileRows, jobs };
  } finally {
    await c.close();
  }
}

/** Raw health payloads received before `beforeMs`: their files may go (the rows stay as the record). */
export async function healthPayloadsBefore(loc: DbLocation, beforeMs: number): Promise<{ userId: string; sha256: string }[]> {
  const c = await connect(loc);
  try {
    if (!(await c.hasTable('health_payloads'))) return [];
    return await c.all<{ userId: string; sha256: string }>(`SELECT user_id AS "userId", sha256 FROM health_payloads WHERE received_at_ms < ?`, [beforeMs]);
  } finally {
    await c.close();
  }
}
