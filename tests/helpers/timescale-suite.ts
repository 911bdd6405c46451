import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, it } from 'vitest';
import { openPostgresStorage } from '../../server/storage/postgres/postgres-storage.js';
import { compactorOf, timescaleHealth } from '../../server/storage/postgres/timescale-status.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import type { Storage } from '../../server/storage/port.js';
import { makeParsedActivity } from './parsed-activity.js';

/**
 * The Timescale contract, run on PGlite+TimescaleDB in `npm test` (one connection) and on a real
 * server when MILEVAULT_TEST_TIMESCALE_URL is set. `url()` is a database this suite may fill.
 */
export function timescaleContract(url: () => string, opts: { maxConnections?: number; preparedStatements?: boolean } = {}) {
  const open = (compressDelayMs?: number) => openPostgresStorage(url(), { maxConnections: opts.maxConnections, preparedStatements: opts.preparedStatements, compressDelayMs });
  async function q<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
    const c = new pg.Client({ connectionString: url() });
    await c.connect();
    try {
      return (await c.query<T>(text, params)).rows;
    } finally {
      await c.end();
    }
  }
  async function withStorage<T>(fn: (s: Storage) => Promise<T>, compressDelayMs?: number): Promise<T> {
    const s = await open(compressDelayMs);
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  }

  it('reads streams from the blob and mirrors every sample into the hypertable, which has no foreign key', async () => {
    await withStorage(async (storage) => {
      expect(storage.timescale).toBe(true);
      await storage.users.ensure('u', 'u');
      const parsed = makeParsedActivity({ n: 600, startTime: '2019-03-01T06:00:00.000Z' });
      const id = randomUUID();
      await storage.activities.insert({ id, userId: 'u', originalSha256: 'x', sourceIndex: 0, name: 'r', parsed, streams: prepareStreams(parsed.streams) });
      const s = await storage.activities.readStreams('u', id, ['hrBpm', 'latDeg']);
      expect(s!.channels.hrBpm).toEqual(parsed.streams.channels.hrBpm);
      expect(s!.channels.latDeg!.length).toBe(600);
      const mirror = await q<{ n: number; hr: number }>(`SELECT count(*)::int AS n, sum(hr_bpm)::float8 AS hr FROM activity_samples WHERE activity_id = $1`, [id]);
      const hrSum = parsed.streams.channels.hrBpm!.reduce<number>((a, b) => a + (b ?? 0), 0);
      expect(mirror[0]).toEqual({ n: 600, hr: hrSum });
      const fks = await q(`SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = 'activity_samples'::regclass`);
      expect(fks).toEqual([]);
      const ht = await q(`SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables ORDER BY 1`);
      expect(ht).toEqual(expect.arrayContaining([
        { hypertable_name: 'activity_samples', compression_enabled: true },
        { hypertable_name: 'health_samples', compression_enabled: true },
        { hypertable_name: 'live_points', compression_enabled: false },
      ]));
    });
  });

  it('keeps a rollup of any year (no 10-year window) with real-time aggregation on', async () => {
    await withStorage(async (storage) => {
      const old = makeParsedActivity({ n: 120, startTime: '2004-07-01T06:00:00.000Z' });
      const id = randomUUID();
      await storage.activities.insert({ id, userId: 'u', originalSha256: 'y', sourceIndex: 0, name: 'old', parsed: old, streams: prepareStreams(old.streams) });
      // Real-time aggregation covers rows after the watermark only: a 2004 activity imported after a
      // refresh appears with the next refresh (the hourly policy; here by hand, for that day).
      await q(`CALL refresh_continuous_aggregate('activity_samples_daily', '2004-07-01T00:00:00Z', '2004-07-02T00:00:00Z')`);
      const rows = await q<{ samples: number }>(`SELECT samples::int AS samples FROM activity_samples_daily WHERE user_id = 'u' AND day = '2004-07-01T00:00:00Z'`);
      expect(rows).toEqual([{ samples: 120 }]);
      // Every refresh policy (samples, activity rollups, health rollups) covers any year.
      const pol = await q<{ start_offset: string | null }>(`SELECT config->>'start_offset' AS start_offset FROM timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate'`);
      expect(pol.length).toBe(3);
      for (const p of pol) expect(p).toEqual({ start_offset: null });
      const rt = await q<{ m: boolean }>(`SELECT materialized_only AS m FROM timescaledb_information.continuous_aggregates WHERE view_name = 'activity_samples_daily'`);
      expect(rt).toEqual([{ m: false }]);
    });
  });

  it('deletes mirror rows with the activity, also from compressed chunks', async () => {
    await withStorage(async (storage) => {
      const parsed = makeParsedActivity({ n: 300, startTime: '2021-05-01T06:00:00.000Z' });
      const id = randomUUID();
      await storage.activities.insert({ id, userId: 'u', originalSha256: 'z', sourceIndex: 0, name: 'c', parsed, streams: prepareStreams(parsed.streams) });
      await q(`SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks('activity_samples') c`);
      const stats = await q<{ n: number }>(`SELECT number_compressed_chunks::int AS n FROM hypertable_compression_stats('activity_samples')`);
      expect(stats[0].n).toBeGreaterThan(0);
      const back = await storage.activities.readStreams('u', id, ['powerW']);
      expect(back!.channels.powerW).toEqual(parsed.streams.channels.powerW);
      expect((await storage.activities.delete('u', id)).deleted).toBe(true);
      const left = await q<{ n: number }>(`SELECT count(*)::int AS n FROM activity_samples WHERE activity_id = $1`, [id]);
      expect(left[0].n).toBe(0);
    });
  });

  it('compresses samples by itself a moment after writes settle, recompressing chunks that gained or lost rows', async () => {
    const DAY = 86_400_000;
    /** Chunk status bits per hypertable: 1 compressed, 8 partially compressed. */
    const chunks = (table: string, olderThanMs?: number) =>
      q<{ chunk: string; status: number }>(
        olderThanMs === undefined
          ? `SELECT c::text AS chunk, _timescaledb_functions.chunk_status(c) AS status FROM show_chunks('${table}') c`
          : `SELECT c::text AS chunk, _timescaledb_functions.chunk_status(c) AS status FROM show_chunks('${table}', older_than => $1::bigint) c`,
        olderThanMs === undefined ? [] : [olderThanMs],
      );
    const fully = (rows: { status: number }[]) => rows.every((r) => (r.status & 1) === 1 && (r.status & 8) === 0);
    await withStorage(async (storage) => {
      const compactor = compactorOf(storage)!;
      expect(compactor).not.toBeNull();
      await compactor.settled(); // the start-up run (what earlier tests left uncompressed)
      // A new year (a new chunk) and health samples a year old and from now.
      const parsed = makeParsedActivity({ n: 400, startTime: '2016-02-01T06:00:00.000Z' });
      const id = randomUUID();
      await storage.activities.insert({ id, userId: 'u', originalSha256: 'cmp', sourceIndex: 0, name: 'cmp', parsed, streams: prepareStreams(parsed.streams) });
      const now = Date.now();
      await storage.health.upsertSamples('u', [
        { metric: 'heart_rate', source: 'Watch', tMs: now - 400 * DAY, value: 61 },
        { metric: 'heart_rate', source: 'Watch', tMs: now - 60_000, value: 72 },
      ]);
      // The write returned before any compression: it is only scheduled.
      expect(compactor.status().pending).toBe(true);
      const total = (table: string) => compactor.status().compressedTotal[table] ?? 0;
      const before = { a: total('activity_samples'), h: total('health_samples') };
      await compactor.settled();
      expect(fully(await chunks('activity_samples'))).toBe(true);
      // Health: what the policy compresses (chunks wholly older than 7 days), not the recent one.
      expect(fully(await chunks('health_samples', now - 7 * DAY))).toBe(true);
      const recent = await q<{ status: number }>(`SELECT _timescaledb_functions.chunk_status(tableoid::regclass) AS status FROM health_samples WHERE user_id = 'u' AND t_ms = $1`, [now - 60_000]);
      expect(recent).toEqual([{ status: 0 }]);
      const h = await timescaleHealth(storage);
      expect(h!.appCompression).toMatchObject({ lastStatus: 'success', lastError: null, pending: false, running: false });
      expect(h!.appCompression!.lastRunAt).not.toBeNull();
      expect(h!.appCompression!.compressedTotal.activity_samples).toBeGreaterThan(before.a);
      expect(h!.appCompression!.compressedTotal.health_samples).toBeGreaterThan(before.h);

      // A second activity lands in the compressed chunk (partial), then one is deleted.
      const more = makeParsedActivity({ n: 300, startTime: '2016-03-01T06:00:00.000Z' });
      const id2 = randomUUID();
      await storage.activities.insert({ id: id2, userId: 'u', originalSha256: 'cmp2', sourceIndex: 0, name: 'cmp2', parsed: more, streams: prepareStreams(more.streams) });
      const partialBefore = total('activity_samples');
      await compactor.settled();
      expect(total('activity_samples')).toBe(partialBefore + 1); // the partial chunk, recompressed
      expect(fully(await chunks('activity_samples'))).toBe(true);
      expect((await storage.activities.readStreams('u', id2, ['powerW']))!.channels.powerW).toEqual(more.streams.channels.powerW);
      expect((await storage.activities.delete('u', id)).deleted).toBe(true);
      await compactor.settled();
      expect(fully(await chunks('activity_samples'))).toBe(true);
      const left = await q<{ a: number; b: number }>(
        `SELECT count(*) FILTER (WHERE activity_id = $1)::int AS a, count(*) FILTER (WHERE activity_id = $2)::int AS b FROM activity_samples`,
        [id, id2],
      );
      expect(left[0]).toEqual({ a: 0, b: 300 });
      expect(compactor.status().failures).toBe(0);
    }, 2_000);
  });

  it('creates its policies idempotently and reports them with status in health', async () => {
    const before = await q<{ n: number }>(`SELECT count(*)::int AS n FROM timescaledb_information.jobs WHERE job_id >= 1000`);
    await withStorage(async (storage) => {
      const h = await timescaleHealth(storage);
      expect(h).not.toBeNull();
      expect(h!.edition).toBe('community');
      expect(h!.compression).toBe(true);
      expect(h!.rollups).toBe(true);
      const kinds = h!.jobs.map((j) => `${j.kind}:${j.table}`).sort();
      expect(kinds).toEqual(expect.arrayContaining(['policy_compression:activity_samples', 'policy_compression:health_samples', 'policy_retention:live_points']));
      for (const j of h!.jobs) expect(j).toHaveProperty('lastError');
    });
    const after = await q<{ n: number }>(`SELECT count(*)::int AS n FROM timescaledb_information.jobs WHERE job_id >= 1000`);
    expect(after[0].n).toBe(before[0].n);
    const cfg = await q<{ c: string }>(`SELECT config->>'compress_created_before' AS c FROM timescaledb_information.jobs WHERE hypertable_name = 'activity_samples' AND proc_name = 'policy_compression'`);
    expect(cfg[0].c).toBe('00:15:00');
  });

  it('fills the mirror from the blobs when a plain PostgreSQL database gains TimescaleDB', async () => {
    await q(`DELETE FROM activity_samples`);
    await withStorage(async () => {});
    const n = await q<{ n: number }>(`SELECT count(*)::int AS n FROM activity_samples`);
    const blobs = await q<{ n: number }>(`SELECT coalesce(sum(sample_count), 0)::int AS n FROM activity_streams`);
    expect(n[0].n).toBe(blobs[0].n);
    expect(n[0].n).toBeGreaterThan(0);
  });
}
