import type { ParsedActivity, ParseResult } from '../../shared/activity.js';
import { type EncodedStreams, prepareStreamsWithEcho } from '../storage/stream-codec.js';
import { type DeriveContext, type DerivedActivity, deriveActivity } from './derive.js';
import { resolveLocalTime } from '../domain/local-time.js';
import { withStoredChart } from './streams-render/stored-chart.js';

export type PreparedActivity = Omit<ParsedActivity, 'streams'> & { encoded: EncodedStreams; derived?: DerivedActivity };

/** A ParseResult whose sample arrays are already encoded for storage (done in the worker). */
export type PreparedParseResult =
  | { kind: 'activities'; activities: PreparedActivity[]; warnings: string[] }
  | Exclude<ParseResult, { kind: 'activities' }>;

/**
 * Encodes each activity's streams, renders the activity page's chart from the encoded blob
 * (stored-chart.ts) and, with a context, derives its analysis and route track from the streams as
 * storage will return them (see derive.ts). A failing derivation or chart is not fatal: the main
 * thread computes the analysis later from the stored streams, the chart fill renders the chart.
 */
export function prepareResult(r: ParseResult, ctx?: DeriveContext): PreparedParseResult {
  if (r.kind !== 'activities') return r;
  return {
    kind: 'activities',
    warnings: r.warnings,
    activities: r.activities.map(({ streams, ...rest }) => {
      const prepared = prepareStreamsWithEcho(streams);
      const echo = prepared.echo;
      const encoded = withStoredChart(prepared.encoded, echo);
      let derived: DerivedActivity | undefined;
      if (ctx) {
        try {
          // Derived from the streams exactly as storage will return them (rounded to stored scales).
          const local = resolveLocalTime({ startMs: Date.parse(rest.startTime), deviceUtcOffsetS: rest.deviceUtcOffsetS, startLatDeg: encoded.startLatDeg, startLonDeg: encoded.startLonDeg, settingZone: ctx.timeZone ?? 'UTC' });
          derived = deriveActivity(echo, rest.sport, rest.startTime, ctx, local.utcOffsetS);
        } catch {
          derived = undefined;
        }
      }
      return { ...rest, encoded, ...(derived ? { derived } : {}) };
    }),
  };
}

/** Buffers to transfer (not copy) from the worker. */
export function transferables(r: PreparedParseResult): ArrayBuffer[] {
  if (r.kind !== 'activities') return [];
  const out: ArrayBuffer[] = [];
  for (const a of r.activities) {
    out.push(a.encoded.blob.buffer as ArrayBuffer);
    if (a.encoded.chart) out.push(a.encoded.chart.body.buffer as ArrayBuffer);
    const t = a.derived?.track?.track;
    if (t) out.push(t.lat.buffer as ArrayBuffer, t.lon.buffer as ArrayBuffer, t.timeS.buffer as ArrayBuffer);
  }
  return [...new Set(out)];
}
