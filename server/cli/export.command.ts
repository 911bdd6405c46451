import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { configFromEnv } from '../config.js';
import { sqliteFileOf } from '../services/backup/db-location.js';
import { parquetExport, PARQUET_TABLES, type ParquetTable } from '../services/export/parquet-export.js';
import type { Storage } from '../storage/port.js';
import type { Io } from './import.command.js';

export const EXPORT_USAGE = `  milevault export --parquet DIR [--user ID] [--tables activities,laps,samples,health_daily] [--data-dir DIR]
      Writes an athlete's activities, laps, samples and daily health as Parquet files into DIR
      (activities.parquet, laps.parquet, samples.parquet, health_daily.parquet), streamed in row
      groups. Reads DATABASE_URL when set, otherwise the data folder; safe while the app runs.
      --user: the athlete (default "local", the desktop athlete).
`;

/** `milevault export --parquet DIR`. Returns the exit code. */
export async function runExportCommand(rest: string[], io: Io): Promise<number> {
  const named: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const m = /^--(parquet|user|tables|data-dir)(?:=(.*))?$/.exec(a);
    const v = m ? (m[2] ?? rest[++i]) : undefined;
    if (!m || !v) {
      io.err(`${m ? `--${m[1]} needs a value` : `unexpected argument ${a}`}\nUsage:\n${EXPORT_USAGE}`);
      return 2;
    }
    named[m[1]] = v;
  }
  if (!named.parquet) {
    io.err(`Usage:\n${EXPORT_USAGE}`);
    return 2;
  }
  const tables = (named.tables ?? PARQUET_TABLES.join(',')).split(',').map((s) => s.trim()) as ParquetTable[];
  const unknown = tables.filter((t) => !PARQUET_TABLES.includes(t));
  if (unknown.length) {
    io.err(`unknown table(s) ${unknown.join(', ')}; choose from ${PARQUET_TABLES.join(', ')}\n`);
    return 2;
  }
  const user = named.user ?? 'local';
  const env = configFromEnv();
  const dataDir = resolve(named['data-dir'] ?? env.dataDir);
  const outDir = resolve(named.parquet);
  let storage: Storage;
  if (env.databaseUrl) {
    const { openPostgresStorage } = await import('../storage/postgres/postgres-storage.js');
    storage = await openPostgresStorage(env.databaseUrl);
  } else {
    if (!existsSync(sqliteFileOf(dataDir))) {
      io.err(`no MileVault database in ${dataDir}\n`);
      return 1;
    }
    const { openSqliteStorage } = await import('../storage/sqlite/sqlite-storage.js');
    storage = await openSqliteStorage(sqliteFileOf(dataDir));
  }
  try {
    if (!(await storage.users.ids()).includes(user)) {
      io.err(`there is no athlete ${user}; say which one with --user\n`);
      return 1;
    }
    mkdirSync(outDir, { recursive: true });
    const t0 = performance.now();
    for (const table of tables) {
      // Written under a temporary name and renamed when complete: a half-written file never looks done.
      const file = join(outDir, `${table}.parquet`);
      const tmp = `${file}.partial`;
      const out = createWriteStream(tmp);
      try {
        let bytes = 0;
        for await (const chunk of parquetExport(storage, user, table)) {
          bytes += chunk.length;
          if (!out.write(chunk)) await once(out, 'drain');
          if (io.isTty) io.err(`\r${table}: ${(bytes / 1048576).toFixed(1)} MB\x1b[K`);
        }
        out.end();
        await once(out, 'finish');
      } catch (e) {
        out.destroy();
        rmSync(tmp, { force: true });
        throw e;
      }
      renameSync(tmp, file);
      if (io.isTty) io.err('\n');
      io.out(`${file} (${(statSync(file).size / 1048576).toFixed(1)} MB)`);
    }
    io.out(`exported ${tables.length} table(s) of athlete ${user} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await storage.close();
  }
}
