/** HTTP calls for gear, activity metadata and import previews (issue 4). */
import type { ActivityMetaDto, ActivityMetaPatchDto, GearDto, GearInputDto, ImportPreviewDto } from '../../../shared/gear-api.js';
import { api, apiUrl, ApiRequestError } from './api-client';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', ...init });
  if (!res.ok) {
    let message = `Request failed (${res.status})`;
    let code = `http_${res.status}`;
    try {
      const body = (await res.json()) as { error?: { code: string; message: string } };
      if (body.error) ({ message, code } = body.error);
    } catch {
      /* keep the generic message */
    }
    throw new ApiRequestError(res.status, code, message);
  }
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const gearApi = {
  list: (signal?: AbortSignal) => call<GearDto[]>(apiUrl('/gear'), { signal }),
  create: (g: GearInputDto & { name: string }) => call<GearDto>(apiUrl('/gear'), json('POST', g)),
  update: (id: string, patch: GearInputDto) => call<GearDto>(apiUrl(`/gear/${encodeURIComponent(id)}`), json('PATCH', patch)),
  remove: (id: string) => call<void>(apiUrl(`/gear/${encodeURIComponent(id)}`), { method: 'DELETE' }),
  activityMeta: (id: string, signal?: AbortSignal) => call<ActivityMetaDto>(apiUrl(`/activities/${encodeURIComponent(id)}/meta`), { signal }),
  patchActivityMeta: (id: string, patch: ActivityMetaPatchDto) => call<ActivityMetaDto>(apiUrl(`/activities/${encodeURIComponent(id)}/meta`), json('PATCH', patch)),
  mediaUrl: (id: string, sha256: string) => apiUrl(`/activities/${encodeURIComponent(id)}/media/${sha256}`),
  /** POST /imports?dryRun=true: what importing these files would do; the server writes nothing. */
  preview: (files: File[]) => {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    return call<ImportPreviewDto>(apiUrl('/imports', { dryRun: 'true' }), { method: 'POST', body: form });
  },
};

export { api };
