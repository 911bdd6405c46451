import { CHART_MAX_POINTS, STREAM_CHANNELS, type ActivityStreams, type StreamChannel } from '../../../shared/activity.js';
import type { StoredChart } from '../../storage/repos/activity-charts.repo.js';
import type { EncodedStreams } from '../../storage/stream-codec.js';
import { renderDecodedStreams, renderStreams, type RenderStreamsOptions } from './render-streams.js';

/**
 * The activity page's chart request (every channel, CHART_MAX_POINTS points), rendered once per
 * stream blob and stored ready to send (repos/activity-charts.repo.ts, issue 14): at import in the
 * parse worker, else by the background fill (chart-fill.ts). Serving it is one read of ~30 KB
 * instead of decode, downsample, JSON and compression (~2 ms of CPU) on every view.
 *
 * gzip, because every client takes it (browsers offer Brotli only over HTTPS); level 4: a 1-hour
 * chart of 94 KB JSON in 1.1 ms to 31.8 KB (level 1: 0.8 ms, 34.5 KB; level 6: 3.0 ms, 30.5 KB;
 * Brotli quality 5: 2.5 ms, 27.9 KB), measured in session 9.
 *
 * Bump the version whenever what renderStreams answers for this request changes (the JSON shape,
 * downsampling, rounding): stored charts of another version are ignored and rendered again.
 */
export const STORED_CHART_VERSION = 1;

export const STORED_CHART_OPTIONS: RenderStreamsOptions = { channels: STREAM_CHANNELS, maxPoints: CHART_MAX_POINTS, encoding: 'gzip', gzipLevel: 4 };

/** The stored chart of a stream blob (pure; throws on a blob the codec rejects). */
export function renderStoredChart(blob: Uint8Array): StoredChart {
  return { version: STORED_CHART_VERSION, body: renderStreams(blob, STORED_CHART_OPTIONS) };
}

/** What a stored chart answers: this request with every channel listed (in any order, repeats allowed). */
export function isStoredChartRequest(o: { channels?: readonly StreamChannel[]; maxPoints?: number }): boolean {
  if (o.maxPoints !== CHART_MAX_POINTS || !o.channels) return false;
  const asked = new Set(o.channels);
  return asked.size === STREAM_CHANNELS.length && STREAM_CHANNELS.every((c) => asked.has(c));
}

/**
 * The encoded streams with their stored chart, for every path that stores new streams (the parse
 * worker's result, Health Auto Export workouts, hand-entered activities). A chart that cannot be
 * rendered is left to the chart fill, which logs it; the streams are stored regardless.
 */
export function withStoredChart(encoded: EncodedStreams, echo?: ActivityStreams): EncodedStreams {
  try {
    // From the encoder's echo when there is one (what decoding the blob returns: no second decode).
    const chart = echo ? { version: STORED_CHART_VERSION, body: renderDecodedStreams(echo, STORED_CHART_OPTIONS) } : renderStoredChart(encoded.blob);
    // Its own ArrayBuffer, so a worker can transfer it (a Buffer may share a pool).
    return { ...encoded, chart: { version: chart.version, body: new Uint8Array(chart.body) } };
  } catch {
    return encoded;
  }
}
