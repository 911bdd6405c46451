import type { ParsedActivity, ParseResult } from '../../shared/activity.js';
import { type EncodedStreams, prepareStreams } from '../storage/stream-codec.js';

export type PreparedActivity = Omit<ParsedActivity, 'streams'> & { encoded: EncodedStreams };

/** A ParseResult whose sample arrays are already encoded for storage (done in the worker). */
export type PreparedParseResult =
  | { kind: 'activities'; activities: PreparedActivity[]; warnings: string[] }
  | Exclude<ParseResult, { kind: 'activities' }>;

export function prepareResult(r: ParseResult): PreparedParseResult {
  if (r.kind !== 'activities') return r;
  return {
    kind: 'activities',
    warnings: r.warnings,
    activities: r.activities.map(({ streams, ...rest }) => ({ ...rest, encoded: prepareStreams(streams) })),
  };
}

/** Buffers to transfer (not copy) from the worker. */
export function transferables(r: PreparedParseResult): ArrayBuffer[] {
  return r.kind === 'activities' ? r.activities.map((a) => a.encoded.blob.buffer as ArrayBuffer) : [];
}
