import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHART_MAX_POINTS, STREAM_CHANNELS, type ActivityStreams } from '../../../shared/activity.js';
import { realisticActivity } from '../../../bench/realistic-activity.js';
import { makeParsedActivity } from '../../../tests/helpers/parsed-activity.js';
import { prepareStreamsWithEcho } from '../../storage/stream-codec.js';
import { renderStreams } from './render-streams.js';
import { isStoredChartRequest, STORED_CHART_OPTIONS, withStoredChart } from './stored-chart.js';

/** Streams with what a real history holds: rounding (GPX), gaps, developer fields, no GPS, few samples. */
function cases(): [string, ActivityStreams][] {
  const noisy = realisticActivity(3, 3601).streams;
  const gaps = makeParsedActivity({ n: 2000, developer: true }).streams;
  const hr = gaps.channels.hrBpm!.map((v, i) => (i % 97 < 10 ? null : v));
  return [
    ['noisy 1 h ride at device resolutions', noisy],
    ['dropouts and developer fields', { ...gaps, channels: { ...gaps.channels, hrBpm: hr } }],
    ['indoor, no GPS', makeParsedActivity({ n: 900, gps: false }).streams],
    ['fewer samples than chart points', makeParsedActivity({ n: 40 }).streams],
    ['GPX-like doubles', { timeS: noisy.timeS.map((t) => t + 0.25), channels: { latDeg: noisy.channels.latDeg!.map((v) => v! + 1e-9 / 3), lonDeg: noisy.channels.lonDeg, altitudeM: noisy.channels.altitudeM!.map((v) => v! / 3) }, developer: [] }],
  ];
}

describe('stored chart', () => {
  it.each(cases())('rendered from the encoder echo is byte for byte what rendering the stored blob answers: %s', (_name, streams) => {
    const { encoded, echo } = prepareStreamsWithEcho(streams);
    const chart = withStoredChart(encoded, echo).chart;
    expect(chart).toBeDefined();
    const fromBlob = renderStreams(encoded.blob, { channels: STREAM_CHANNELS, maxPoints: CHART_MAX_POINTS });
    expect(gunzipSync(chart!.body).toString()).toBe(Buffer.from(fromBlob).toString());
    expect(Buffer.compare(Buffer.from(chart!.body), Buffer.from(renderStreams(encoded.blob, STORED_CHART_OPTIONS)))).toBe(0);
    expect(gunzipSync(withStoredChart(encoded).chart!.body).toString()).toBe(Buffer.from(fromBlob).toString());
  });

  it('answers only the activity page request: every channel, in any order, at CHART_MAX_POINTS', () => {
    expect(isStoredChartRequest({ channels: [...STREAM_CHANNELS], maxPoints: CHART_MAX_POINTS })).toBe(true);
    expect(isStoredChartRequest({ channels: [...STREAM_CHANNELS].reverse().concat(['hrBpm']), maxPoints: CHART_MAX_POINTS })).toBe(true);
    expect(isStoredChartRequest({ channels: STREAM_CHANNELS.slice(1), maxPoints: CHART_MAX_POINTS })).toBe(false);
    expect(isStoredChartRequest({ channels: [...STREAM_CHANNELS], maxPoints: CHART_MAX_POINTS - 1 })).toBe(false);
    expect(isStoredChartRequest({ maxPoints: CHART_MAX_POINTS })).toBe(false);
    expect(isStoredChartRequest({ channels: [...STREAM_CHANNELS] })).toBe(false);
  });

  it('leaves a chart it cannot render to the fill and keeps the streams', () => {
    const { encoded } = prepareStreamsWithEcho(makeParsedActivity({ n: 100 }).streams);
    const broken = { ...encoded, blob: new Uint8Array([1, 2, 3, 4, 5]) };
    expect(withStoredChart(broken)).toEqual(broken);
  });
});
