/**
 * Housekeeping (issue 16): retention settings with defaults (staged uploads 24 h, job details 90
 * days, raw health payloads 365 days), a cleanup that removes exactly what is older than them and
 * reports it (API, persisted across restarts), and never touches originals, activities or the
 * stored health values.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HousekeepingDto, HousekeepingRunDto } from '../../shared/backup-api.js';
import { HousekeepingService } from '../../server/services/backup/housekeeping.service.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const H = { 'x-milevault-client': 'test' };
const DAY = 86_400_000;
const U = 'local';
let t: TestApp;
let db: BetterSqlite3.Database;
const now = Date.now();

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(join(dir, e.name)) : 1), 0);
}

function payload(text: string, ageDays: number): string {
  const sha = createHash('sha256').update(text).digest('hex');
  const dir = join(t.dataDir, 'health-payloads', U);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${sha}.json.gz`), gzipSync(text));
  db.prepare(`INSERT INTO health_payloads (user_id, sha256, kind, size_bytes, received_at_ms, summary_json) VALUES (?, ?, 'health-auto-export', ?, ?, '{}')`).run(U, sha, text.length, now - ageDays * DAY);
  return join(dir, `${sha}.json.gz`);
}

function job(id: string, kind: string, finishedDaysAgo: number) {
  const at = now - finishedDaysAgo * DAY;
  db.prepare(
    `INSERT INTO jobs (id, user_id, kind, status, params_json, progress_done, progress_total, attempt, created_at_ms, started_at_ms, finished_at_ms, updated_at_ms) VALUES (?, ?, ?, 'done', '{}', 1, 1, 1, ?, ?, ?, ?)`,
  ).run(id, U, kind, at, at, at, at);
}

beforeAll(async () => {
  t = await createTestApp();
  const imported = await t.importAndWait([
    { name: 'a.fit', bytes: makeFitActivity({ durationS: 300, startTime: new Date(Date.UTC(2025, 0, 1, 8)) }) },
    { name: 'b.fit', bytes: makeFitActivity({ durationS: 300, startTime: new Date(Date.UTC(2025, 0, 2, 8)) }) },
    { name: 'broken.fit', bytes: Buffer.from('not a fit file at all') },
  ]);
  expect(imported.files.map((f) => f.status)).toEqual(['imported', 'imported', 'failed']);
  await t.services.storage.health.upsertDaily(U, [{ metric: 'restingHrBpm', dayMs: Date.UTC(2025, 0, 1), source: 'garmin', value: 48 }]);
  await t.services.storage.durable();
  db = new BetterSqlite3(join(t.dataDir, 'milevault.sqlite'));
  db.pragma('busy_timeout = 10000');
}, 120_000);
afterAll(async () => {
  db?.close();
  await t?.close();
});

describe('housekeeping', () => {
  it('has sensible defaults and no run yet', async () => {
    const r = (await t.app.inject({ url: '/api/v1/housekeeping', headers: H })).json() as HousekeepingDto;
    expect(r.settings).toEqual({ incomingHours: 24, jobDetailsDays: 90, healthPayloadDays: 365 });
    expect(r.last).toBeNull();
  });

  it('removes what is older than each setting, reports it, and keeps originals, activities and health values', async () => {
    // An old finished import: its per-file rows go (the failed file's original is claimed in
    // `originals`, so it stays kept), except a row that is the only thing naming its file.
    db.prepare(`UPDATE import_jobs SET finished_at_ms = ?`).run(now - 100 * DAY);
    const jobId = (db.prepare(`SELECT id FROM import_jobs`).get() as { id: string }).id;
    const failedSha = (db.prepare(`SELECT sha256 FROM import_files WHERE status = 'failed'`).get() as { sha256: string }).sha256;
    expect(db.prepare(`SELECT 1 FROM originals WHERE sha256 = ?`).get(failedSha)).toBeTruthy();
    db.prepare(`INSERT INTO import_files (job_id, idx, user_id, name, status, sha256) VALUES (?, 99, ?, 'lonely.fit', 'failed', ?)`).run(jobId, U, 'f'.repeat(64));
    // Background jobs: two old recomputes (the newest of the kind stays) and a recent one.
    job('j-old-1', 'recompute', 200);
    job('j-old-2', 'recompute', 150);
    job('j-old-backup', 'backup', 120);
    job('j-new', 'garmin-sync', 1);
    const oldPayload = payload('{"data":{"metrics":[1]}}', 400);
    const newPayload = payload('{"data":{"metrics":[2]}}', 30);
    // Staged uploads: an old leftover folder and a young one.
    const incoming = join(t.dataDir, 'incoming');
    const oldDir = join(incoming, '00000000-1111-2222-3333-444444444444');
    const youngDir = join(incoming, '00000000-1111-2222-3333-555555555555');
    for (const d of [oldDir, youngDir]) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, '0'), 'x');
    }
    utimesSync(oldDir, (now - 2 * DAY) / 1000, (now - 2 * DAY) / 1000);

    const originalsBefore = countFiles(join(t.dataDir, 'originals'));
    const listBefore = (await t.app.inject({ url: '/api/v1/activities', headers: H })).json() as { total: number; items: { id: string }[] };
    const run = await t.app.inject({ method: 'POST', url: '/api/v1/housekeeping/run', headers: H });
    expect(run.statusCode).toBe(200);
    const r = run.json() as HousekeepingRunDto;
    expect(r).toMatchObject({ trigger: 'manual', stagedJobs: 1, uploads: 0, importFileRows: 3, jobs: 1, healthPayloads: 1, error: null });
    expect(r.healthPayloadBytes).toBeGreaterThan(0);

    expect(existsSync(oldDir)).toBe(false);
    expect(existsSync(youngDir)).toBe(true);
    expect(existsSync(oldPayload)).toBe(false);
    expect(existsSync(newPayload)).toBe(true);
    // The payload's record stays (a resend is still recognised).
    expect((db.prepare(`SELECT count(*) AS n FROM health_payloads`).get() as { n: number }).n).toBe(2);
    expect((db.prepare(`SELECT id FROM jobs WHERE id LIKE 'j-%' ORDER BY id`).all() as { id: string }[]).map((x) => x.id)).toEqual(['j-new', 'j-old-2', 'j-old-backup']);
    expect(db.prepare(`SELECT name FROM import_files`).all()).toEqual([{ name: 'lonely.fit' }]);
    // The job's own row (its totals) stays.
    expect((db.prepare(`SELECT count(*) AS n FROM import_jobs`).get() as { n: number }).n).toBe(1);

    expect(countFiles(join(t.dataDir, 'originals'))).toBe(originalsBefore);
    const listAfter = (await t.app.inject({ url: '/api/v1/activities', headers: H })).json() as { total: number };
    expect(listAfter.total).toBe(listBefore.total);
    for (const a of listBefore.items) expect((await t.app.inject({ url: `/api/v1/activities/${a.id}/original`, headers: H })).statusCode).toBe(200);
    expect(await t.services.storage.health.daily(U, 0, Date.UTC(2100, 0, 1))).toHaveLength(1);

    // The report is kept, also for a new process on the same data folder.
    const state = (await t.app.inject({ url: '/api/v1/housekeeping', headers: H })).json() as HousekeepingDto;
    expect(state.last).toEqual(r);
    const fresh = new HousekeepingService({ storage: t.services.storage, source: { kind: 'sqlite', dataDir: t.dataDir }, dataDir: t.dataDir });
    expect((await fresh.get()).last).toEqual(r);

    // A second run finds nothing more.
    const again = (await t.app.inject({ method: 'POST', url: '/api/v1/housekeeping/run', headers: H })).json() as HousekeepingRunDto;
    expect(again).toMatchObject({ stagedJobs: 0, importFileRows: 0, jobs: 0, healthPayloads: 0 });
  });

  it('settings: 0 keeps a kind forever; bad values are a 400 naming the field', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/housekeeping/settings', headers: H, payload: { healthPayloadDays: 0, jobDetailsDays: 30 } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ incomingHours: 24, jobDetailsDays: 30, healthPayloadDays: 0 });
    const kept = payload('{"data":{"metrics":[3]}}', 5000);
    const r = (await t.app.inject({ method: 'POST', url: '/api/v1/housekeeping/run', headers: H })).json() as HousekeepingRunDto;
    expect(r.healthPayloads).toBe(0);
    expect(existsSync(kept)).toBe(true);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/housekeeping/settings', headers: H, payload: { jobDetailsDays: -1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/jobDetailsDays/);
    const unknown = await t.app.inject({ method: 'PUT', url: '/api/v1/housekeeping/settings', headers: H, payload: { originalsDays: 1 } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toMatch(/nothing to change/);
  });
});
