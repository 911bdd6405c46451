import { createHash } from 'node:crypto';
import { chartsAfterLoad } from './charts-after-load.js';
import { createReadStream, createWriteStream, existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
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
  /** Set when this run continued an interrupted one: what it found already copied. */
  resumed: { tables: number; rows: number; files: number } | null;
}

export interface MigrateOptions {
  from: DbLocation;
  to: DbLocation;
  /** Originals and health payloads of the source (its data folder; for SQLite the same folder). */
  fromFiles: string;
  /** Where the target's files go (for a SQLite target: its data folder). */
  toFiles: string;
  /** Called after every committed batch and every file (a throw stops the run, resumably). */
  onProgress?(p: MigrateProgress): void;
  /** Rows per committed batch (default 500). */
  batchRows?: number;
}

const BATCH = 500;

/** The staging place of a migrate into `to`: fixed, so a second run finds what the first left. */
export function migrateStaging(to: DbLocation, toFiles: string): string {
  return to.kind === 'sqlite' ? join(dirname(toFiles), `.${basename(toFiles)}.migrate`) : join(toFiles, '.migrate');
}

/**
 * Moves a whole MileVault database with its files to another location, SQLite ⇄ PostgreSQL
 * (issue 16), resumably. Rows are read from one snapshot of the source (the app may keep running)
 * in primary-key order and written in batches of 500, each committed together with a ledger entry
 * (table, rows so far, last key) in the target. If the run stops — killed, a lost connection, a
 * full disk — running the same command again finds the ledger (and the same source fingerprint),
 * skips the tables it finished, continues each unfinished one after its last committed key, and
 * skips files already present with the right SHA-256. Before anything is switched, a verification
 * pass compares every table (row count and an order-independent digest of canonical rows, read back
 * from the target) and every file's SHA-256; if that fails the partial target is discarded (the
 * next run starts over). A SQLite target is built in `.<name>.migrate` beside the folder and
 * renamed into place; a PostgreSQL target's files are staged in `<files>/.migrate`.
 */
export async function migrateData(opts: MigrateOptions): Promise<MigrateReport> {
  const { from, to } = opts;
  const toFiles = resolve(to.kind === 'sqlite' ? to.dataDir : opts.toFiles);
  if (to.kind === 'sqlite') {
    if (existsSync(sqliteFileOf(toFiles))) throw new BackupError(`${toFiles} already holds a MileVault database; migrate into a new folder`);
    if (await findRunningServer(toFiles)) throw new BackupError(`a MileVault server is running on ${toFiles}`);
    if (existsSync(toFiles) && readdirSync(toFiles).length) throw new BackupError(`${toFiles} is not empty; migrate into a new folder`);
  }
  const staging = migrateStaging(to, toFiles);
  const targetLoc: DbLocation = to.kind === 'sqlite' ? { kind: 'sqlite', dataDir: staging } : to;
  const snap = await openSnapshot(from);
  let target: RestoreTarget | null = null;
  const progress: MigrateProgress = { phase: 'rows', rows: 0, files: 0 };
  const batchRows = Math.max(1, Math.floor(opts.batchRows ?? BATCH));
  let verifying = false;
  let loading = false;
  const stagingExisted = existsSync(staging);
  try {
    checkSchema({ migrations: snap.migrations } as BackupHeader, to.kind);
    await mkdir(staging, { recursive: true });
    target = await openRestoreTarget(targetLoc);
    const fingerprint = JSON.stringify({ from: describeLocation(from), kind: from.kind, migrations: snap.migrations });
    const ledger = await target.prepareResumable(snap.migrations, fingerprint);
    loading = true;
    const lacking = portableTables(target.tableNames()).filter((t) => !snap.tables.some((s) => s.name === t));
    if (lacking.length) throw new BackupError(`the source lacks table(s) ${lacking.join(', ')}`);
    const report: MigrateReport = { tables: [], files: 0, bytes: 0, resumed: ledger.size ? { tables: 0, rows: 0, files: 0 } : null };
    for (const table of snap.tables) {
      if (!target.columns(table.name)) throw new BackupError(`table ${table.name} does not exist in ${describeLocation(to)} at the source's schema version`);
      progress.table = table.name;
      const pk = table.primaryKey ?? [];
      const entry = ledger.get(table.name) ?? { rows: 0, lastKey: null, done: false };
      if (entry.done) {
        report.tables.push({ name: table.name, rows: entry.rows });
        progress.rows += entry.rows;
        report.resumed!.tables++;
        report.resumed!.rows += entry.rows;
        continue;
      }
      if (entry.rows && (!pk.length || !entry.lastKey)) {
        // Copied in part without a key to continue after: copy it again from the start.
        await target.clearTable(table.name);
        entry.rows = 0;
        entry.lastKey = null;
      }
      if (report.resumed) report.resumed.rows += entry.rows;
      progress.rows += entry.rows;
      let batch: Row[] = [];
      let n = entry.rows;
      const commit = async (done: boolean) => {
        const last = batch.at(-1);
        const lastKey = pk.length && last ? pk.map((k) => last[k]) : entry.lastKey;
        await target!.loadBatch(table.name, table.columns, batch, { rows: n + batch.length, lastKey, done });
        entry.lastKey = lastKey;
        n += batch.length;
        progress.rows += batch.length;
        batch = [];
        opts.onProgress?.({ ...progress });
      };
      for await (const row of snap.rows(table, { ordered: true, after: pk.length ? entry.lastKey : null })) {
        batch.push(row);
        if (batch.length >= batchRows) await commit(false);
      }
      await commit(true);
      report.tables.push({ name: table.name, rows: n });
    }
    // Files: copied with their checksums (what is already there and right is kept), then read
    // back from the target and compared.
    progress.phase = 'files';
    const copied = await copyFiles(opts.fromFiles, staging, (bytes, reused) => {
      progress.files++;
      report.files++;
      report.bytes += bytes;
      if (reused && report.resumed) report.resumed.files++;
      opts.onProgress?.({ ...progress });
    });
    await target.checkLoaded();
    progress.phase = 'verify';
    opts.onProgress?.({ ...progress });
    verifying = true;
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
    verifying = false;
    await target.upgrade();
    target = null;
    await chartsAfterLoad(targetLoc);
    if (to.kind === 'sqlite') {
      if (existsSync(toFiles)) await rm(toFiles, { recursive: true }); // checked empty above
      await rename(staging, toFiles);
    } else {
      await moveFilesIn(staging, toFiles);
      await rm(staging, { recursive: true, force: true });
    }
    return report;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (verifying) {
      // A copy that does not match: nothing of it is kept, the next run starts over.
      await target?.abort().catch(() => {});
      await rm(staging, { recursive: true, force: true });
      throw new BackupError(`${msg}; the copy was discarded and nothing was switched`);
    }
    await target?.detach().catch(() => {});
    if (!loading) {
      // Refused before copying (schema, a target that is not ours or not empty): leave it as found.
      if (!stagingExisted) await rm(staging, { recursive: true, force: true });
      if (e instanceof BackupError) throw e;
      throw new BackupError(`migrate to ${describeLocation(to)} failed, nothing was changed: ${msg}`);
    }
    // Interrupted while copying: keep what was committed so that the same command continues.
    if (e instanceof BackupError) throw e;
    throw new BackupError(`migrate to ${describeLocation(to)} stopped after ${progress.rows} rows and ${progress.files} files: ${msg}. Nothing was switched; run the same command again to continue where it stopped`);
  } finally {
    await snap.close();
  }
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const b of createReadStream(path)) h.update(b as Buffer);
  return h.digest('hex');
}

/**
 * Copies originals and health payloads, hashing as it goes; `path → sha256` of what was copied.
 * A file already in the target with the source's checksum (left by an interrupted run) is kept;
 * each copy goes through a .tmp name, so a file cut off by a kill is never taken for complete.
 */
async function copyFiles(fromDir: string, toDir: string, onFile: (bytes: number, reused: boolean) => void): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const top of ['originals', 'health-payloads']) {
    const root = join(fromDir, top);
    if (!existsSync(root)) continue;
    for (const d of (await readdir(root, { withFileTypes: true })).filter((x) => x.isDirectory())) {
      for (const f of (await readdir(join(root, d.name), { withFileTypes: true })).filter((x) => x.isFile() && !x.name.endsWith('.tmp'))) {
        const rel = `${top}/${d.name}/${f.name}`;
        const src = join(root, d.name, f.name);
        const dest = join(toDir, rel);
        if (existsSync(dest)) {
          const [have, want] = await Promise.all([sha256File(dest), sha256File(src)]);
          if (have === want) {
            if (top === 'originals' && /^[0-9a-f]{64}$/.test(f.name) && want !== f.name) throw new BackupError(`the source's original ${rel} is damaged (content does not match its name)`);
            out.set(rel, want);
            onFile((await stat(dest)).size, true);
            continue;
          }
        }
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
        await pipeline(createReadStream(src), tap, createWriteStream(`${dest}.tmp`));
        const sum = h.digest('hex');
        if (top === 'originals' && /^[0-9a-f]{64}$/.test(f.name) && sum !== f.name) throw new BackupError(`the source's original ${rel} is damaged (content does not match its name)`);
        await rename(`${dest}.tmp`, dest);
        out.set(rel, sum);
        onFile(bytes, false);
      }
    }
  }
  return out;
}
