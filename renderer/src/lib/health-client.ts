/**
 * The health API from the renderer: wellness days, series, sleep, insights, API keys, and the
 * training-load series of the analysis feature (GET /fitness), which may be absent: then the
 * training-vs-recovery view shows recovery alone.
 */
import type { ApiError } from '../../../shared/api.js';
import type { ApiKeyCreatedDto, ApiKeyDto, FitnessDayDto, HealthDailyDto, HealthSeriesDto, InsightDto, SleepSessionDto } from '../../../shared/health.js';
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

export const healthApi = {
  daily: (from: string, to: string, signal?: AbortSignal) => call<HealthDailyDto>(apiUrl('/health/daily', { from, to }), { signal }),
  series: (metric: string, from: string, to: string, signal?: AbortSignal) => call<HealthSeriesDto>(apiUrl(`/health/series/${encodeURIComponent(metric)}`, { from, to }), { signal }),
  sleep: (from: string, to: string, signal?: AbortSignal) => call<{ items: SleepSessionDto[] }>(apiUrl('/health/sleep', { from, to }), { signal }),
  insights: (signal?: AbortSignal) => call<{ items: InsightDto[] }>(apiUrl('/insights'), { signal }),
  dismissInsight: (id: string) => call<void>(apiUrl(`/insights/${encodeURIComponent(id)}/dismiss`), { method: 'POST' }),
  apiKeys: (signal?: AbortSignal) => call<{ items: ApiKeyDto[] }>(apiUrl('/api-keys'), { signal }),
  createApiKey: (name: string) => call<ApiKeyCreatedDto>(apiUrl('/api-keys'), json('POST', { name })),
  revokeApiKey: (id: string) => call<void>(apiUrl(`/api-keys/${encodeURIComponent(id)}`), { method: 'DELETE' }),
  /** Null when the training-load endpoint does not exist (404) on this server. */
  fitness: async (from: string, to: string, signal?: AbortSignal): Promise<FitnessDayDto[] | null> => {
    try {
      const r = await call<FitnessDayDto[] | { items: FitnessDayDto[] }>(apiUrl('/fitness', { from, to }), { signal });
      return Array.isArray(r) ? r : r.items;
    } catch (e) {
      if (e instanceof ApiRequestError && (e.status === 404 || e.status === 501)) return null;
      throw e;
    }
  },
};
