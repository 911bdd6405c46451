import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';
import { compactorOf } from '../../server/storage/postgres/timescale-status.js';
import { corpusOrWarn } from '../helpers/corpus.js';
import { createTestApp } from '../helpers/test-app.js';
import { timescaleRollupsContract } from '../helpers/timescale-rollups-suite.js';
import { timescaleContract } from '../helpers/timescale-suite.js';

/**
 * The Timescale contract and the concurrency test on a real TimescaleDB server, opt-in:
 * MILEVAULT_TEST_TIMESCALE_URL=postgres://user@host:port/db (a role allowed to CREATE DATABASE).
 * `npm test` runs the same contract on PGlite (timescale-pglite.test.ts) with one connection.
 *
 * Dropping a database that TimescaleDB's background workers are connected to needs
 * `DROP DATABASE … WITH (FORCE)`, which a non-superuser may only use with the `pg_signal_backend`
 * role (GRANT pg_signal_backend TO <role>); without it the drop is refused and the test says so.
 */
const url = process.env.MILEVAULT_TEST_TIMESCALE_URL;
if (!url) console.warn('[timescale] MILEVAULT_TEST_TIMESCALE_URL not set: real-server TimescaleDB tests are SKIPPED (PGlite covers the contract)');

async function admin(sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
}

async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mv_ts_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url!);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      try {
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch (e) {
        throw new Error(`could not drop ${name} (a non-superuser needs GRANT pg_signal_backend): ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

describe.skipIf(!url)('TimescaleDB contract on a real server', () => {
  let db: { url: string; drop(): Promise<void> } | undefined;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => db?.drop());
  timescaleContract(() => db!.url);
  describe('rollups from continuous aggregates equal SQLite', () => timescaleRollupsContract(() => db!.url));

  it('compresses by itself while imports and deletes run concurrently: every write succeeds, nothing is lost, all ends compressed', async () => {
    // 30 ms of quiet is enough to start a run: runs overlap the next round's inserts and deletes.
    const storage = await openPostgresStorage(db!.url, { compressDelayMs: 30 });
    const compactor = compactorOf(storage)!;
    try {
      await storage.users.ensure('conc', 'conc');
      const n = 1500;
      const live: string[] = [];
      const gone: string[] = [];
      for (let round = 0; round < 8; round++) {
        const inserts = Array.from({ length: 5 }, async (_, i) => {
          const parsed = makeParsedActivity({ n, startTime: `${2017 + (i % 2)}-0${1 + (round % 9)}-0${1 + i}T06:00:00.000Z` });
          const id = randomUUID();
          await storage.activities.insert({ id, userId: 'conc', originalSha256: `conc-${round}-${i}`, sourceIndex: 0, name: 'c', parsed, streams: prepareStreams(parsed.streams) });
          return id;
        });
        const deletes = live.splice(0, 2).map(async (id) => {
          expect((await storage.activities.delete('conc', id)).deleted).toBe(true);
          gone.push(id);
        });
        const [ids] = await Promise.all([Promise.all(inserts), Promise.all(deletes)]);
        live.push(...ids);
        await new Promise((r) => setTimeout(r, 40 + 30 * (round % 3)));
      }
      await compactor.settled();
      const st = compactor.status();
      expect(st.failures).toBe(0);
      expect(st.runs).toBeGreaterThanOrEqual(3);
      const c = new pg.Client({ connectionString: db!.url });
      await c.connect();
      try {
        const per = new Map((await c.query<{ id: string; n: number }>(`SELECT activity_id AS id, count(*)::int AS n FROM activity_samples WHERE user_id = 'conc' GROUP BY 1`)).rows.map((r) => [r.id, r.n]));
        for (const id of live) expect(per.get(id), id).toBe(n);
        for (const id of gone) expect(per.has(id), id).toBe(false);
        const chunks = (await c.query<{ status: number }>(`SELECT _timescaledb_functions.chunk_status(c) AS status FROM show_chunks('activity_samples') c`)).rows;
        expect(chunks.filter((r) => (r.status & 1) === 0 || (r.status & 8) !== 0)).toEqual([]);
      } finally {
        await c.end();
      }
      for (const id of live.slice(0, 3)) expect((await storage.activities.readStreams('conc', id, ['hrBpm']))!.timeS.length).toBe(n);
      console.log(`[timescale concurrent] ${st.runs} compression runs, ${JSON.stringify(st.compressedTotal)} chunks compressed, last status ${st.lastStatus}`);
    } finally {
      await storage.close();
    }
  }, 300_000);
});

const corpus = url ? corpusOrWarn() : null;

/**
 * Issue 15 §4, compression soon after import: once the import settles, the app compresses the
 * samples by itself (no compress call here, and the policy jobs fail on some builds), and the
 * stored samples cost at most 30 B each, indexes included (blob + compressed mirror).
 */
async function compressedByItself(t: Awaited<ReturnType<typeof createTestApp>>, databaseUrl: string): Promise<void> {
  const compactor = compactorOf(t.services.storage);
  expect(compactor, 'community TimescaleDB compresses on the app side').not.toBeNull();
  await compactor!.settled();
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const chunks = (await c.query<{ status: number }>(`SELECT _timescaledb_functions.chunk_status(c) AS status FROM show_chunks('activity_samples') c`)).rows;
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.filter((r) => (r.status & 1) === 0 || (r.status & 8) !== 0)).toEqual([]);
    const size = (await c.query<{ samples: string; bytes: string }>(
      `SELECT (SELECT sum(sample_count) FROM activity_streams) AS samples,
              pg_total_relation_size('activity_streams') + hypertable_size('activity_samples') AS bytes`,
    )).rows[0];
    const perSample = Number(size.bytes) / Number(size.samples);
    console.log(`[timescale corpus] ${size.samples} samples, ${perSample.toFixed(1)} B/sample after the app's compression (no VACUUM)`);
    expect(perSample).toBeLessThanOrEqual(30);
  } finally {
    await c.end();
  }
  const health = (await t.app.inject({ url: '/api/v1/health' })).json();
  expect(health.database.timescaleStatus.appCompression).toMatchObject({ lastStatus: 'success', lastError: null, failures: 0 });
  expect(health.database.timescaleStatus.appCompression.compressedTotal.activity_samples).toBeGreaterThan(0);
}

describe.skipIf(!url || !corpus)('corpus FIT folder imported with full parallelism into a fresh TimescaleDB', () => {
  let db: { url: string; drop(): Promise<void> } | undefined;
  afterAll(async () => db?.drop());

  it('imports every file that SQLite imports, with no deadlock', async () => {
    db = await freshDatabase();
    const counts = async (databaseUrl?: string) => {
      const t = await createTestApp(databaseUrl ? { databaseUrl } : {});
      try {
        expect(t.services.storage.timescale).toBe(!!databaseUrl);
        const id = await t.services.imports.createJobFromPaths(LOCAL_USER_ID, [join(corpus!, 'fit')]);
        await t.services.imports.waitFor(id);
        const job = (await t.services.storage.imports.get(LOCAL_USER_ID, id))!;
        const by: Record<string, number> = {};
        for (const f of job.files) by[f.status] = (by[f.status] ?? 0) + 1;
        const dbErrors = job.files.filter((f) => f.status === 'failed' && /deadlock|serializ|could not/i.test(f.error ?? '')).map((f) => `${f.name}: ${f.error}`);
        if (databaseUrl) await compressedByItself(t, databaseUrl);
        return { by, dbErrors };
      } finally {
        await t.close();
      }
    };
    const ts = await counts(db.url);
    const lite = await counts();
    console.log(`[timescale corpus] timescale ${JSON.stringify(ts.by)} sqlite ${JSON.stringify(lite.by)}`);
    expect(ts.dbErrors).toEqual([]);
    expect(ts.by.imported ?? 0).toBeGreaterThan(50);
    // Every file ends the same way; which copy of a duplicated workout counts as the import may
    // differ (concurrent PostgreSQL imports decide duplicates in parallel).
    expect({ failed: ts.by.failed ?? 0, skipped: ts.by.skipped ?? 0, stored: (ts.by.imported ?? 0) + (ts.by.duplicate ?? 0) })
      .toEqual({ failed: lite.by.failed ?? 0, skipped: lite.by.skipped ?? 0, stored: (lite.by.imported ?? 0) + (lite.by.duplicate ?? 0) });
  }, 900_000);
});
