import { describe, expect, it } from 'vitest';
import { parseFit } from '../../server/ingest/fit/fit.parser.js';
import { makeFitActivity, type FitFixtureOptions } from '../helpers/fit-fixture.js';
import { mulberry32, mutateFit, parseResultProblems } from '../helpers/fit-mutate.js';

/**
 * Deterministic fuzzing of parseFit on generated files (runs without the corpus; the corpus and
 * 10 000-case version is scripts/fuzz-fit.ts): never throws, always a well-formed ParseResult,
 * never slow.
 */
const SEEDS: FitFixtureOptions[] = [
  { durationS: 300, withPower: true, laps: 3 },
  { durationS: 200, compressedTimestamps: true },
  { durationS: 200, developerField: true, hrMessages: 'chained' },
  { multisport: [{ sport: 'cycling', durationS: 120 }, { sport: 'running', durationS: 60 }], laps: 2 },
  { durationS: 120, bigEndian: true, summaryFirst: true, chained: 'activity' },
  { durationS: 120, relativeTimestamps: true, hrMessages: 'inline', withGps: false },
];
const CASES = 400;

describe('parseFit fuzz (seeded, generated files)', () => {
  it(`${CASES} mutated files: no throw, a well-formed result, each under 2 s`, () => {
    const sources = SEEDS.map((o) => makeFitActivity(o));
    const rnd = mulberry32(20240501);
    let maxMs = 0;
    const kinds: Record<string, number> = {};
    for (let c = 0; c < CASES; c++) {
      const src = sources[c % sources.length];
      const { bytes, mutation } = mutateFit(src, rnd);
      const t0 = performance.now();
      let r;
      try {
        r = parseFit(bytes);
      } catch (e) {
        throw new Error(`case ${c} (${mutation}) threw: ${String(e)}`);
      }
      maxMs = Math.max(maxMs, performance.now() - t0);
      kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
      expect(parseResultProblems(r), `case ${c} (${mutation})`).toEqual([]);
    }
    console.log(`fuzz: ${CASES} cases, results ${JSON.stringify(kinds)}, slowest ${maxMs.toFixed(1)} ms`);
    // Decode time is reported, not asserted (tests never assert wall-clock time); scripts/fuzz-fit.ts enforces 2 s.
    expect(kinds.activities).toBeGreaterThan(CASES / 2);
  });
});
