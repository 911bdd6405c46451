/** Live sharing from the athlete's side (issue 19): tracker tokens, sessions, share links. */
import type { ApiError } from '../../../shared/api.js';
import type { LiveSessionDto, LiveShareDto, LiveTokenCreatedDto, LiveTokenDto } from '../../../shared/live-api.js';
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
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const liveApi = {
  tokens: (signal?: AbortSignal) => call<{ items: LiveTokenDto[] }>(apiUrl('/live/tokens'), { signal }),
  createToken: (name: string) => call<LiveTokenCreatedDto>(apiUrl('/live/tokens'), json('POST', { name })),
  revokeToken: (id: string) => call<void>(apiUrl(`/live/tokens/${encodeURIComponent(id)}`), { method: 'DELETE' }),
  sessions: (signal?: AbortSignal) => call<{ items: LiveSessionDto[] }>(apiUrl('/live/sessions', { limit: 20 }), { signal }),
  stop: (id: string) => call<void>(apiUrl(`/live/sessions/${encodeURIComponent(id)}/stop`), json('POST', {})),
  reshare: (id: string) => call<LiveShareDto>(apiUrl(`/live/sessions/${encodeURIComponent(id)}/share`), json('POST', {})),
  revokeShare: (id: string) => call<void>(apiUrl(`/live/sessions/${encodeURIComponent(id)}/share`), { method: 'DELETE' }),
};
