import { describe, expect, it } from 'vitest';
import { isShiftedCopy, shiftedCopyAgreement, type TimedTrack } from './same-workout.js';

/** A 10-minute walk at 1 Hz heading north-east with gentle turns (deterministic). */
function walk(startMs: number, opts: { speedMps?: number; noiseM?: number; seed?: number; n?: number } = {}): TimedTrack {
  const n = opts.n ?? 600;
  let seed = opts.seed ?? 1;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
  const lat: number[] = [];
  const lon: number[] = [];
  const timeS: number[] = [];
  let la = 51.2508;
  let lo = 0.0089;
  for (let i = 0; i < n; i++) {
    const heading = 0.8 + 0.6 * Math.sin(i / 90);
    const step = opts.speedMps ?? 1.3;
    la += (step * Math.cos(heading)) / 111_320;
    lo += (step * Math.sin(heading)) / (111_320 * Math.cos((la * Math.PI) / 180));
    const noise = (opts.noiseM ?? 0) / 111_320;
    lat.push(Number((la + rnd() * noise).toFixed(7)));
    lon.push(Number((lo + rnd() * noise).toFixed(7)));
    timeS.push(i);
  }
  return { startMs, timeS, latDeg: lat, lonDeg: lon };
}

describe('re-saved copies with a shifted clock (issue 13 §1)', () => {
  const T = Date.UTC(2025, 0, 28, 13, 33, 2);

  it('recognises the same fixes saved again 224 s or an hour later', () => {
    const a = walk(T);
    expect(isShiftedCopy(a, { ...a, startMs: T + 224_000 })).toEqual({ shiftS: 224 });
    expect(isShiftedCopy(a, { ...a, startMs: T - 3_600_000 })).toEqual({ shiftS: -3600 });
    // A copy that lost a few samples and rounds coordinates differently is still a copy.
    const b = walk(T + 224_000);
    const thinned: TimedTrack = { startMs: b.startMs, timeS: (b.timeS as number[]).filter((_, i) => i % 200 !== 7), latDeg: (b.latDeg as number[]).filter((_, i) => i % 200 !== 7).map((v) => Number(v.toFixed(6))), lonDeg: (b.lonDeg as number[]).filter((_, i) => i % 200 !== 7) };
    expect(isShiftedCopy(a, thinned)).not.toBeNull();
  });

  it('never takes a second device or a second walk of the same route for a copy', () => {
    const a = walk(T, { noiseM: 3, seed: 7 });
    // Another GPS unit on the same person: same path, independent noise.
    const other = walk(T + 300_000, { noiseM: 3, seed: 99 });
    const r = shiftedCopyAgreement(a, other)!;
    expect(r.medianM).toBeGreaterThan(2);
    expect(isShiftedCopy(a, other)).toBeNull();
    // The same route walked again, 3 % slower: the span differs, so no copy.
    expect(isShiftedCopy(walk(T), walk(T + 1_800_000, { speedMps: 1.26, n: 618 }))).toBeNull();
    // Beyond the window (a day later) a copy is a separate question.
    const c = walk(T);
    expect(isShiftedCopy(c, { ...c, startMs: T + 20 * 3_600_000 })).toBeNull();
  });
});
