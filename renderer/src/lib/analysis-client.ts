/**
 * HTTP calls of the analysis pages (shared/analysis-api.ts). Same rules as lib/api-client.ts:
 * relative URLs, cookies for auth, `{ error: { code, message } }` turned into ApiRequestError.
 */
import type {
  AllTimeCurveDto,
  CalendarDto,
  CurveKind,
  FitnessDto,
  PrBadgesDto,
  RecomputeJobDto,
  RecordKind,
  RecordExclusionDto,
  RecordExclusionsDto,
  RecordProgressionDto,
  RecordsDto,
  ThresholdChangeDto,
  ThresholdInputDto,
  ThresholdsDto,
  TotalsDto,
  TotalsPeriod,
} from '../../../shared/analysis-api.js';
import type { ApiError } from '../../../shared/api.js';
import { apiUrl, ApiRequestError } from './api-client';

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiRequestError(0, 'network', 'Cannot reach the MileVault server.');
  }
  if (!res.ok) {
    let code = `http_${res.status}`;
    let message = res.statusText || `Request failed (${res.status})`;
    try {
      const body = (await res.json()) as Partial<ApiError>;
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiRequestError(res.status, code, message);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const analysisApi = {
  /** Stored all-time and per-year records; with `range`, the bests of those days (issue 17). */
  records: (sport: string, signal?: AbortSignal, range?: { from: string; to: string }) => request<RecordsDto>(apiUrl('/records', { sport, ...range }), { signal }),

  progression: (sport: string, kind: RecordKind, key: number, signal?: AbortSignal) =>
    request<RecordProgressionDto>(apiUrl('/records/progression', { sport, kind, key }), { signal }),

  prBadges: (ids: string[], signal?: AbortSignal) =>
    request<PrBadgesDto>(apiUrl('/records/badges', { ids: ids.join(',') }), { signal }),

  curve: (kind: CurveKind, sport: string, signal?: AbortSignal) =>
    request<AllTimeCurveDto>(apiUrl('/curves', { kind, sport }), { signal }),

  fitness: (from: string, to: string, signal?: AbortSignal) => request<FitnessDto>(apiUrl('/fitness', { from, to }), { signal }),

  totals: (period: TotalsPeriod, sport: string | undefined, signal?: AbortSignal) =>
    request<TotalsDto>(apiUrl('/totals', { period, sport }), { signal }),

  calendar: (month: string, signal?: AbortSignal) => request<CalendarDto>(apiUrl('/calendar', { month }), { signal }),

  thresholds: (signal?: AbortSignal) => request<ThresholdsDto>(apiUrl('/thresholds'), { signal }),

  createThreshold: (input: ThresholdInputDto) => request<ThresholdChangeDto>(apiUrl('/thresholds'), json('POST', input)),

  updateThreshold: (id: string, input: ThresholdInputDto) =>
    request<ThresholdChangeDto>(apiUrl(`/thresholds/${encodeURIComponent(id)}`), json('PUT', input)),

  deleteThreshold: (id: string) => request<ThresholdChangeDto>(apiUrl(`/thresholds/${encodeURIComponent(id)}`), { method: 'DELETE' }),

  job: (id: string, signal?: AbortSignal) => request<RecomputeJobDto>(apiUrl(`/analysis/jobs/${encodeURIComponent(id)}`), { signal }),

  /** Issue 13 §3: leave an activity (no kind) or one record out of records; `include` undoes it. */
  exclude: (e: Omit<RecordExclusionDto, 'sport' | 'kind' | 'key'> & Partial<Pick<RecordExclusionDto, 'sport' | 'kind' | 'key'>>) =>
    request<RecordExclusionsDto>(apiUrl('/records/exclusions'), json('POST', exclusionBody(e))),

  include: (e: Omit<RecordExclusionDto, 'sport' | 'kind' | 'key'> & Partial<Pick<RecordExclusionDto, 'sport' | 'kind' | 'key'>>) =>
    request<RecordExclusionsDto>(apiUrl('/records/exclusions'), json('DELETE', exclusionBody(e))),
};

/** The whole-activity exclusion is sent without sport/kind/key ('*' on the way back). */
function exclusionBody(e: Partial<RecordExclusionDto> & { activityId: string }): object {
  return e.kind && e.kind !== '*' ? { activityId: e.activityId, sport: e.sport, kind: e.kind, key: e.key } : { activityId: e.activityId };
}
