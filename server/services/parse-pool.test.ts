/**
 * ParsePool hands each worker two files at a time. Results must still reach the right caller, a
 * worker that dies takes only the file it was decoding with it (the one queued behind it is
 * decoded by the replacement), and closing fails whatever is left with a clear reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeFitActivity } from '../../tests/helpers/fit-fixture.js';
import { ParsePool } from './parse-pool.js';

const pools: ParsePool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

function file(minutes: number): Uint8Array {
  return makeFitActivity({ durationS: minutes * 60, startTime: new Date(Date.UTC(2024, 0, 1 + minutes)) });
}

function samplesOf(r: Awaited<ReturnType<ParsePool['parse']>>): number {
  return r.kind === 'activities' ? r.activities[0].encoded.sampleCount : -1;
}

interface PoolInternals {
  slots: { worker: { terminate(): Promise<number> }; tasks: unknown[] }[];
}

describe('ParsePool', () => {
  it('returns every result to its own caller with more files than workers', async () => {
    const pool = new ParsePool({ size: 2 });
    pools.push(pool);
    const minutes = [1, 7, 2, 9, 3, 5, 4, 8, 6];
    const results = await Promise.all(minutes.map((m) => pool.parse(file(m), `m${m}.fit`)));
    expect(results.map(samplesOf)).toEqual(minutes.map((m) => m * 60 + 1));
  });

  it('fails only the file a dead worker was decoding; the file queued behind it is decoded by its replacement', async () => {
    const pool = new ParsePool({ size: 1 });
    pools.push(pool);
    await pool.parse(file(1), 'warm.fit'); // the worker is up
    const first = pool.parse(file(30), 'first.fit');
    const second = pool.parse(file(2), 'second.fit');
    const slot = (pool as unknown as PoolInternals).slots[0];
    expect(slot.tasks).toHaveLength(2); // both posted to the one worker
    await slot.worker.terminate();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual({ kind: 'error', reason: expect.stringMatching(/parser stopped unexpectedly/) });
    expect(samplesOf(b)).toBe(121);
    // The pool goes on with the new worker.
    expect(samplesOf(await pool.parse(file(3), 'third.fit'))).toBe(181);
  });

  it('fails files still waiting when it closes', async () => {
    const pool = new ParsePool({ size: 1 });
    const pending = [1, 2, 3, 4].map((m) => pool.parse(file(m), `c${m}.fit`));
    await pool.close();
    const results = await Promise.all(pending);
    expect(results.every((r) => r.kind === 'error' && /shutting down/.test(r.reason))).toBe(true);
  });
});
