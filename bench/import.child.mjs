/**
 * One import measurement in a fresh process, so peak RSS belongs to that run alone. Plain
 * JavaScript on the built server (`dist/`, as `npm start` runs it): no TypeScript loader in the
 * measured process or its workers. Args: --mode pipeline|bare --dir DIR [--warm DIR].
 * Prints one JSON line.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const mode = args[args.indexOf('--mode') + 1];
const dir = args[args.indexOf('--dir') + 1];
/** Optional `--warm DIR`: files decoded/imported before the timed run (not counted). */
const warmDir = args.includes('--warm') ? args[args.indexOf('--warm') + 1] : null;
/**
 * `--prewarm-parse`: both sides decode the measured files twice before the timed run (the
 * pipeline through its parse workers, without storing), so code paths only real-world files
 * reach are compiled on both sides (V8 compiles per thread: each worker separately).
 */
const prewarmParse = args.includes('--prewarm-parse');
/**
 * `--prewarm-import` (pipeline): the measured files are first imported once for another user, so
 * the main thread's storage and analysis paths are compiled for them too (as the bare side's
 * decoder is after its two passes). Their original files are then deleted, so the timed import
 * writes every original again, as a first import does.
 */
const prewarmImport = args.includes('--prewarm-import');
const dist = new URL('../dist/server/', import.meta.url);

function listFiles(d) {
  const out = [];
  for (const e of readdirSync(d).sort()) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** CPU ms per thread of this process from /proc (Linux): main thread = the pid's own task. */
function threadCpuMs() {
  try {
    const tick = 10; // USER_HZ = 100 on Linux
    let main = 0;
    let others = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      const f = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(parts[11]) + Number(parts[12])) * tick;
      if (Number(tid) === process.pid) main += ms;
      else others += ms;
    }
    return { main, others };
  } catch {
    return null;
  }
}

let peak = 0;
let sampling = true;
const sampler = setInterval(() => sampling && (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const files = listFiles(dir);
const warmFiles = warmDir ? listFiles(warmDir) : [];
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
let samples = 0;
let handlerMs = {};
let ok = 0;
let t0 = performance.now();
let tEnd = 0;
/** Share of the import the main thread (database, derived tables) was busy: 1.0 = it is the bottleneck. */
let mainThreadBusy = null;
let cpu0 = null;
let cpu1 = null;
const stop = () => {
  tEnd = performance.now();
  peak = Math.max(peak, process.memoryUsage().rss);
  sampling = false;
};
if (mode === 'bare') {
  const { bareDecodeFitFileParser } = await import(new URL('ingest/fit/bare-decode.js', dist).href);
  // Same warm-up as the pipeline: the JIT has seen the warm-up files before timing starts.
  for (const f of warmFiles) await bareDecodeFitFileParser(readFileSync(f)).catch(() => null);
  if (prewarmParse) for (let pass = 0; pass < 2; pass++) for (const f of files) await bareDecodeFitFileParser(readFileSync(f)).catch(() => null);
  t0 = performance.now();
  for (const f of files) {
    try {
      const r = await bareDecodeFitFileParser(readFileSync(f));
      samples += r?.records?.length ?? 0;
      ok++;
    } catch {
      /* counted as not decoded */
    }
  }
  stop();
} else {
  const { LOCAL_USER_ID } = await import(new URL('plugins/auth.js', dist).href);
  const { createServices } = await import(new URL('start.js', dist).href);
  const dataDir = mkdtempSync(join(tmpdir(), 'milevault-bench-import-'));
  const services = await createServices({ dataDir, maxUploadBytes: 1 << 30 });
  // Steady state, as in a running app: start-up (workers loading their code, the JIT compiling
  // the hot paths) is not import time. The warm-up files are imported first, like earlier imports.
  await Promise.all(Array.from({ length: services.pool.size * 2 }, () => services.pool.parse(new Uint8Array(16), 'warmup.fit')));
  if (warmDir) await services.imports.waitFor(await services.imports.createJobFromPaths(LOCAL_USER_ID, [warmDir]));
  if (prewarmParse) {
    const ctx = { thresholds: [], thresholdsKey: '[]' };
    // Two files in flight, as the pool has two workers: a whole folder queued at once would hold
    // every file and result in memory and inflate the peak RSS reported for the import.
    for (let pass = 0; pass < 2; pass++) {
      let next = 0;
      await Promise.all([0, 1].map(async () => {
        while (next < files.length) {
          const f = files[next++];
          await services.pool.parse(readFileSync(f), f, ctx);
        }
      }));
    }
  }
  if (prewarmImport) {
    await services.storage.users.ensure('bench-warm-up', 'bench warm-up');
    await services.imports.waitFor(await services.imports.createJobFromPaths('bench-warm-up', [dir]));
    const root = join(dataDir, 'originals');
    for (const shard of readdirSync(root)) for (const f of readdirSync(join(root, shard))) rmSync(join(root, shard, f), { force: true });
  }
  const warmSamples = (await services.storage.activities.list(LOCAL_USER_ID, { limit: 1e6, offset: 0 })).items.reduce((s, a) => s + a.sampleCount, 0);
  t0 = performance.now();
  const elu0 = performance.eventLoopUtilization();
  cpu0 = threadCpuMs();
  const jobId = await services.imports.createJobFromPaths(LOCAL_USER_ID, [dir]);
  await services.imports.waitFor(jobId);
  stop();
  cpu1 = threadCpuMs();
  mainThreadBusy = performance.eventLoopUtilization(elu0).utilization;
  const job = await services.storage.imports.get(LOCAL_USER_ID, jobId);
  ok = job.files.filter((f) => f.status === 'imported').length;
  const list = await services.storage.activities.list(LOCAL_USER_ID, { limit: 1e6, offset: 0 });
  samples = list.items.reduce((s, a) => s + a.sampleCount, 0) - warmSamples;
  handlerMs = Object.fromEntries([...services.events.timings].map(([k, v]) => [k, v.ms]));
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
}
clearInterval(sampler);
const ms = tEnd - t0;
console.log(JSON.stringify({ mode, files: files.length, ok, bytes, samples, ms, peakRssBytes: peak, mainThreadBusy, handlerMs, mainCpuMs: cpu0 && cpu1 ? cpu1.main - cpu0.main : null, otherCpuMs: cpu0 && cpu1 ? cpu1.others - cpu0.others : null }));
