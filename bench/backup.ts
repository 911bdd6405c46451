/**
 * Backup, verify, restore and migrate figures (issue 16):
 *   npx tsx bench/backup.ts [--activities N] [--pg postgres://… | --no-pg]
 * Imports N generated one-hour activities (FIT, 1 Hz, HR/cadence/GPS/altitude, power on every
 * second) into a fresh data folder, then times `backup`, `verify`, `restore` into a new folder and,
 * with PostgreSQL (--pg, MILEVAULT_TEST_PG_URL or an embedded server started here), `migrate`
 * SQLite → PostgreSQL and back, and the Parquet analytics export of the four tables. Peak RSS
 * growth during the backup and the Parquet export shows the memory stays flat.
 * One run each: these are minutes-long operations, and the figures are for the closing note.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { LOCAL_USER_ID } from '../server/plugins/auth.js';
import { createBackup } from '../server/services/backup/create-backup.js';
import { migrateData } from '../server/services/backup/migrate-data.js';
import { readBackup } from '../server/services/backup/read-backup.js';
import { restoreBackup } from '../server/services/backup/restore-backup.js';
import { parquetExport, PARQUET_TABLES } from '../server/services/export/parquet-export.js';
import { openSqliteStorage } from '../server/storage/sqlite/sqlite-storage.js';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createServices } from '../server/start.js';
import { makeFitActivity } from '../tests/helpers/fit-fixture.js';
import { printTable } from './table.js';
import { startBenchPostgres } from './embedded-pg.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const N = Number(arg('activities') ?? 500);
const root = mkdtempSync(join(tmpdir(), 'milevault-bench-backup-'));
const mb = (n: number) => n / 1048576;

function duSync(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) total += e.isDirectory() ? duSync(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return total;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ s: number; value: T; rssPeakMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const probe = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  try {
    const value = await fn();
    return { s: (performance.now() - t0) / 1000, value, rssPeakMb: mb(peak - base) };
  } finally {
    clearInterval(probe);
  }
}

async function pgUrl(): Promise<{ url: string; stop(): Promise<void> } | null> {
  const given = arg('pg') ?? process.env.MILEVAULT_TEST_PG_URL;
  if (given) return { url: given, stop: async () => {} };
  return startBenchPostgres(root, 'migrate figures skipped');
}

async function freshDb(base: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function main() {
  const src = join(root, 'source');
  const fit = join(root, 'fit');
  mkdirSync(fit);
  for (let i = 0; i < N; i++) {
    writeFileSync(join(fit, `a${String(i).padStart(6, '0')}.fit`), makeFitActivity({ durationS: 3600, startTime: new Date(Date.UTC(2010, 0, 1, 7) + i * 86_400_000), withPower: i % 2 === 0, laps: 4 }));
  }
  const s = await createServices({ dataDir: src, maxUploadBytes: 64 * 1024 * 1024 });
  const imp = await timed(async () => s.imports.waitFor(await s.imports.createJobFromPaths(LOCAL_USER_ID, [fit])));
  await s.close();
  rmSync(fit, { recursive: true });
  const dataBytes = duSync(src);
  // Each figure is printed as soon as it exists too: the migrate steps of a large run take minutes.
  const rows: Record<string, string | number>[] = [];
  const push = rows.push.bind(rows);
  rows.push = (...r: Record<string, string | number>[]) => (r.forEach((x) => console.log(`[bench] ${JSON.stringify(x)}`)), push(...r));
  rows.push({ step: `import ${N} one-hour activities (setup)`, 's': imp.s, 'MB': mb(dataBytes), 'peak RSS +MB': '' });

  const file = join(root, 'backup.mvbackup.tar.gz');
  const b = await timed(() => createBackup({ source: { kind: 'sqlite', dataDir: src }, dataDir: src, outFile: file }));
  rows.push({ step: 'backup (SQLite data folder → .tar.gz)', 's': b.s, 'MB': mb(statSync(file).size), 'peak RSS +MB': b.rssPeakMb });
  const v = await timed(() => readBackup(file));
  rows.push({ step: 'verify', 's': v.s, 'MB': '', 'peak RSS +MB': v.rssPeakMb });
  const r = await timed(() => restoreBackup({ file, into: { kind: 'sqlite', dataDir: join(root, 'restored') } }));
  rows.push({ step: 'restore into a new data folder', 's': r.s, 'MB': mb(duSync(join(root, 'restored'))), 'peak RSS +MB': r.rssPeakMb });

  // Parquet analytics export (issue 16): the four tables of the athlete, streamed to files.
  const pqDir = join(root, 'parquet');
  mkdirSync(pqDir);
  const pqStorage = await openSqliteStorage(join(src, 'milevault.sqlite'));
  try {
    for (const table of PARQUET_TABLES) {
      const file = join(pqDir, `${table}.parquet`);
      const p = await timed(async () => {
        const out = createWriteStream(file);
        for await (const chunk of parquetExport(pqStorage, LOCAL_USER_ID, table)) if (!out.write(chunk)) await once(out, 'drain');
        out.end();
        await once(out, 'finish');
      });
      rows.push({ step: `Parquet export: ${table}.parquet`, 's': p.s, 'MB': mb(statSync(file).size), 'peak RSS +MB': p.rssPeakMb });
    }
  } finally {
    await pqStorage.close();
  }

  const server = process.argv.includes('--no-pg') ? null : await pgUrl();
  if (server) {
    try {
      const url = await freshDb(server.url, 'mv_bench_backup');
      const m1 = await timed(() => migrateData({ from: { kind: 'sqlite', dataDir: src }, to: { kind: 'postgres', url }, fromFiles: src, toFiles: join(root, 'server-files') }));
      rows.push({ step: 'migrate SQLite → PostgreSQL (with verification)', 's': m1.s, 'MB': '', 'peak RSS +MB': m1.rssPeakMb });
      const m2 = await timed(() => migrateData({ from: { kind: 'postgres', url }, to: { kind: 'sqlite', dataDir: join(root, 'back') }, fromFiles: join(root, 'server-files'), toFiles: join(root, 'back') }));
      rows.push({ step: 'migrate PostgreSQL → SQLite (with verification)', 's': m2.s, 'MB': '', 'peak RSS +MB': m2.rssPeakMb });
    } finally {
      await server.stop();
    }
  }
  printTable(`Backup, restore and migrate: ${N} one-hour activities (data folder ${mb(dataBytes).toFixed(0)} MB)`, rows);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(root, { recursive: true, force: true }));
