/**
 * One import measurement in a fresh process, so peak RSS belongs to that run alone.
 * Args: --mode pipeline|bare --dir DIR. Prints one JSON line.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_USER_ID } from '../server/plugins/auth.js';
import { createServices } from '../server/start.js';

const args = process.argv.slice(2);
const mode = args[args.indexOf('--mode') + 1];
const dir = args[args.indexOf('--dir') + 1];

function listFiles(d: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(d).sort()) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const files = listFiles(dir);
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
let samples = 0;
let ok = 0;
let t0 = performance.now();
if (mode === 'bare') {
  const { bareDecodeFitFileParser } = await import('../server/ingest/fit/bare-decode.js');
  for (const f of files) {
    try {
      const r = (await bareDecodeFitFileParser(readFileSync(f))) as { records?: unknown[] };
      samples += r?.records?.length ?? 0;
      ok++;
    } catch {
      /* counted as not decoded */
    }
  }
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'milevault-bench-import-'));
  const services = await createServices({ dataDir, maxUploadBytes: 1 << 30 });
  // Steady state, as in a running app: start-up (workers loading their code) is not import time.
  await Promise.all(Array.from({ length: services.pool.size * 2 }, () => services.pool.parse(new Uint8Array(16), 'warmup.fit')));
  t0 = performance.now();
  const jobId = await services.imports.createJobFromPaths(LOCAL_USER_ID, [dir]);
  await services.imports.waitFor(jobId);
  const job = (await services.storage.imports.get(LOCAL_USER_ID, jobId))!;
  ok = job.files.filter((f) => f.status === 'imported').length;
  const list = await services.storage.activities.list(LOCAL_USER_ID, { limit: 100000, offset: 0 });
  samples = list.items.reduce((s, a) => s + a.sampleCount, 0);
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
}
const ms = performance.now() - t0;
clearInterval(sampler);
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
console.log(JSON.stringify({ mode, files: files.length, ok, bytes, samples, ms, peakRssBytes: peak }));
