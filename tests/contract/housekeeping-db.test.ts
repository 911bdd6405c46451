/**
 * Housekeeping's SQL (housekeeping-db.ts) on both dialects: per-file rows of old finished imports
 * go unless they alone name a stored file, old finished jobs go except the newest per kind, and
 * old raw health payloads are listed. The API test (tests/api/housekeeping.test.ts) covers SQLite
 * end to end; this runs the same statements on PostgreSQL and SQLite side by side.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { DbLocation } from '../../server/services/backup/db-location.js';
import { healthPayloadsBefore, pruneJobDetails } from '../../server/services/backup/housekeeping-db.js';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';
import { openSqliteStorage } from '../../server/storage/sqlite/sqlite-storage.js';
import { createTestDatabase } from '../helpers/pg-database.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const root = mkdtempSync(join(tmpdir(), 'milevault-hk-db-'));
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of drops) await d().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

const SEED = [
  `INSERT INTO users (id, name, created_at_ms) VALUES ('u', 'u', 0)`,
  `INSERT INTO import_jobs (id, user_id, status, total, done, created_at_ms, finished_at_ms) VALUES ('old', 'u', 'done', 3, 3, 0, ${NOW - 100 * DAY})`,
  `INSERT INTO import_jobs (id, user_id, status, total, done, created_at_ms, finished_at_ms) VALUES ('new', 'u', 'done', 1, 1, 0, ${NOW - DAY})`,
  `INSERT INTO import_files (job_id, idx, user_id, name, status, sha256) VALUES ('old', 0, 'u', 'a.fit', 'failed', NULL)`,
  `INSERT INTO import_files (job_id, idx, user_id, name, status, sha256) VALUES ('old', 1, 'u', 'b.fit', 'failed', '${'a'.repeat(64)}')`,
  `INSERT INTO import_files (job_id, idx, user_id, name, status, sha256) VALUES ('old', 2, 'u', 'c.fit', 'failed', '${'b'.repeat(64)}')`,
  `INSERT INTO originals (user_id, sha256, file_name, size_bytes, created_at_ms) VALUES ('u', '${'b'.repeat(64)}', 'c.fit', 1, 0)`,
  `INSERT INTO import_files (job_id, idx, user_id, name, status, sha256) VALUES ('new', 0, 'u', 'd.fit', 'failed', NULL)`,
  ...[['j1', 'recompute', 200], ['j2', 'recompute', 150], ['j3', 'backup', 120], ['j4', 'backup', 1]].map(
    ([id, kind, age]) => `INSERT INTO jobs (id, user_id, kind, status, params_json, progress_done, progress_total, attempt, created_at_ms, finished_at_ms, updated_at_ms) VALUES ('${id}', 'u', '${kind}', 'done', '{}', 0, 0, 1, 0, ${NOW - Number(age) * DAY}, 0)`,
  ),
  `INSERT INTO health_payloads (user_id, sha256, kind, size_bytes, received_at_ms, summary_json) VALUES ('u', '${'c'.repeat(64)}', 'health-auto-export', 1, ${NOW - 400 * DAY}, '{}')`,
  `INSERT INTO health_payloads (user_id, sha256, kind, size_bytes, received_at_ms, summary_json) VALUES ('u', '${'d'.repeat(64)}', 'health-auto-export', 1, ${NOW - 10 * DAY}, '{}')`,
];

async function check(loc: DbLocation, query: (sql: string) => Promise<unknown[]>) {
  expect(await pruneJobDetails(loc, NOW - 90 * DAY)).toEqual({ importFileRows: 2, jobs: 2 });
  expect(await query(`SELECT job_id, idx FROM import_files ORDER BY job_id, idx`)).toEqual([{ job_id: 'new', idx: 0 }, { job_id: 'old', idx: 1 }]);
  expect(await query(`SELECT id FROM jobs ORDER BY id`)).toEqual([{ id: 'j2' }, { id: 'j4' }]); // j2: the newest recompute, however old; j3 gave way to j4
  expect(await healthPayloadsBefore(loc, NOW - 365 * DAY)).toEqual([{ userId: 'u', sha256: 'c'.repeat(64) }]);
  expect(await pruneJobDetails(loc, NOW - 90 * DAY)).toEqual({ importFileRows: 0, jobs: 0 });
}

describe('housekeeping SQL', () => {
  it('SQLite', async () => {
    const dataDir = join(root, 'sqlite');
    mkdirSync(dataDir, { recursive: true });
    await (await openSqliteStorage(join(dataDir, 'milevault.sqlite'))).close();
    const db = new BetterSqlite3(join(dataDir, 'milevault.sqlite'));
    try {
      for (const s of SEED) db.exec(s);
      await check({ kind: 'sqlite', dataDir }, async (sql) => db.prepare(sql).all());
    } finally {
      db.close();
    }
  });

  it('PostgreSQL', async () => {
    const t = await createTestDatabase();
    expect(t, 'PostgreSQL must be available to the test run').not.toBeNull();
    drops.push(t!.drop);
    await (await openPostgresStorage(t!.url)).close();
    const c = new pg.Client({ connectionString: t!.url });
    await c.connect();
    try {
      for (const s of SEED) await c.query(s);
      await check({ kind: 'postgres', url: t!.url }, async (sql) => (await c.query(sql)).rows);
    } finally {
      await c.end();
    }
  });
});
