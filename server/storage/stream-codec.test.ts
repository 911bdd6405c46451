import { describe, expect, it } from 'vitest';
import type { ActivityStreams } from '../../shared/activity.js';
import { decodeStreams, encodeStreams, encodeStreamsWithEcho } from './stream-codec.js';

/** Deterministic pseudo-random values with more decimals than any stored scale keeps. */
function noisyStreams(n: number, seed = 7): ActivityStreams {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const col = (f: (i: number) => number, nullEvery = 0) => Array.from({ length: n }, (_, i) => (nullEvery && i % nullEvery === 3 ? null : f(i)));
  return {
    timeS: Array.from({ length: n }, (_, i) => i + (i % 5 === 0 ? 0.5 : 0)),
    channels: {
      latDeg: col((i) => 47.3 + i * 1e-5 + rnd() * 1e-9, 50),
      lonDeg: col((i) => 8.5 + i * 1e-5 + rnd() * 1e-9, 50),
      altitudeM: col(() => 400 + rnd() * 30),
      distanceM: col((i) => i * 3.123456789),
      hrBpm: col(() => 120 + Math.round(rnd() * 40), 17),
      powerW: col(() => rnd() * 300),
    },
    developer: [{ key: '0:1', name: 'core_temp', units: '°C', appId: null, values: col(() => 37 + rnd() / 3, 9) }],
  };
}

describe('stream codec echo', () => {
  it('returns exactly what decoding the blob returns (so workers need not decode)', () => {
    const s = noisyStreams(3000);
    const { blob, echo } = encodeStreamsWithEcho(s);
    const dec = decodeStreams(blob);
    expect(echo.timeS).toEqual(dec.timeS);
    expect(echo.channels).toEqual(dec.channels);
    expect(echo.developer.map((d) => d.values)).toEqual(dec.developer.map((d) => d.values));
    // Rounding really happened (the echo is not just the input).
    expect(echo.channels.powerW).not.toEqual(s.channels.powerW);
    expect(Buffer.from(blob)).toEqual(Buffer.from(encodeStreams(s)));
  });

  it('hands back the input arrays for channels stored exactly, and a rounded copy otherwise', () => {
    const s: ActivityStreams = {
      timeS: [0, 1, 2, 3],
      channels: { hrBpm: [120, null, 121, 122], speedMps: [2.5, 2.501, null, 0], powerW: [100.123456789, 0, -0, 5], altitudeM: [-0, 1, 2, 3] },
      developer: [],
    };
    const { blob, echo } = encodeStreamsWithEcho(s);
    expect(echo.channels.hrBpm).toBe(s.channels.hrBpm);
    expect(echo.channels.speedMps).toBe(s.channels.speedMps);
    expect(echo.channels.powerW).not.toBe(s.channels.powerW);
    const dec = decodeStreams(blob);
    expect(echo.channels).toEqual(dec.channels);
    expect(Object.is(echo.channels.altitudeM![0], 0)).toBe(true);
    expect(Object.is(echo.channels.powerW![2], 0)).toBe(true);
  });
});
