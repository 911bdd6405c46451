import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { openSqliteStorage } from '../../storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../storage/port.js';
import { writeAccountExport } from '../export/account-export.js';
import type { ImportService } from '../import.service.js';
import { OriginalStore } from '../original-store.js';
import { BackupError } from './backup-format.js';
import { sqliteFileOf } from './db-location.js';
import { restoreBackup } from './restore-backup.js';

export interface AccountImportResult {
  /** The import job that brings the activities in (GET /api/v1/imports/:id). */
  jobId: string;
  /** The athlete of the backup whose data was taken. */
  sourceUserId: string;
  activities: number;
  health: { daily: number; samples: number; sleep: number };
}

const FAR = Date.UTC(3000, 0, 1);

/**
 * A desktop backup uploaded into one server account (issue 16: "in server mode an athlete can
 * upload a desktop backup to their own account"). The backup is restored, verified (checksums,
 * schema: a newer one is refused, an older one migrated) into a private staging folder; its athlete's
 * history then goes into `userId`'s account the way every other file does — as the account-export
 * zip (originals, names, sports, descriptions, notes, gear, commute, effort) through the import
 * pipeline, which dedupes and scopes every row to `userId` — and their health rows are upserted
 * under `userId`. Nothing is written with the backup's user ids, so no other account is touched,
 * and uploading the same backup twice only finds duplicates. Not carried: routes, segments,
 * thresholds and settings (derived again, or the account's own), live sessions, API keys.
 */
export async function importBackupIntoAccount(
  deps: { storage: Storage; imports: ImportService; tmpDir: string },
  backupFile: string,
  userId: string,
  opts: { sourceUserId?: string } = {},
): Promise<AccountImportResult> {
  const stage = await mkdtemp(join(deps.tmpDir, 'account-import-'));
  const dataDir = join(stage, 'db');
  let src: Storage | null = null;
  let handedOver = false;
  try {
    await restoreBackup({ file: backupFile, into: { kind: 'sqlite', dataDir } });
    src = await openSqliteStorage(sqliteFileOf(dataDir));
    const users = await src.users.ids();
    const withData: string[] = [];
    for (const u of users) if ((await src.activities.list(u, { limit: 1, offset: 0 })).total > 0 || (await src.health.counts(u)).daily > 0) withData.push(u);
    const sourceUserId = opts.sourceUserId ?? (withData.length === 1 ? withData[0]! : undefined);
    if (!sourceUserId) throw new BackupError(withData.length ? `the backup holds ${withData.length} athletes (${withData.join(', ')}); say which one with sourceUserId` : 'the backup holds no activities or health data');
    if (!users.includes(sourceUserId)) throw new BackupError(`the backup has no athlete ${sourceUserId}`);
    const activities = (await src.activities.list(sourceUserId, { limit: 1, offset: 0 })).total;

    // Health rows straight into the account (upserts: idempotent, keyed by the account's id).
    const h = src.health;
    const daily = await h.daily(sourceUserId, 0, FAR);
    await deps.storage.health.upsertDaily(userId, daily);
    const sleep = await h.sleep(sourceUserId, 0, FAR);
    await deps.storage.health.upsertSleep(userId, sleep);
    let samples = 0;
    const { SERIES_METRICS } = await import('../../../shared/health.js');
    const MONTH = 31 * 86_400_000;
    if ((await h.counts(sourceUserId)).samples) {
      for (let from = Date.UTC(1990, 0, 1); from < Date.now() + MONTH; from += MONTH) {
        const rows = await h.samples(sourceUserId, SERIES_METRICS, from, from + MONTH, null);
        if (rows.length) await deps.storage.health.upsertSamples(userId, rows);
        samples += rows.length;
      }
    }

    const zipPath = join(stage, 'account.zip');
    const through = new PassThrough();
    await Promise.all([writeAccountExport({ storage: src, originals: new OriginalStore(join(dataDir, 'originals')) }, sourceUserId, through).then(() => through.end()), pipeline(through, createWriteStream(zipPath))]);
    await src.close();
    src = null;
    const jobId = await deps.imports.createJobFromPaths(userId, [zipPath]);
    handedOver = true;
    // The staging folder goes once the job has read the zip.
    void deps.imports.waitFor(jobId).finally(() => rm(stage, { recursive: true, force: true }));
    return { jobId, sourceUserId, activities, health: { daily: daily.length, samples, sleep: sleep.length } };
  } finally {
    await src?.close().catch(() => {});
    if (!handedOver) await rm(stage, { recursive: true, force: true });
  }
}
