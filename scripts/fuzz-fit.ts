/**
 * Fuzzes parseFit with mutated real corpus FIT files and generated ones (truncations, byte flips,
 * length fields, definition sizes …): proves no throw, a well-formed ParseResult and every
 * decode under 2 s, and reports the slowest.
 *   npx tsx scripts/fuzz-fit.ts --cases 10000 [--seed 1]
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { corpusFiles, corpusOrWarn } from '../tests/helpers/corpus.js';
import { makeFitActivity } from '../tests/helpers/fit-fixture.js';
import { mulberry32, mutateFit, parseResultProblems } from '../tests/helpers/fit-mutate.js';
import { parseFit } from '../server/ingest/fit/fit.parser.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const cases = arg('cases', 1000);
const seed = arg('seed', 1);
const LIMIT_MS = 2000;
/** Keep the run bounded: very large corpus files are fuzzed less often. */
const MAX_SOURCE_BYTES = 1_200_000;

const sources: { name: string; bytes: Uint8Array }[] = [
  { name: 'generated:run', bytes: makeFitActivity({ durationS: 1800, withPower: true, laps: 3 }) },
  { name: 'generated:compressed', bytes: makeFitActivity({ durationS: 600, compressedTimestamps: true }) },
  { name: 'generated:dev+hr', bytes: makeFitActivity({ durationS: 600, developerField: true, hrMessages: 'chained' }) },
  { name: 'generated:multisport', bytes: makeFitActivity({ multisport: [{ sport: 'cycling', durationS: 600 }, { sport: 'running', durationS: 300 }] }) },
];
if (corpusOrWarn()) {
  for (const f of [...corpusFiles('fit', /\.fit(\.gz)?$/i), ...corpusFiles('wellness', /\.fit$/i)]) {
    const raw = readFileSync(f);
    const bytes = new Uint8Array(f.endsWith('.gz') ? gunzipSync(raw) : raw);
    if (bytes.length <= MAX_SOURCE_BYTES) sources.push({ name: f.split('/').slice(-2).join('/'), bytes });
  }
}

const rnd = mulberry32(seed);
const kinds: Record<string, number> = {};
const byMutation: Record<string, number> = {};
let maxMs = 0;
let maxCase = '';
let failures = 0;
const t0 = performance.now();
for (let c = 0; c < cases; c++) {
  const src = sources[Math.floor(rnd() * sources.length)];
  const { bytes, mutation } = mutateFit(src.bytes, rnd);
  byMutation[mutation] = (byMutation[mutation] ?? 0) + 1;
  const start = performance.now();
  try {
    const r = parseFit(bytes);
    const ms = performance.now() - start;
    if (ms > maxMs) {
      maxMs = ms;
      maxCase = `${src.name} (${mutation}, ${bytes.length} bytes)`;
    }
    kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    const problems = parseResultProblems(r);
    if (problems.length || ms > LIMIT_MS) {
      failures++;
      console.error(`case ${c} ${src.name} ${mutation}: ${ms.toFixed(0)} ms ${problems.join('; ')}`);
    }
  } catch (e) {
    failures++;
    console.error(`case ${c} ${src.name} ${mutation}: THREW ${e instanceof Error ? e.stack : String(e)}`);
  }
}
console.log(`fuzz-fit: ${cases} cases over ${sources.length} sources (seed ${seed}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`results: ${JSON.stringify(kinds)}; mutations: ${JSON.stringify(byMutation)}`);
console.log(`slowest decode: ${maxMs.toFixed(1)} ms — ${maxCase}`);
console.log(failures === 0 ? 'OK: no throw, every result well formed, every decode < 2 s' : `FAILED: ${failures} case(s)`);
process.exitCode = failures === 0 ? 0 : 1;
