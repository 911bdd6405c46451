/** Settings → Backups from the renderer: list, start and follow a backup, settings. */
import type { ApiError } from '../../../shared/api.js';
import type { BackupJobDto, BackupListDto, BackupSettingsDto } from '../../../shared/backup-api.js';
import { ApiRequestError, apiUrl } from './api-client';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiRequestError(0, 'network', 'Cannot reach the MileVault server.');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as Partial<ApiError>;
    throw new ApiRequestError(res.status, body.error?.code ?? `http_${res.status}`, body.error?.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

export const backupApi = {
  list: (signal?: AbortSignal) => call<BackupListDto>(apiUrl('/backups'), { signal }),
  start: () => call<BackupJobDto>(apiUrl('/backups'), { method: 'POST', headers: { 'x-milevault-client': 'renderer' } }),
  job: (id: string) => call<BackupJobDto>(apiUrl(`/backups/jobs/${encodeURIComponent(id)}`)),
  saveSettings: (patch: Partial<BackupSettingsDto>) =>
    call<BackupSettingsDto>(apiUrl('/backups/settings'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) }),
  downloadUrl: (name: string) => apiUrl(`/backups/files/${encodeURIComponent(name)}`),
  accountExportUrl: apiUrl('/export/account'),
};
