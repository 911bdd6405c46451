import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
const dist = new URL('../dist/server/', import.meta.url);
const { parseFile } = await import(new URL('ingest/parse-file.js', dist).href);
const { prepareResult } = await import(new URL('services/prepare-result.js', dist).href);
const dir = process.argv[2];
const list = (d) => readdirSync(d).flatMap((e) => { const p = join(d, e); return statSync(p).isDirectory() ? list(p) : [p]; });
const files = list(dir).map((f) => [f, readFileSync(f)]);
const ctx = { thresholds: [], thresholdsKey: '[]' };
const stage = process.argv[3] ?? 'all';
const passes = Number(process.argv[4] ?? 4);
const per = new Map();
for (let pass = 0; pass < passes; pass++) {
  const t0 = performance.now();
  for (const [f, b] of files) {
    const t1 = performance.now();
    const p = parseFile(new Uint8Array(b), f);
    if (stage !== 'parse') prepareResult(p, ctx);
    if (pass === passes - 1) per.set(f, performance.now() - t1);
  }
  console.log(stage, 'pass', pass, ((performance.now() - t0) / files.length).toFixed(3), 'ms/file', (performance.now() - t0).toFixed(0), 'ms total');
}
if (process.argv[5]) for (const [f, ms] of [...per].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(ms.toFixed(1).padStart(7), f.replace(dir, ''));
