/** Live sharing from the athlete's side (issue 19): tracker tokens, sessions, share links. */
import type { LivePlanDto, LiveSessionDto, LiveShareDto, LiveTokenCreatedDto, LiveTokenDto } from '../../../shared/live-api.js';
import { apiUrl, request } from './api-client';

const call = request;

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const liveApi = {
  tokens: (signal?: AbortSignal) => call<{ items: LiveTokenDto[] }>(apiUrl('/live/tokens'), { signal }),
  createToken: (name: string) => call<LiveTokenCreatedDto>(apiUrl('/live/tokens'), json('POST', { name })),
  revokeToken: (id: string) => call<void>(apiUrl(`/live/tokens/${encodeURIComponent(id)}`), { method: 'DELETE' }),
  sessions: (signal?: AbortSignal) => call<{ items: LiveSessionDto[] }>(apiUrl('/live/sessions', { limit: 20 }), { signal }),
  stop: (id: string) => call<void>(apiUrl(`/live/sessions/${encodeURIComponent(id)}/stop`), json('POST', {})),
  reshare: (id: string) => call<LiveShareDto>(apiUrl(`/live/sessions/${encodeURIComponent(id)}/share`), json('POST', {})),
  /** A GPX as the body; `{ routeId }` or `{ activityId }` attach a stored route or activity's track. */
  attachPlanGpx: (id: string, file: Blob) => call<LivePlanDto>(apiUrl(`/live/sessions/${encodeURIComponent(id)}/plan`), { method: 'PUT', headers: { 'content-type': 'application/gpx+xml' }, body: file }),
  attachPlan: (id: string, src: { routeId: string } | { activityId: string }) => call<LivePlanDto>(apiUrl(`/live/sessions/${encodeURIComponent(id)}/plan`), json('PUT', src)),
  detachPlan: (id: string) => call<void>(apiUrl(`/live/sessions/${encodeURIComponent(id)}/plan`), { method: 'DELETE' }),
  revokeShare: (id: string) => call<void>(apiUrl(`/live/sessions/${encodeURIComponent(id)}/share`), { method: 'DELETE' }),
};
