import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedStravaActivities, makeStravaExport } from '../tests/helpers/archive-fixtures.js';
import { printTable } from './table.js';

interface ChildRun {
  ms: number;
  peakRssBytes: number;
  members: number;
  imported: number;
  failed: number;
  activities: number;
}

/**
 * Import of a generated Strava-style export zip (activities.csv + 1-hour FIT/GPX files, plain and
 * gzipped, every 10th a manual entry) through the whole pipeline, in a child process: time and
 * peak RSS. Default 2,000 activities (the closing note); `activities` makes it smaller.
 */
export async function archiveBench(opts: { activities?: number; durationS?: number } = {}) {
  const n = opts.activities ?? 2000;
  const dir = mkdtempSync(join(tmpdir(), 'milevault-bench-zip-'));
  try {
    const zip = join(dir, 'strava-export.zip');
    writeFileSync(zip, await makeStravaExport(generatedStravaActivities(n, opts.durationS ?? 3600)));
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/archive.child.ts', '--zip', zip], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as ChildRun;
    printTable(`Strava-style export zip import (${availableParallelism()} workers, SQLite)`, [
      {
        activities: n,
        'zip MB': statSync(zip).size / 1048576,
        members: r.members,
        imported: r.imported,
        failed: r.failed,
        stored: r.activities,
        's total': r.ms / 1000,
        'activities/s': r.activities / (r.ms / 1000),
        'peak RSS MB': r.peakRssBytes / 1048576,
      },
    ]);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
