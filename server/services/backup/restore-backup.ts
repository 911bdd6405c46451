import { randomBytes } from 'node:crypto';
import { chartsAfterLoad } from './charts-after-load.js';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { findRunningServer } from '../../instance-file.js';
import { BackupError, type BackupHeader } from './backup-format.js';
import { describeLocation, knownMigrations, type DbLocation } from './db-location.js';
import { readBackup, type BackupSummary } from './read-backup.js';
import { openRestoreTarget, portableTables, type RestoreTarget } from './restore-target.js';

export interface RestoreOptions {
  file: string;
  into: DbLocation;
  /** Where originals and health payloads go for a PostgreSQL target (its server's data folder). */
  filesDir?: string;
  /** Replace a non-empty data folder (it is moved aside, not deleted). */
  force?: boolean;
  onProgress?(p: { entries: number; rows: number; bytes: number }): void;
}

export interface RestoreResult extends BackupSummary {
  /** Where a replaced data folder was moved. */
  movedAside?: string;
}

/** Refuses a backup whose schema this build does not know (made by a newer MileVault). */
export function checkSchema(header: BackupHeader, dialect: 'sqlite' | 'postgres'): void {
  const known = new Set(knownMigrations(dialect));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) throw new BackupError(`the backup's schema is newer than this MileVault (unknown migrations: ${unknown.join(', ')}); update MileVault to restore it`);
}

/**
 * Restores a backup without ever half-restoring (issue 16): everything goes into a fresh location
 * (a new folder beside the target data folder; for PostgreSQL an empty database inside one
 * transaction, files staged beside the data folder), the backup is checked member by member as it
 * streams, row counts are compared, and only then does the restore switch: the folder is renamed
 * into place, the transaction committed, the staged files moved in. Any problem on the way leaves
 * the target as it was.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const into = opts.into;
  const dataDir = into.kind === 'sqlite' ? resolve(into.dataDir) : resolve(opts.filesDir ?? '.');
  if (into.kind === 'sqlite') {
    if (await findRunningServer(dataDir)) throw new BackupError(`a MileVault server is running on ${dataDir}; stop it before restoring into it`);
    if (existsSync(dataDir) && readdirSync(dataDir).length && !opts.force) throw new BackupError(`${dataDir} is not empty; restore into a new folder, or pass --force to replace it (the old folder is kept beside it)`);
  }
  const staging = into.kind === 'sqlite' ? join(dirname(dataDir), `.${basename(dataDir)}.restore-${randomBytes(4).toString('hex')}`) : join(dataDir, `.restore-${randomBytes(4).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  let target: RestoreTarget | null = null;
  const targetLoc: DbLocation = into.kind === 'sqlite' ? { kind: 'sqlite', dataDir: staging } : into;
  try {
    const summary = await readBackup(opts.file, {
      async header(h) {
        checkSchema(h, into.kind);
        target = await openRestoreTarget(targetLoc);
        await target.prepare(h.migrations);
        const inBackup = new Set(h.tables.map((t) => t.name));
        const lacking = portableTables(target.tableNames()).filter((t) => !inBackup.has(t));
        if (lacking.length) throw new BackupError(`the backup lacks table(s) ${lacking.join(', ')} of its own schema version`);
        for (const t of h.tables) {
          const have = target.columns(t.name);
          if (!have) throw new BackupError(`table ${t.name} of the backup does not exist at its schema version here`);
          const names = new Set(have.map((c) => c.name));
          const missing = t.columns.filter((c) => !names.has(c.name));
          if (missing.length) throw new BackupError(`table ${t.name}: columns ${missing.map((c) => c.name).join(', ')} do not exist here`);
        }
      },
      async rows(table, columns, rows) {
        await target!.insert(table, columns, rows);
      },
      async file(_kind, path, body) {
        const dest = join(staging, path);
        await mkdir(dirname(dest), { recursive: true });
        await pipeline(Readable.from(body), createWriteStream(dest));
      },
      progress: opts.onProgress,
    });
    const t = target as RestoreTarget | null;
    if (!t) throw new BackupError('the backup has no header');
    for (const table of summary.header.tables) {
      const n = await t.countRows(table.name);
      if (n !== summary.manifest.tableRows[table.name]) throw new BackupError(`table ${table.name}: ${n} rows restored, the backup holds ${summary.manifest.tableRows[table.name]}`);
    }
    await t.commit();
    await t.upgrade();
    target = null;
    await chartsAfterLoad(targetLoc);
    if (into.kind === 'sqlite') {
      let movedAside: string | undefined;
      if (existsSync(dataDir)) {
        movedAside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        await rename(dataDir, movedAside);
      }
      await rename(staging, dataDir);
      return { ...summary, movedAside };
    }
    await moveFilesIn(staging, dataDir);
    await rm(staging, { recursive: true, force: true });
    return summary;
  } catch (e) {
    await (target as RestoreTarget | null)?.abort().catch(() => {});
    await rm(staging, { recursive: true, force: true });
    if (e instanceof BackupError || !(e instanceof Error)) throw e;
    throw new BackupError(`restore into ${describeLocation(into)} failed, nothing was changed: ${e.message}`);
  }
}

/** Content-addressed files: one already in place is the same file. */
export async function moveFilesIn(from: string, to: string): Promise<void> {
  for (const top of ['originals', 'health-payloads']) {
    const root = join(from, top);
    if (!existsSync(root)) continue;
    for (const d of await readdir(root)) {
      await mkdir(join(to, top, d), { recursive: true });
      for (const f of await readdir(join(root, d))) {
        const dest = join(to, top, d, f);
        if (!existsSync(dest)) await rename(join(root, d, f), dest);
      }
    }
  }
}
