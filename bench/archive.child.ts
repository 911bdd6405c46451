/**
 * One archive import in a fresh process, so peak RSS belongs to that run alone.
 * Args: --zip FILE. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_USER_ID } from '../server/plugins/auth.js';
import { createServices } from '../server/start.js';

const args = process.argv.slice(2);
const zip = args[args.indexOf('--zip') + 1];

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const dataDir = mkdtempSync(join(tmpdir(), 'milevault-bench-archive-'));
const services = await createServices({ dataDir, maxUploadBytes: 1 << 30 });
await Promise.all(Array.from({ length: services.pool.size * 2 }, () => services.pool.parse(new Uint8Array(16), 'warmup.fit')));
const t0 = performance.now();
const jobId = await services.imports.createJobFromPaths(LOCAL_USER_ID, [zip]);
await services.imports.waitFor(jobId);
const ms = performance.now() - t0;
const job = (await services.storage.imports.get(LOCAL_USER_ID, jobId))!;
const count = (s: string) => job.files.filter((f) => f.status === s).length;
const list = await services.storage.activities.list(LOCAL_USER_ID, { limit: 1, offset: 0 });
await services.close();
rmSync(dataDir, { recursive: true, force: true });
clearInterval(sampler);
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
console.log(JSON.stringify({ ms, peakRssBytes: peak, members: job.files.length - 1, imported: count('imported') - 1, failed: count('failed'), activities: list.total }));
