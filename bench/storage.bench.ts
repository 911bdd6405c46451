import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStorage } from '../server/storage/sqlite/sqlite-storage.js';
import { prepareStreams } from '../server/storage/stream-codec.js';
import { realisticActivity } from './realistic-activity.js';
import { median, percentile, printTable } from './table.js';

function dbBytes(file: string): number {
  const c = new BetterSqlite3(file);
  c.pragma('wal_checkpoint(TRUNCATE)');
  c.exec('VACUUM');
  c.close();
  return statSync(file).size;
}

/**
 * Stream layout on SQLite: bytes per 1 Hz sample on disk (whole database file after VACUUM,
 * indexes included) and the time to read all streams of a 1-hour activity, for MileVault's
 * columnar blob and for a plain row-per-sample table as the baseline.
 */
export async function storageBench(activities: number) {
  const dir = mkdtempSync(join(tmpdir(), 'milevault-bench-'));
  const rows: Record<string, string | number>[] = [];
  try {
    // 1. MileVault layout through the real storage port.
    const file = join(dir, 'blob.sqlite');
    const st = await openSqliteStorage(file);
    await st.users.ensure('u', 'u');
    const ids: string[] = [];
    let samples = 0;
    const t0 = performance.now();
    for (let i = 0; i < activities; i++) {
      const a = realisticActivity(i);
      const id = randomUUID();
      ids.push(id);
      samples += a.streams.timeS.length;
      await st.activities.insert({ id, userId: 'u', originalSha256: randomUUID(), sourceIndex: 0, name: 'x', parsed: a, streams: prepareStreams(a.streams) });
    }
    const insertMs = performance.now() - t0;
    await st.close();
    const bytes = dbBytes(file);
    const st2 = await openSqliteStorage(file);
    const reads: number[] = [];
    for (let k = 0; k < 300; k++) {
      const id = ids[(k * 7919) % ids.length];
      const s0 = performance.now();
      const s = await st2.activities.readStreams('u', id);
      reads.push(performance.now() - s0);
      if (!s || s.timeS.length !== 3600) throw new Error('bad read');
    }
    await st2.close();
    rows.push({ layout: 'columnar blob (MileVault)', activities, 'B/sample': bytes / samples, 'read 1 h p50 ms': median(reads), 'read 1 h p95 ms': percentile(reads, 95), 'insert ms/activity': insertMs / activities });

    // 2. Baseline: one row per sample.
    const rfile = join(dir, 'rows.sqlite');
    const c = new BetterSqlite3(rfile);
    c.pragma('journal_mode = WAL');
    c.exec(`CREATE TABLE samples (activity_id INTEGER NOT NULL, t INTEGER NOT NULL, lat REAL, lon REAL, alt REAL, dist REAL, speed REAL, hr INTEGER, cad INTEGER, power INTEGER, temp REAL, PRIMARY KEY (activity_id, t)) WITHOUT ROWID`);
    const ins = c.prepare('INSERT INTO samples VALUES (?,?,?,?,?,?,?,?,?,?,?)');
    const r0 = performance.now();
    for (let i = 0; i < activities; i++) {
      const a = realisticActivity(i);
      const ch = a.streams.channels;
      c.transaction(() => {
        for (let j = 0; j < a.streams.timeS.length; j++) ins.run(i, j, ch.latDeg![j], ch.lonDeg![j], ch.altitudeM![j], ch.distanceM![j], ch.speedMps![j], ch.hrBpm![j], ch.cadenceRpm![j], ch.powerW![j], ch.temperatureC![j]);
      })();
    }
    const rInsertMs = performance.now() - r0;
    c.close();
    const rbytes = dbBytes(rfile);
    const c2 = new BetterSqlite3(rfile, { readonly: true });
    const sel = c2.prepare('SELECT * FROM samples WHERE activity_id = ? ORDER BY t');
    const rreads: number[] = [];
    for (let k = 0; k < 300; k++) {
      const s0 = performance.now();
      const got = sel.raw().all((k * 7919) % activities) as unknown[][];
      // Build the same columnar shape the API needs.
      const cols: number[][] = Array.from({ length: 11 }, () => new Array(got.length));
      for (let j = 0; j < got.length; j++) for (let q = 0; q < 11; q++) cols[q][j] = got[j][q] as number;
      rreads.push(performance.now() - s0);
    }
    c2.close();
    rows.push({ layout: 'row per sample (baseline)', activities, 'B/sample': rbytes / samples, 'read 1 h p50 ms': median(rreads), 'read 1 h p95 ms': percentile(rreads, 95), 'insert ms/activity': rInsertMs / activities });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable('Stream storage on SQLite (1 Hz, 1-hour activities, 9 channels; goal ≤ 30 B/sample, read < 5 ms)', rows);
  return rows;
}
