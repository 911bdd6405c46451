/** Settings → Backups from the renderer: list, start and follow a backup, settings. */
import type { BackupJobDto, BackupListDto, BackupSettingsDto, HousekeepingDto, HousekeepingRunDto, HousekeepingSettingsDto } from '../../../shared/backup-api.js';
import { apiUrl, request } from './api-client';

const call = request;

export const backupApi = {
  list: (signal?: AbortSignal) => call<BackupListDto>(apiUrl('/backups'), { signal }),
  start: () => call<BackupJobDto>(apiUrl('/backups'), { method: 'POST', headers: { 'x-milevault-client': 'renderer' } }),
  job: (id: string) => call<BackupJobDto>(apiUrl(`/backups/jobs/${encodeURIComponent(id)}`)),
  saveSettings: (patch: Partial<BackupSettingsDto>) =>
    call<BackupSettingsDto>(apiUrl('/backups/settings'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) }),
  downloadUrl: (name: string) => apiUrl(`/backups/files/${encodeURIComponent(name)}`),
  accountExportUrl: apiUrl('/export/account'),
  parquetExportUrl: apiUrl('/export/parquet'),
  housekeeping: (signal?: AbortSignal) => call<HousekeepingDto>(apiUrl('/housekeeping'), { signal }),
  saveHousekeeping: (patch: Partial<HousekeepingSettingsDto>) =>
    call<HousekeepingSettingsDto>(apiUrl('/housekeeping/settings'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) }),
  runHousekeeping: () => call<HousekeepingRunDto>(apiUrl('/housekeeping/run'), { method: 'POST', headers: { 'x-milevault-client': 'renderer' } }),
};
