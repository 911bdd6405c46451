/**
 * GET /api/v1/analysis/extents, shared for two seconds so one page's components ask once; short,
 * because an import that just finished changes it.
 */
import type { DataExtentsDto } from '../../../../shared/extents.js';
import { apiUrl, ApiRequestError } from '../../lib/api-client';

const TTL_MS = 2_000;
let cached: { at: number; p: Promise<DataExtentsDto> } | null = null;

export function fetchExtents(signal?: AbortSignal): Promise<DataExtentsDto> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.p;
  const p = fetch(apiUrl('/analysis/extents'), { credentials: 'same-origin' }).then(async (res) => {
    if (!res.ok) throw new ApiRequestError(res.status, `http_${res.status}`, `Cannot load where your data lies (${res.status}).`);
    return (await res.json()) as DataExtentsDto;
  });
  cached = { at: Date.now(), p };
  // A failed request is not cached.
  p.catch(() => {
    if (cached?.p === p) cached = null;
  });
  // The shared request is never aborted by one page; the caller's signal only stops its wait.
  return signal ? Promise.race([p, new Promise<never>((_, rej) => signal.addEventListener('abort', () => rej(new DOMException('aborted', 'AbortError')), { once: true }))]) : p;
}

/** After an import or a deletion the extents change: the next page asks again. */
export function forgetExtents(): void {
  cached = null;
}
