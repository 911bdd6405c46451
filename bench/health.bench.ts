/**
 * Health figures for issue 7 (`healthBench(opts)`): ingest throughput of a generated one-year
 * Health Auto Export payload (minute heart rate while awake, hourly steps and energy, daily resting
 * HR / HRV / SpO2 / weight, staged sleep every night) through the real service path — raw payload
 * gzip-kept, parse, sample upserts, daily recompute, sleep — on SQLite, and on PostgreSQL when
 * `databaseUrl` is given. Then the same payload again (answered from its receipt) and the same data
 * in new bytes (every upsert runs and changes nothing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ActivityEvents } from '../server/services/activity-events.js';
import { HealthService } from '../server/services/health/health.service.js';
import { OriginalStore } from '../server/services/original-store.js';
import { openPostgresStorage } from '../server/storage/postgres/postgres-storage.js';
import { openSqliteStorage } from '../server/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../server/storage/port.js';
import { yearPayload } from './hae-payload.js';
import { printTable } from './table.js';

export interface HealthBenchOptions {
  days?: number;
  /** postgres://… to measure PostgreSQL too (a scratch database: tables are created in it). */
  databaseUrl?: string;
}

async function run(kind: string, storage: Storage, raw: Buffer, points: number): Promise<Record<string, string | number>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'milevault-health-bench-'));
  try {
    await storage.users.ensure('bench', 'Bench');
    const svc = new HealthService({ storage, originals: new OriginalStore(join(dir, 'originals')), events: new ActivityEvents(), dataDir: dir });
    const rows: Record<string, string | number>[] = [];
    // Pass 3 re-sends the same data in other bytes (pretty-printed): every upsert runs and changes nothing.
    const passes: [string, Buffer][] = [['first send', raw], ['same payload again', raw], ['same data, new bytes', Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8')), null, 1))]];
    for (const [pass, bytes] of passes) {
      const t0 = performance.now();
      const body = JSON.parse(bytes.toString('utf8')) as unknown;
      const res = await svc.ingestHealthAutoExport('bench', bytes, body);
      const s = (performance.now() - t0) / 1000;
      rows.push({ database: kind, pass, 'payload MB': bytes.length / 1048576, points, 'samples written': res.samplesWritten, 'daily written': res.dailyWritten, nights: res.sleepSessions, seconds: s, 'points/s': points / s });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function healthBench(opts: HealthBenchOptions = {}) {
  const payload = yearPayload(opts.days ?? 365);
  const raw = Buffer.from(JSON.stringify(payload));
  const points = payload.data.metrics.reduce((a, m) => a + (m as { data: unknown[] }).data.length, 0);
  const rows: Record<string, string | number>[] = [];
  const lite = await openSqliteStorage(':memory:');
  rows.push(...(await run('sqlite', lite, raw, points)));
  await lite.close();
  if (opts.databaseUrl) {
    const pg = await openPostgresStorage(opts.databaseUrl);
    rows.push(...(await run(pg.timescale ? 'postgres+timescale' : 'postgres', pg, raw, points)));
    await pg.close();
  }
  printTable(`Health Auto Export ingest, ${opts.days ?? 365} days in one payload`, rows);
  return rows;
}
