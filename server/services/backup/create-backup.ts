import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { createGzip } from 'node:zlib';
import { packageVersion } from '../../start.js';
import { toJsonValue } from './column-types.js';
import { BACKUP_FORMAT, BACKUP_VERSION, HEADER_NAME, MANIFEST_NAME, PART_BYTES, partName, type BackupHeader, type BackupManifest, type ManifestEntry } from './backup-format.js';
import type { DbLocation } from './db-location.js';
import { openSnapshot } from './snapshot-reader.js';
import { TarWriter } from './tar-stream.js';

export interface BackupProgress {
  phase: 'tables' | 'originals' | 'health-payloads' | 'done';
  table?: string;
  rows: number;
  files: number;
  bytes: number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Regular files directly under `dir` (none when it does not exist), sorted. */
async function filesIn(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name).sort();
}

async function subdirs(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/**
 * Writes a backup of the database at `source` and the files of `dataDir` to `outFile`. The archive
 * is written under a temporary name beside it and renamed only when complete, so `outFile` is
 * never a half backup. Rows are read from one snapshot; the files are listed after the snapshot
 * began, so every original a backed-up row points at is in the archive (originals are written
 * before the rows that reference them and never change once written).
 */
export async function createBackup(opts: { source: DbLocation; dataDir: string; outFile: string; onProgress?: (p: BackupProgress) => void }): Promise<BackupResult> {
  const { outFile } = opts;
  await mkdir(dirname(outFile), { recursive: true });
  const tmp = join(dirname(outFile), `.${basename(outFile)}.${randomBytes(4).toString('hex')}.partial`);
  const snap = await openSnapshot(opts.source);
  const file = createWriteStream(tmp);
  const gzip = createGzip({ level: 6 });
  gzip.pipe(file);
  const failed = new Promise<never>((_, reject) => {
    file.on('error', reject);
    gzip.on('error', reject);
  });
  failed.catch(() => {});
  const tar = new TarWriter(gzip);
  const entries: ManifestEntry[] = [];
  const progress: BackupProgress = { phase: 'tables', rows: 0, files: 0, bytes: 0 };
  const report = () => opts.onProgress?.({ ...progress, bytes: file.bytesWritten });
  try {
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAtMs: Date.now(),
      appVersion: packageVersion(),
      sourceKind: snap.kind,
      migrations: snap.migrations,
      tables: snap.tables,
    };
    const headerBytes = Buffer.from(JSON.stringify(header, null, 1));
    await Promise.race([tar.addBuffer(HEADER_NAME, headerBytes), failed]);
    const tableRows: Record<string, number> = {};
    for (const table of snap.tables) {
      progress.table = table.name;
      let lines: string[] = [];
      let size = 0;
      let part = 0;
      let partRows = 0;
      tableRows[table.name] = 0;
      const flush = async () => {
        if (!partRows) return;
        const buf = Buffer.from(lines.join(''));
        const path = partName(table.name, ++part);
        entries.push({ path, bytes: buf.length, sha256: sha(buf), rows: partRows });
        await Promise.race([tar.addBuffer(path, buf), failed]);
        lines = [];
        size = 0;
        partRows = 0;
        report();
      };
      for await (const row of snap.rows(table)) {
        const o: Record<string, unknown> = {};
        for (const c of table.columns) o[c.name] = toJsonValue(c.type, row[c.name]);
        const line = `${JSON.stringify(o)}\n`;
        lines.push(line);
        size += line.length;
        partRows++;
        tableRows[table.name]++;
        progress.rows++;
        if (size >= PART_BYTES) await flush();
      }
      await flush();
    }
    // Rows are done: end the snapshot so a SQLite WAL can checkpoint while files stream.
    await snap.close();
    const originals = { count: 0, bytes: 0 };
    progress.phase = 'originals';
    const origRoot = join(opts.dataDir, 'originals');
    for (const d of await subdirs(origRoot)) {
      if (!/^[0-9a-f]{2}$/.test(d)) continue;
      for (const name of await filesIn(join(origRoot, d))) {
        // Temp files of a write in progress are not originals yet.
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const added = await addFile(tar, failed, join(origRoot, d, name), `originals/${d}/${name}`, entries);
        if (!added) continue;
        originals.count++;
        originals.bytes += added;
        progress.files++;
        if (progress.files % 100 === 0) report();
      }
    }
    const healthPayloads = { count: 0, bytes: 0 };
    progress.phase = 'health-payloads';
    const payRoot = join(opts.dataDir, 'health-payloads');
    for (const user of await subdirs(payRoot)) {
      for (const name of await filesIn(join(payRoot, user))) {
        if (!/^[0-9a-f]{64}\.json\.gz$/.test(name)) continue;
        const added = await addFile(tar, failed, join(payRoot, user, name), `health-payloads/${user}/${name}`, entries);
        if (!added) continue;
        healthPayloads.count++;
        healthPayloads.bytes += added;
        progress.files++;
      }
    }
    const manifest: BackupManifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, headerSha256: sha(headerBytes), tableRows, originals, healthPayloads, entries };
    await Promise.race([tar.addBuffer(MANIFEST_NAME, Buffer.from(JSON.stringify(manifest))), failed]);
    await tar.finish();
    gzip.end();
    await Promise.race([once(file, 'finish'), failed]);
    await once(file, 'close').catch(() => {});
    // Flushed before the rename: a backup that exists under its name is complete on disk.
    const h = await open(tmp, 'r+');
    await h.sync();
    await h.close();
    await rename(tmp, outFile);
    progress.phase = 'done';
    report();
    return { file: outFile, bytes: (await stat(outFile)).size, manifest };
  } catch (e) {
    gzip.destroy();
    file.destroy();
    await rm(tmp, { force: true });
    throw e;
  } finally {
    await snap.close().catch(() => {});
  }
}

/** Adds one file; 0 when it vanished since the listing (an activity deleted meanwhile). */
async function addFile(tar: TarWriter, failed: Promise<never>, path: string, name: string, entries: ManifestEntry[]): Promise<number> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return 0;
  }
  const hash = createHash('sha256');
  await Promise.race([tar.addFile(name, path, size, (b) => hash.update(b)), failed]);
  entries.push({ path: name, bytes: size, sha256: hash.digest('hex') });
  return size;
}
