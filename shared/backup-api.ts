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
