/**
 * The renderer's only door to data: the HTTP API on the same origin (design.md: one code path for the
 * desktop window and the browser). URLs are relative to the document so the app also works when a
 * reverse proxy mounts it under a sub-path; cookies carry auth, so no token handling here.
 */
import type {
  ActivityDetailDto,
  ActivityListDto,
  ActivityPatchDto,
  ApiError,
  ConfigDto,
  ImportJobDto,
  StreamsDto,
} from '../../../shared/api.js';
import type { StreamChannel } from '../../../shared/activity.js';

const API = 'api/v1';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export function apiUrl(path: string, query?: Record<string, string | number | undefined | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const q = qs.toString();
  return `${API}${path}${q ? `?${q}` : ''}`;
}

async function toError(res: Response): Promise<ApiRequestError> {
  let code = `http_${res.status}`;
  let message = res.statusText || `Request failed (${res.status})`;
  try {
    const body = (await res.json()) as Partial<ApiError>;
    if (body.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
    }
  } catch {
    // Not JSON (a proxy error page, say): keep the status text.
  }
  if (res.status === 401) {
    message = `Not signed in: ${message}`;
    // Server mode (issue 14): an expired or revoked session sends the app back to the login page.
    if (typeof window !== 'undefined') window.dispatchEvent(new Event('milevault:unauthorized'));
  }
  return new ApiRequestError(res.status, code, message);
}

/** One fetch wrapper for every API client of the renderer (errors as ApiRequestError, 204 as undefined). */
export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiRequestError(0, 'network', 'Cannot reach the MileVault server.');
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** GET/PUT /api/v1/settings: per-athlete settings, stored per user on the server (issue 14). */
export interface UserSettingsDto {
  timeZone: string | null;
  units: 'metric' | 'imperial' | null;
  mapLayer: string | null;
  systemTimeZone: string;
}

export interface ListQuery {
  limit: number;
  offset: number;
  sport?: string;
  from?: string;
  to?: string;
}

export const api = {
  config: (signal?: AbortSignal) => request<ConfigDto>(apiUrl('/config'), { signal }),

  listActivities: (q: ListQuery, signal?: AbortSignal) =>
    request<ActivityListDto>(apiUrl('/activities', { ...q }), { signal }),

  activity: (id: string, signal?: AbortSignal) =>
    request<ActivityDetailDto>(apiUrl(`/activities/${encodeURIComponent(id)}`), { signal }),

  patchActivity: (id: string, patch: ActivityPatchDto) =>
    request<ActivityDetailDto>(apiUrl(`/activities/${encodeURIComponent(id)}`), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    }),

  settings: (signal?: AbortSignal) => request<UserSettingsDto>(apiUrl('/settings'), { signal }),
  putSettings: (patch: Partial<Omit<UserSettingsDto, 'systemTimeZone'>>) =>
    request<UserSettingsDto>(apiUrl('/settings'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    }),

  deleteActivity: (id: string) =>
    request<void>(apiUrl(`/activities/${encodeURIComponent(id)}`), { method: 'DELETE' }),

  streams: (id: string, channels: StreamChannel[], maxPoints: number, signal?: AbortSignal) =>
    request<StreamsDto>(
      apiUrl(`/activities/${encodeURIComponent(id)}/streams`, { channels: channels.join(','), maxPoints }),
      { signal },
    ),

  originalUrl: (id: string) => apiUrl(`/activities/${encodeURIComponent(id)}/original`),

  importJob: (id: string, signal?: AbortSignal) =>
    request<ImportJobDto>(apiUrl(`/imports/${encodeURIComponent(id)}`), { signal }),
};

/**
 * POST /imports as multipart (field `files`). XHR rather than fetch because fetch still cannot report
 * upload progress, and a few hundred MB of FIT files deserve a moving bar.
 */
export function uploadFiles(files: File[], onProgress: (loaded: number, total: number) => void): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/imports'));
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onerror = () => reject(new ApiRequestError(0, 'network', 'Upload failed: cannot reach the server.'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // handled below
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof (body as { id?: unknown }).id === 'string') {
        resolve(body as { id: string });
        return;
      }
      const e = (body as Partial<ApiError> | null)?.error;
      reject(new ApiRequestError(xhr.status, e?.code ?? `http_${xhr.status}`, e?.message ?? `Upload failed (${xhr.status})`));
    };
    xhr.send(form);
  });
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
