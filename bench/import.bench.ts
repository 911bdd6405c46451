import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFitActivity } from '../tests/helpers/fit-fixture.js';
import { corpusDir } from '../tests/helpers/corpus.js';
import { printTable } from './table.js';

const WARM_FILES = 200;

interface Run {
  mode: string;
  files: number;
  ok: number;
  bytes: number;
  samples: number;
  ms: number;
  peakRssBytes: number;
  mainCpuMs: number | null;
  otherCpuMs: number | null;
}

function measure(mode: 'pipeline' | 'bare', dir: string, warm: string, prewarm = false): Run {
  // Prewarmed: the bare side decodes the files twice, the pipeline imports them once for another
  // user (import.child.mjs): both have compiled their code paths for exactly these files.
  const flags = prewarm ? [mode === 'bare' ? '--prewarm-parse' : '--prewarm-import'] : [];
  const out = execFileSync(process.execPath, ['bench/import.child.mjs', '--mode', mode, '--dir', dir, '--warm', warm, ...flags], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Run;
}

function row(set: string, r: Run) {
  const s = r.ms / 1000;
  return {
    set,
    run: r.mode === 'bare' ? 'bare fit-file-parser, 1 thread' : `pipeline parse→derive→store, ${availableParallelism()} workers`,
    files: r.files,
    ok: r.ok,
    'files/s': r.files / s,
    'samples/s': r.samples / s,
    'MB/s': r.bytes / 1048576 / s,
    'peak RSS MB': r.peakRssBytes / 1048576,
    // CPU per file: what 2 dedicated cores could reach whatever else the machine was doing.
    'main-thread CPU ms/file': r.mainCpuMs == null || r.mode === 'bare' ? '' : r.mainCpuMs / r.files,
    'other threads CPU ms/file (parse workers, V8 GC/JIT, file I/O)': r.otherCpuMs == null || r.mode === 'bare' ? '' : r.otherCpuMs / r.files,
  };
}

/**
 * This VM's speed drifts by ±20 % (at times ±30 %) from one run to the next, so bare and pipeline runs alternate
 * REPEATS times and the median of each (by time) is reported.
 */
const REPEATS = 5;

function measurePair(dir: string, warm: string, prewarm = false): [Run, Run] {
  const bare: Run[] = [];
  const pipe: Run[] = [];
  for (let i = 0; i < REPEATS; i++) {
    bare.push(measure('bare', dir, warm, prewarm));
    pipe.push(measure('pipeline', dir, warm, prewarm));
  }
  const median = (xs: Run[]) => [...xs].sort((a, b) => a.ms - b.ms)[xs.length >> 1];
  return [median(bare), median(pipe)];
}

/**
 * Import throughput of the whole pipeline (parse in worker threads → derive → store in SQLite)
 * against the bare single-thread fit-file-parser decode of the same files, plus peak RSS.
 */
/** The measured processes run the built server, as `npm start` does (no TypeScript loader). */
function buildServer() {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

export async function importBench(opts: { generated: number; scale?: number }) {
  buildServer();
  const dir = mkdtempSync(join(tmpdir(), 'milevault-bench-fit-'));
  const rows: Record<string, string | number>[] = [];
  try {
    const gen = join(dir, 'generated');
    mkdirSync(gen);
    // A warm-up set (other days) decoded/imported before each timed run: both sides are measured
    // with a warm JIT, as in a running app importing a big history. 200 files, because each parse
    // worker compiles its own code: after 20 files per worker the workers still spent ~40 % more
    // CPU per file than in steady state (measured with the pool alone).
    const warm = join(dir, 'warm');
    mkdirSync(warm);
    for (let i = 0; i < WARM_FILES; i++) writeFileSync(join(warm, `w${i}.fit`), makeFitActivity({ durationS: 3600, startTime: new Date(Date.UTC(2000, 0, 1, 7) + i * 86_400_000), withPower: i % 2 === 0 }));
    for (let i = 0; i < opts.generated; i++) {
      writeFileSync(join(gen, `a${i}.fit`), makeFitActivity({ durationS: 3600, startTime: new Date(Date.UTC(2020, 0, 1, 7) + i * 86_400_000), withPower: i % 2 === 0 }));
    }
    const [bare, pipe] = measurePair(gen, warm);
    rows.push(row(`generated 1 h × ${opts.generated}`, bare), row(`generated 1 h × ${opts.generated}`, pipe));
    rows.push({ set: '', run: 'pipeline ÷ bare (files/s; goal ≥ 1.5)', files: '', ok: '', 'files/s': pipe.files / pipe.ms / (bare.files / bare.ms), 'samples/s': '', 'MB/s': '', 'peak RSS MB': '' });
    if (opts.scale) {
      // The issue-sized run: a folder of N one-hour activities (10+ years of daily training).
      const big = join(dir, 'scale');
      mkdirSync(big);
      for (let i = 0; i < opts.scale; i++) writeFileSync(join(big, `s${String(i).padStart(6, '0')}.fit`), makeFitActivity({ durationS: 3600, startTime: new Date(Date.UTC(2005, 0, 1, 7) + i * 86_400_000), withPower: i % 2 === 0 }));
      const sp = measure('pipeline', big, warm);
      rows.push(row(`generated 1 h × ${opts.scale} (one folder; goal: peak RSS < 300 MB)`, sp));
    }
    const corpus = corpusDir();
    if (corpus) {
      const c = join(corpus, 'fit');
      // The corpus reaches code paths the generated files do not: both sides are warmed on it first
      // (bare: decoded twice; pipeline: imported once for another user, originals then deleted).
      const [cb, cp] = measurePair(c, warm, true);
      rows.push(row('corpus fit/ (JIT warmed on it)', cb), row('corpus fit/ (JIT warmed on it)', cp));
      rows.push({ set: '', run: 'pipeline ÷ bare (MB/s)', files: '', ok: '', 'files/s': '', 'samples/s': '', 'MB/s': cp.bytes / cp.ms / (cb.bytes / cb.ms), 'peak RSS MB': '' });
    } else console.log('corpus not found: corpus rows skipped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(`FIT import throughput (SQLite; both sides after a ${WARM_FILES}-file warm-up; median of ${REPEATS} alternating runs)`, rows);
}
