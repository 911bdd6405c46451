/**
 * Issue 18 closing figure: latency from a file landing in a watched folder to the activity being
 * visible through the API (GET /api/v1/activities), with the default stability window (1 s: two
 * looks a second apart must agree). Files land one at a time, each a 1-hour 1 Hz run.
 * `npm run bench -- --only watch [--watch-files 20]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app.js';
import { configFromEnv } from '../server/config.js';
import { createServices } from '../server/start.js';
import { makeFitActivity } from '../tests/helpers/fit-fixture.js';
import { median, percentile, printTable } from './table.js';

export async function watchBench(opts: { files: number; mode?: 'auto' | 'poll' }) {
  const rows: Record<string, string | number>[] = [];
  for (const mode of opts.mode ? [opts.mode] : (['auto', 'poll'] as const)) {
    const dataDir = mkdtempSync(join(tmpdir(), 'milevault-watch-bench-'));
    const watched = mkdtempSync(join(tmpdir(), 'milevault-watch-bench-in-'));
    const config = { ...configFromEnv({}), dataDir };
    const services = await createServices(config);
    const app = await buildApp({ config, ...services, version: 'bench' });
    await services.imports.resumeUnfinished();
    await services.autoIngest.start();
    const add = await app.inject({ method: 'POST', url: '/api/v1/sources/folders', headers: { 'x-milevault-client': 'bench' }, payload: { path: watched, mode, pollIntervalS: 2 } });
    if (add.statusCode !== 201) throw new Error(add.body);
    const lat: number[] = [];
    for (let i = 0; i < opts.files; i++) {
      const bytes = makeFitActivity({ durationS: 3600, startTime: new Date(Date.UTC(2023, 0, 1, 7) + i * 86_400_000) });
      const t0 = performance.now();
      writeFileSync(join(watched, `run-${i}.fit`), bytes);
      for (;;) {
        const total = (await app.inject({ url: '/api/v1/activities?limit=1' })).json().total as number;
        if (total === i + 1) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      lat.push(performance.now() - t0);
    }
    rows.push({ mode: mode === 'auto' ? 'fs events (inotify)' : 'polling every 2 s', files: opts.files, 'median s': median(lat) / 1000, 'p90 s': percentile(lat, 90) / 1000, 'max s': Math.max(...lat) / 1000 });
    await app.close();
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(watched, { recursive: true, force: true });
  }
  printTable('Watched folder: file landed → activity visible via the API (stability window 1 s)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await watchBench({ files: Number(process.argv[2] ?? 20) });
