import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { findRunningServer } from '../../instance-file.js';
import { BackupError, type BackupHeader } from './backup-format.js';
import { describeLocation, sqliteFileOf, type DbLocation } from './db-location.js';
import { checkSchema, moveFilesIn } from './restore-backup.js';
import { openRestoreTarget, portableTables, type RestoreTarget } from './restore-target.js';
import { openSnapshot, type Row } from './snapshot-reader.js';
import { fileChecksums, tableDigest } from './table-digest.js';

export interface MigrateProgress {
  phase: 'rows' | 'files' | 'verify';
  table?: string;
  rows: number;
  files: number;
}

export interface MigrateReport {
  tables: { name: string; rows: number }[];
  files: number;
  bytes: number;
}

export interface MigrateOptions {
  from: DbLocation;
  to: DbLocation;
  /** Originals and health payloads of the source (its data folder; for SQLite the same folder). */
  fromFiles: string;
  /** Where the target's files go (for a SQLite target: its data folder). */
  toFiles: string;
  onProgress?(p: MigrateProgress): void;
}

const BATCH = 500;

/**
 * Moves a whole MileVault database with its files to another location, SQLite ⇄ PostgreSQL
 * (issue 16). Rows are read from one snapshot of the source (the app may keep running) and written
 * as in a restore: into an empty target, one transaction. Before anything is switched, a
 * verification pass compares every table (row count and an order-independent digest of canonical
 * rows, read back from the target) and every copied file's SHA-256. A SQLite target is built in a
 * fresh folder and renamed into place; a PostgreSQL target is emptied again on failure.
 */
export async function migrateData(opts: MigrateOptions): Promise<MigrateReport> {
  const { from, to } = opts;
  const toFiles = resolve(to.kind === 'sqlite' ? to.dataDir : opts.toFiles);
  if (to.kind === 'sqlite') {
    if (existsSync(sqliteFileOf(toFiles))) throw new BackupError(`${toFiles} already holds a MileVault database; migrate into a new folder`);
    if (await findRunningServer(toFiles)) throw new BackupError(`a MileVault server is running on ${toFiles}`);
    if (existsSync(toFiles) && readdirSync(toFiles).length) throw new BackupError(`${toFiles} is not empty; migrate into a new folder`);
  }
  const staging = to.kind === 'sqlite' ? join(dirname(toFiles), `.${basename(toFiles)}.migrate-${randomBytes(4).toString('hex')}`) : join(toFiles, `.migrate-${randomBytes(4).toString('hex')}`);
  const targetLoc: DbLocation = to.kind === 'sqlite' ? { kind: 'sqlite', dataDir: staging } : to;
  const snap = await openSnapshot(from);
  let target: RestoreTarget | null = null;
  const progress: MigrateProgress = { phase: 'rows', rows: 0, files: 0 };
  try {
    checkSchema({ migrations: snap.migrations } as BackupHeader, to.kind);
    await mkdir(staging, { recursive: true });
    target = await openRestoreTarget(targetLoc);
    await target.prepare(snap.migrations);
    const lacking = portableTables(target.tableNames()).filter((t) => !snap.tables.some((s) => s.name === t));
    if (lacking.length) throw new BackupError(`the source lacks table(s) ${lacking.join(', ')}`);
    const report: MigrateReport = { tables: [], files: 0, bytes: 0 };
    for (const table of snap.tables) {
      if (!target.columns(table.name)) throw new BackupError(`table ${table.name} does not exist in ${describeLocation(to)} at the source's schema version`);
      progress.table = table.name;
      let batch: Row[] = [];
      let n = 0;
      for await (const row of snap.rows(table)) {
        batch.push(row);
        if (batch.length >= BATCH) {
          await target.insert(table.name, table.columns, batch);
          n += batch.length;
          progress.rows += batch.length;
          batch = [];
          opts.onProgress?.({ ...progress });
        }
      }
      await target.insert(table.name, table.columns, batch);
      n += batch.length;
      progress.rows += batch.length;
      report.tables.push({ name: table.name, rows: n });
      opts.onProgress?.({ ...progress });
    }
    // Files: copied with their checksums, then read back from the target and compared.
    progress.phase = 'files';
    const copied = await copyFiles(opts.fromFiles, staging, (bytes) => {
      progress.files++;
      report.files++;
      report.bytes += bytes;
      if (progress.files % 100 === 0) opts.onProgress?.({ ...progress });
    });
    await target.commit();
    progress.phase = 'verify';
    opts.onProgress?.({ ...progress });
    const check = await openSnapshot(targetLoc);
    try {
      for (const table of snap.tables) {
        const [a, b] = [await tableDigest(snap, table), await tableDigest(check, table)];
        if (a.rows !== b.rows) throw new BackupError(`verification failed: table ${table.name} has ${a.rows} rows in the source and ${b.rows} in the target`);
        if (a.sum !== b.sum) throw new BackupError(`verification failed: table ${table.name} differs between source and target`);
      }
    } finally {
      await check.close();
    }
    const landed = await fileChecksums(staging);
    for (const [path, sum] of copied) {
      if (landed.get(path) !== sum) throw new BackupError(`verification failed: ${path} differs after copying`);
    }
    await target.upgrade();
    target = null;
    if (to.kind === 'sqlite') {
      if (existsSync(toFiles)) await rm(toFiles, { recursive: true }); // checked empty above
      await rename(staging, toFiles);
    } else {
      await moveFilesIn(staging, toFiles);
      await rm(staging, { recursive: true, force: true });
    }
    return report;
  } catch (e) {
    await target?.abort().catch(() => {});
    await rm(staging, { recursive: true, force: true });
    if (e instanceof BackupError || !(e instanceof Error)) throw e;
    throw new BackupError(`migrate to ${describeLocation(to)} failed, nothing was changed: ${e.message}`);
  } finally {
    await snap.close();
  }
}

/** Copies originals and health payloads, hashing as it goes; `path → sha256` of what was copied. */
async function copyFiles(fromDir: string, toDir: string, onFile: (bytes: number) => void): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const top of ['originals', 'health-payloads']) {
    const root = join(fromDir, top);
    if (!existsSync(root)) continue;
    for (const d of (await readdir(root, { withFileTypes: true })).filter((x) => x.isDirectory())) {
      for (const f of (await readdir(join(root, d.name), { withFileTypes: true })).filter((x) => x.isFile() && !x.name.endsWith('.tmp'))) {
        const rel = `${top}/${d.name}/${f.name}`;
        await mkdir(join(toDir, top, d.name), { recursive: true });
        const h = createHash('sha256');
        let bytes = 0;
        const tap = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            h.update(chunk);
            bytes += chunk.length;
            cb(null, chunk);
          },
        });
        await pipeline(createReadStream(join(root, d.name, f.name)), tap, createWriteStream(join(toDir, rel)));
        const sum = h.digest('hex');
        if (top === 'originals' && /^[0-9a-f]{64}$/.test(f.name) && sum !== f.name) throw new BackupError(`the source's original ${rel} is damaged (content does not match its name)`);
        out.set(rel, sum);
        onFile(bytes);
      }
    }
  }
  return out;
}
