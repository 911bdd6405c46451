/** Settings → Sources and Schedules (issue 18): watched folders, USB watch, Garmin Connect, jobs. */
import type { JobDto, JobPageDto, ScheduleDto } from '../../../shared/jobs-api.js';
import type { WatchFolderDto } from '../../../shared/sources-api.js';
import { apiUrl, request } from './api-client';

const json = (method: string, body?: unknown) => ({ method, headers: { 'content-type': 'application/json', 'x-milevault-client': 'renderer' }, body: body === undefined ? undefined : JSON.stringify(body) });

export interface UsbStatus {
  devices: { id: string; model: string | null; serial: string | null; lastSyncAt: string | null; pending: { activity: number; wellness: number }; files: { activity: number; wellness: number } }[];
  mtpOnly: { product: string | null; serial: string | null; message: string }[];
}

export interface GarminStatus {
  enabled: boolean;
  connected: boolean;
  status: string;
  intervalMin: number;
  lastError: string | null;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  backoffUntil: string | null;
}

export const sourcesApi = {
  folders: (signal?: AbortSignal) => request<{ items: WatchFolderDto[] }>(apiUrl('/sources/folders'), { signal }),
  addFolder: (path: string, mode: 'auto' | 'poll') => request<WatchFolderDto>(apiUrl('/sources/folders'), json('POST', { path, mode })),
  removeFolder: (id: string) => request<void>(apiUrl(`/sources/folders/${encodeURIComponent(id)}`), { method: 'DELETE', headers: { 'x-milevault-client': 'renderer' } }),
  usb: (signal?: AbortSignal) => request<UsbStatus>(apiUrl('/usb/devices'), { signal }),
  syncUsb: (id: string) => request<JobDto>(apiUrl(`/usb/devices/${encodeURIComponent(id)}/sync`), json('POST')),
  garmin: (signal?: AbortSignal) => request<GarminStatus>(apiUrl('/garmin'), { signal }),
  garminConnect: (username: string, password: string) => request<GarminStatus>(apiUrl('/garmin/connect'), json('POST', { username, password })),
  garminSync: () => request<JobDto>(apiUrl('/garmin/sync'), json('POST', {})),
  garminDisconnect: () => request<void>(apiUrl('/garmin'), { method: 'DELETE', headers: { 'x-milevault-client': 'renderer' } }),
  jobs: (offset: number, signal?: AbortSignal) => request<JobPageDto>(apiUrl(`/jobs?limit=20&offset=${offset}`), { signal }),
  cancelJob: (id: string) => request<JobDto>(apiUrl(`/jobs/${encodeURIComponent(id)}/cancel`), json('POST')),
  retryJob: (id: string) => request<JobDto>(apiUrl(`/jobs/${encodeURIComponent(id)}/retry`), json('POST')),
  schedules: (signal?: AbortSignal) => request<{ items: ScheduleDto[] }>(apiUrl('/schedules'), { signal }),
  eventsUrl: apiUrl('/events'),
};
