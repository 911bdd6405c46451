/**
 * Issue 15's table: the corpus FIT folder imported in one pass (full parallelism) into SQLite,
 * plain PostgreSQL and TimescaleDB; bytes per sample (stream storage incl. indexes and TOAST);
 * and reading all streams of the 1-hour activity (p50) through the storage port and the API, plus
 * the SQL mirror read (Timescale). On TimescaleDB nothing is compressed by the bench: B/sample is
 * taken when the import job ends and again once the app's own compression (a few seconds after
 * the last write, postgres/timescale-compaction.ts) has settled, without VACUUM.
 *
 * `npm run bench -- --only timescale [--timescale postgres://…] [--pg postgres://…] [--timescale-only]`
 * (or MILEVAULT_BENCH_TIMESCALE_URL / MILEVAULT_TEST_PG_URL). Without a Timescale URL the
 * SQLite and plain-PostgreSQL rows are printed (plain PostgreSQL from an embedded server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { configFromEnv } from '../server/config.js';
import { LOCAL_USER_ID } from '../server/plugins/auth.js';
import { createServices } from '../server/start.js';
import { compactorOf } from '../server/storage/postgres/timescale-status.js';
import { corpusDir } from '../tests/helpers/corpus.js';
import { median, printTable } from './table.js';
import { startBenchPostgres } from './embedded-pg.js';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const READS = 100;
/** The corpus's 1-hour activity (issue 15 measured it at 3,976 samples); closest to one hour. */
const HOUR_S = 3600;

type Mode = 'SQLite' | 'plain PostgreSQL' | 'TimescaleDB';

async function pgQuery<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

async function freshDb(base: string, name: string): Promise<string> {
  await pgQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await pgQuery(base, `CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function embeddedPg(root: string): Promise<{ url: string; stop(): Promise<void> } | null> {
  return startBenchPostgres(root, 'plain PostgreSQL row skipped');
}

async function runMode(mode: Mode, corpusFit: string, root: string, databaseUrl?: string): Promise<Record<string, string | number>> {
  const dataDir = mkdtempSync(join(root, 'data-'));
  const config = { ...configFromEnv({}), dataDir, databaseUrl, maxUploadBytes: 1 << 30 };
  const services = await createServices(config);
  // Without the per-athlete read cache: the same URL read 100 times would be answered from the
  // bytes of the first (issue 14), and this column is about reading the activity.
  const app = await buildApp({ config, ...services, readCache: undefined, version: 'bench' });
  const storage = services.storage;
  try {
    const t0 = performance.now();
    const jobId = await services.imports.createJobFromPaths(LOCAL_USER_ID, [corpusFit]);
    await services.imports.waitFor(jobId);
    const importS = (performance.now() - t0) / 1000;
    const job = (await storage.imports.get(LOCAL_USER_ID, jobId))!;
    const fit = job.files.filter((f) => /\.fit(\.gz)?$/i.test(f.name));
    const imported = fit.filter((f) => f.status === 'imported').length;
    const failed = fit.filter((f) => f.status === 'failed');
    const dbFailed = failed.filter((f) => /deadlock|serializ/i.test(f.error ?? '')).length;
    const ids = fit.filter((f) => f.status === 'imported').map((f) => f.activityId!);

    let samples = 0;
    let bytes = 0;
    let bytesCompressed: number | '' = '';
    let compressedAfterS: number | '' = '';
    let mirrorRead = '';
    if (mode === 'SQLite') {
      const c = new BetterSqlite3(join(dataDir, 'milevault.sqlite'));
      try {
        c.pragma('wal_checkpoint(TRUNCATE)');
        c.exec('VACUUM');
      } catch {
        // The server's connection is still open: dbstat counts pages as they are.
      }
      samples = Number((c.prepare('SELECT sum(sample_count) AS n FROM activity_streams').get() as { n: number }).n);
      bytes = Number((c.prepare(`SELECT sum(pgsize) AS b FROM dbstat WHERE name = 'activity_streams' OR name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'activity_streams')`).get() as { b: number }).b);
      c.close();
    } else {
      // Right after the import, no VACUUM: what a user's database holds at that moment.
      const url = databaseUrl!;
      samples = Number((await pgQuery<{ n: string }>(url, 'SELECT sum(sample_count) AS n FROM activity_streams'))[0].n);
      const size = async () => {
        const streams = Number((await pgQuery<{ b: string }>(url, `SELECT pg_total_relation_size('activity_streams') AS b`))[0].b);
        const mirror = mode === 'TimescaleDB' ? `hypertable_size('activity_samples')` : `pg_total_relation_size('activity_samples')`;
        return streams + Number((await pgQuery<{ b: string }>(url, `SELECT ${mirror} AS b`))[0].b ?? 0);
      };
      bytes = await size();
      if (mode === 'TimescaleDB') {
        const compactor = compactorOf(storage);
        if (!compactor) throw new Error('TimescaleDB without the app-side compression (Apache edition?)');
        await compactor.settled();
        compressedAfterS = (performance.now() - t0) / 1000 - importS;
        const st = compactor.status();
        if (st.lastStatus !== 'success') throw new Error(`app-side compression: ${st.lastStatus} ${st.lastError ?? ''}`);
        bytesCompressed = await size();
      }
    }

    // The activity closest to one hour of samples.
    let hour = { id: '', n: Infinity };
    for (const id of ids) {
      const s = await storage.activities.readStreams(LOCAL_USER_ID, id, ['hrBpm']);
      const n = s?.timeS.length ?? 0;
      // Ties (two 3,601-sample recordings in the corpus) go to the smaller id, the same on every database.
      const d = Math.abs(n - HOUR_S) - Math.abs(hour.n - HOUR_S);
      if (d < 0 || (d === 0 && id < hour.id)) hour = { id, n };
    }
    const readP50 = async () => {
      const ms: number[] = [];
      for (let i = 0; i < READS; i++) {
        const s0 = performance.now();
        await storage.activities.readStreams(LOCAL_USER_ID, hour.id);
        ms.push(performance.now() - s0);
      }
      return median(ms);
    };
    // The same through the API (GET …/streams, all channels, full resolution), as the app reads it.
    const apiP50 = async () => {
      const ms: number[] = [];
      for (let i = 0; i < READS; i++) {
        const s0 = performance.now();
        const r = await app.inject({ url: `/api/v1/activities/${hour.id}/streams?maxPoints=100000` });
        if (r.statusCode !== 200) throw new Error(`streams: ${r.statusCode} ${r.body.slice(0, 200)}`);
        ms.push(performance.now() - s0);
      }
      return median(ms);
    };
    if (mode === 'TimescaleDB') {
      const url = databaseUrl!;
      const start = Number((await pgQuery<{ s: string }>(url, 'SELECT start_time_ms AS s FROM activities WHERE id = $1', [hour.id]))[0].s);
      // SQL access to one activity's samples, carrying its time range so only its chunk is read.
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const ms: number[] = [];
      for (let i = 0; i < READS; i++) {
        const s0 = performance.now();
        await c.query(
          `SELECT seq, lat_deg, lon_deg, altitude_m, distance_m, speed_mps, hr_bpm, cadence_rpm, power_w, temperature_c FROM activity_samples_si
           WHERE activity_id = $1 AND t >= to_timestamp($2 / 1000.0) AND t < to_timestamp($2 / 1000.0) + INTERVAL '2 days' ORDER BY seq`,
          [hour.id, start],
        );
        ms.push(performance.now() - s0);
      }
      await c.end();
      mirrorRead = median(ms).toFixed(1);
    }
    // Reads after the sizes (on TimescaleDB: after the app's compression, so nothing runs beside them).
    const storageRead = await readP50();
    const httpRead = await apiP50();
    return {
      database: mode,
      'FIT files imported (one pass)': `${imported}/${fit.length}`,
      'failed (deadlock/serialization)': `${failed.length} (${dbFailed})`,
      'import s': importS,
      'B/sample at import end': bytes / samples,
      'B/sample after app compression': bytesCompressed === '' ? '' : bytesCompressed / samples,
      'compressed s after import': compressedAfterS,
      [`read all streams 1 h (${hour.n} samples) p50 ms: storage`]: storageRead,
      'via API': httpRead,
      'SQL mirror read p50 ms (compressed)': mirrorRead,
    };
  } finally {
    await app.close().catch(() => {});
    await services.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function timescaleBench(): Promise<void> {
  const corpus = corpusDir();
  if (!corpus) {
    console.warn('[bench timescale] ../shared/corpus not found: skipped');
    return;
  }
  const fit = join(corpus, 'fit');
  const root = mkdtempSync(join(tmpdir(), 'milevault-bench-ts-'));
  const rows: Record<string, string | number>[] = [];
  const tsUrl = arg('timescale') ?? process.env.MILEVAULT_BENCH_TIMESCALE_URL;
  const givenPg = arg('pg') ?? process.env.MILEVAULT_TEST_PG_URL;
  const emb = givenPg || argv.includes('--timescale-only') ? null : await embeddedPg(root);
  const pgBase = givenPg ?? emb?.url;
  try {
    const tsOnly = argv.includes('--timescale-only');
    if (!tsOnly) {
      rows.push(await runMode('SQLite', fit, root));
      console.log(rows.at(-1));
    }
    if (pgBase && !tsOnly) {
      rows.push(await runMode('plain PostgreSQL', fit, root, await freshDb(pgBase, 'mv_bench_plain')));
      console.log(rows.at(-1));
    }
    if (tsUrl) {
      rows.push(await runMode('TimescaleDB', fit, root, await freshDb(tsUrl, 'mv_bench_ts')));
      console.log(rows.at(-1));
    } else console.warn('[bench timescale] no --timescale URL (MILEVAULT_BENCH_TIMESCALE_URL): TimescaleDB row skipped');
  } finally {
    await emb?.stop();
    rmSync(root, { recursive: true, force: true });
  }
  printTable(`Corpus FIT folder, one pass with ${availableParallelism()} parse workers: stream storage and 1 h read`, rows);
}
