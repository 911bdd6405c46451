/** Backups (issue 16): types shared by the server routes and the renderer, and the request schemas. */

export type BackupJobStatus = 'running' | 'done' | 'failed';

export interface BackupJobDto {
  id: string;
  status: BackupJobStatus;
  /** 'manual' from the API or the Settings page, 'scheduled' from the schedule. */
  trigger: 'manual' | 'scheduled';
  phase: 'tables' | 'originals' | 'health-payloads' | 'done';
  rows: number;
  files: number;
  bytes: number;
  startedAt: string;
  finishedAt: string | null;
  /** File name in the backup folder once done. */
  name: string | null;
  error: string | null;
}

export interface BackupFileDto {
  name: string;
  sizeBytes: number;
  createdAt: string;
}

export interface BackupSettingsDto {
  /** Scheduled backups on or off. */
  enabled: boolean;
  /** node-cron expression (minute hour day month weekday), e.g. "15 3 * * *". */
  cron: string;
  /** Absolute folder; empty = <data dir>/backups. */
  folder: string;
  /** Newest backup of each of the last N days with a backup. */
  keepDaily: number;
  /** Newest backup of each of the last M ISO weeks with a backup. */
  keepWeekly: number;
}

export interface BackupListDto {
  folder: string;
  items: BackupFileDto[];
  /** The latest job (running or finished), so "last backup: … ok/failed" can be shown. */
  last: BackupJobDto | null;
  settings: BackupSettingsDto;
}

export const backupJobParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } },
} as const;

/** Names the service writes: milevault-<ISO time with - for : and .>.mvbackup.tar.gz. */
export const BACKUP_FILE_PATTERN = '^milevault-[0-9TZ-]{10,40}\\.mvbackup\\.tar\\.gz$';

export const backupNameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', pattern: BACKUP_FILE_PATTERN, maxLength: 80 } },
} as const;

export const backupSettingsBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    enabled: { type: 'boolean' },
    cron: { type: 'string', minLength: 9, maxLength: 100, pattern: '^[0-9*/,\\- ]+$' },
    folder: { type: 'string', maxLength: 1000 },
    keepDaily: { type: 'integer', minimum: 0, maximum: 365 },
    keepWeekly: { type: 'integer', minimum: 0, maximum: 520 },
  },
} as const;

/** Housekeeping (issue 16): how long things that are not your data are kept. 0 = keep forever. */
export interface HousekeepingSettingsDto {
  /** Staged uploads in incoming/ that no unfinished job needs, after this many hours (default 24). */
  incomingHours: number;
  /** Per-file results of finished import jobs and finished background jobs, after this many days (default 90). */
  jobDetailsDays: number;
  /** Raw health payloads (Health Auto Export JSON, kept for replay) after this many days (default 365). */
  healthPayloadDays: number;
}

/** What one cleanup removed. */
export interface HousekeepingRunDto {
  at: string;
  trigger: 'scheduled' | 'manual';
  /** Staging folders of finished import jobs in incoming/. */
  stagedJobs: number;
  /** Leftovers of interrupted backup uploads in incoming/. */
  uploads: number;
  /** Per-file rows of old finished import jobs (rows whose file no activity or claim keeps are left). */
  importFileRows: number;
  /** Old finished background jobs (the newest of each kind is kept). */
  jobs: number;
  /** Raw health payload files (their stored health data and the record of the payload stay). */
  healthPayloads: number;
  healthPayloadBytes: number;
  error: string | null;
}

export interface HousekeepingDto {
  settings: HousekeepingSettingsDto;
  last: HousekeepingRunDto | null;
}

export const housekeepingSettingsBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    incomingHours: { type: 'integer', minimum: 0, maximum: 8760 },
    jobDetailsDays: { type: 'integer', minimum: 0, maximum: 36500 },
    healthPayloadDays: { type: 'integer', minimum: 0, maximum: 36500 },
  },
} as const;
