/**
 * Kysely table types of migration 0040_auto_ingest (issue 18), kept beside their repositories so
 * the shared db-schema.ts stays untouched; repos reach them with `db.withTables<AutoIngestTables>()`.
 */
export interface JobsTable {
  id: string;
  userId: string;
  /** 'import' | 'recompute' | 'garmin-sync' | 'backup' | 'cleanup' | 'watch-scan' | … */
  kind: string;
  /** 'queued' | 'running' | 'done' | 'failed' | 'cancelled' */
  status: string;
  paramsJson: string;
  progressDone: number;
  progressTotal: number;
  message: string | null;
  resultJson: string | null;
  error: string | null;
  /** 1 for the first run; a retry is a new row with attempt + 1 and `retryOf` the failed one. */
  attempt: number;
  retryOf: string | null;
  createdAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  updatedAtMs: number;
  /** Where a resumable job had got to (migration 0041), JSON; null when it keeps none. */
  checkpointJson?: string | null;
}

export interface WatchFoldersTable {
  id: string;
  userId: string;
  path: string;
  /** 'auto' (fs events + a slow safety scan) or 'poll' (network shares: scan every pollIntervalS). */
  mode: string;
  pollIntervalS: number;
  /** 'settings' (added by the athlete) or 'env' (MILEVAULT_WATCH_DIRS). */
  origin: string;
  createdAtMs: number;
}

export interface WatchFilesTable {
  folderId: string;
  relPath: string;
  sizeBytes: number;
  mtimeMs: number;
  sha256: string | null;
  /** 'queued' (in an import job) | 'imported' | 'duplicate' | 'skipped' | 'failed' */
  status: string;
  importJobId: string | null;
  activityId: string | null;
  error: string | null;
  updatedAtMs: number;
}

export interface SourceStateTable {
  userId: string;
  key: string;
  valueJson: string;
  updatedAtMs: number;
}

export type AutoIngestTables = {
  jobs: JobsTable;
  watchFolders: WatchFoldersTable;
  watchFiles: WatchFilesTable;
  sourceState: SourceStateTable;
};
