/**
 * Memory on hostile or huge uploads (issue 12, defect 5). A real server runs in a child process so
 * its resident memory is measured alone: Linux's VmHWM (peak RSS) is read when the input's job is
 * done. Inputs are generated
 * on disk and streamed to the server, never held in this process's memory. Each input gets a fresh
 * server, so what one input leaves behind does not count against the next. Sizes are cut to CI
 * time from the (a 600 MB file; four 60 MB files in one request instead of four of 500 MB,
 * which are now refused unread like the 600 MB one; 10,000 tiny members instead of 100,000; 10 gzip
 * bombs of 256 MB each; 1,000 members of 1 MB zeros instead of 3,000); the mechanisms are the same.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, ftruncateSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFileDto } from '../../shared/api.js';

/**
 * Growth of the server's peak RSS over its RSS before the upload. Bounded handling measures
 * +15 to +140 MB alone (the 96 MB in-flight budget plus worker and allocator slack) and up to
 * +181 MB with another test file running beside it (npm test runs two workers; collection lags);
 * before the bounds it reached +470 to +1,190 MB. A growth limit, not an absolute one, so new
 * modules in the server's baseline do not move it.
 */
const GROWTH_LIMIT_MB = 240;
/** A poll of a running job answers with counts and one bounded page of files. */
const JOB_JSON_LIMIT = 256 * 1024;
const root = resolve(__dirname, '..', '..');
const canMeasure = process.platform === 'linux' && existsSync('/proc/self/status');

interface JobPage {
  status: string;
  done: number;
  total: number;
  counts?: Record<string, number>;
  files: ImportFileDto[];
}

let work = '';
let child: ChildProcess | undefined;
let base = '';

function statusKb(field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${child!.pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function writeZip(path: string, add: (zip: yazl.ZipFile) => void): Promise<void> {
  const zip = new yazl.ZipFile();
  add(zip);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}

/** gzip of `bytes` zeros, written in 1 MB chunks (never whole in memory). */
async function gzipOfZeros(bytes: number): Promise<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024);
  let left = bytes;
  const src = new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
  const out: Buffer[] = [];
  const gz = createGzip({ level: 1 });
  gz.on('data', (c: Buffer) => out.push(c));
  await pipeline(src, gz);
  return Buffer.concat(out);
}

/** POST /imports with one part per file, each streamed from disk. */
async function upload(parts: { path: string; name: string }[]): Promise<string> {
  const boundary = `----mem${Math.random().toString(16).slice(2)}`;
  const heads = parts.map((p, i) => Buffer.from(`${i ? '\r\n' : ''}--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${p.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = parts.reduce((n, p, i) => n + heads[i].length + statSync(p.path).size, tail.length);
  const url = new URL('/api/v1/imports', base);
  const body = await new Promise<string>((ok, fail) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length, 'x-milevault-client': 'memory-test' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => (res.statusCode === 202 ? ok(text) : fail(new Error(`upload answered ${res.statusCode}: ${text}`))));
    });
    req.on('error', fail);
    void (async () => {
      for (const [i, p] of parts.entries()) {
        req.write(heads[i]);
        await pipeline(createReadStream(p.path), new Writable({ write: (c, _e, done) => (req.write(c) ? done() : req.once('drain', () => done())) }));
      }
      req.end(tail);
    })().catch(fail);
  });
  return (JSON.parse(body) as { id: string }).id;
}

async function getJson(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(new URL(path, base));
  return { status: res.status, text: await res.text() };
}

/** Polls the job until done; returns the final page and the largest poll answer in bytes. */
async function waitForJob(id: string): Promise<{ job: JobPage; largestPoll: number }> {
  let largestPoll = 0;
  for (;;) {
    const { status, text } = await getJson(`/api/v1/imports/${id}`);
    expect(status).toBe(200);
    largestPoll = Math.max(largestPoll, Buffer.byteLength(text));
    const job = JSON.parse(text) as JobPage;
    if (job.status === 'done') return { job, largestPoll };
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Every row of a finished job, read page by page. */
async function allFiles(id: string, total: number): Promise<ImportFileDto[]> {
  const out: ImportFileDto[] = [];
  while (out.length < total) {
    const { text } = await getJson(`/api/v1/imports/${id}?offset=${out.length}&limit=1000`);
    const page = JSON.parse(text) as JobPage;
    if (!page.files.length) break;
    out.push(...page.files);
  }
  return out;
}

/** A fresh server on its own data folder: built from source with tsx, alone in its process. */
async function startServer(): Promise<void> {
  await stopServer();
  const dataDir = mkdtempSync(join(work, 'data-'));
  child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MILEVAULT_DATA_DIR: dataDir, MILEVAULT_MAX_UPLOAD_MB: '2048', MILEVAULT_AUTH_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = child;
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  base = await new Promise<string>((ok, fail) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /serving UI and API at (http:\/\/\S+)/.exec(out);
      if (m) {
        proc.stdout!.off('data', onData);
        proc.stdout!.resume();
        ok(m[1]);
      }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => fail(new Error(`server exited (${code}): ${err}`)));
  });
}

async function stopServer(): Promise<void> {
  const proc = child;
  child = undefined;
  if (!proc || proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await Promise.race([once(proc, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
  if (proc.exitCode === null) proc.kill('SIGKILL');
}

/** Uploads one input, waits for its job, prints and checks peak RSS and the results. */
async function measure(label: string, parts: { path: string; name: string }[]) {
  await startServer();
  const before = statusKb('VmRSS');
  const id = await upload(parts);
  const { job, largestPoll } = await waitForJob(id);
  const peakMb = statusKb('VmHWM') / 1024;
  // Memory goes back after the job: give the allocator a moment, then read RSS.
  await new Promise((r) => setTimeout(r, 1500));
  const afterMb = statusKb('VmRSS') / 1024;
  console.log(`[upload-memory] ${label}: peak RSS ${peakMb.toFixed(0)} MB (before ${(before / 1024).toFixed(0)} MB, after job ${afterMb.toFixed(0)} MB), ${job.total} rows, largest poll ${(largestPoll / 1024).toFixed(1)} KB`);
  const files = await allFiles(id, job.total);
  expect(files).toHaveLength(job.total);
  for (const f of files) {
    expect(f.status, f.name).not.toBe('pending');
    if (f.status === 'failed' || f.status === 'skipped') expect(f.error, f.name).toMatch(/\w{3}/);
  }
  expect(job.counts?.pending ?? 0).toBe(0);
  expect(largestPoll).toBeLessThan(JOB_JSON_LIMIT);
  expect(peakMb - before / 1024).toBeLessThan(GROWTH_LIMIT_MB);
  // The server still answers.
  expect((await getJson('/api/v1/health')).status).toBe(200);
  return { files, job };
}

describe.skipIf(!canMeasure)('memory on hostile and huge uploads (child server, peak RSS)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'milevault-mem-'));
    // 600 MB of zeros, sparse on disk, named like an activity.
    const huge = openSync(join(work, 'huge.fit'), 'w');
    ftruncateSync(huge, 600 * 1024 * 1024);
    closeSync(huge);
    // Four files of 60 MB (under the 64 MB analysis bound, so each is decoded), sparse, each different.
    for (let i = 0; i < 4; i++) {
      const mid = openSync(join(work, `mid-${i}.fit`), 'w');
      writeSync(mid, Buffer.from([i + 1]), 0, 1, 0);
      ftruncateSync(mid, 60 * 1024 * 1024);
      closeSync(mid);
    }
    // 10,000 tiny members that are not activities.
    await writeZip(join(work, 'tiny.zip'), (zip) => {
      for (let i = 0; i < 10_000; i++) zip.addBuffer(Buffer.from(`not an activity ${i}`), `t/${String(i).padStart(5, '0')}.fit`, { compress: false, mtime: new Date(0) });
    });
    // 10 gzip bombs (256 MB of zeros each, 4× the analysis cap), different bytes so none is a duplicate.
    const bomb = await gzipOfZeros(256 * 1024 * 1024);
    await writeZip(join(work, 'bombs.zip'), (zip) => {
      for (let i = 0; i < 10; i++) {
        const b = Buffer.from(bomb);
        b.writeUInt32LE(i + 1, 4); // gzip header MTIME: changes the file, not what it inflates to
        zip.addBuffer(b, `bombs/bomb-${i}.fit.gz`, { compress: false, mtime: new Date(0) });
      }
    });
    // 1,000 members of 1 MB (10^6 bytes) of zeros, each different in its first bytes.
    await writeZip(join(work, 'zeros.zip'), (zip) => {
      for (let i = 0; i < 1000; i++) {
        const b = Buffer.alloc(1_000_000);
        b.writeUInt32LE(i + 1, 0);
        zip.addBuffer(b, `z/${String(i).padStart(4, '0')}.fit`, { mtime: new Date(0) });
      }
    });
  }, 120_000);

  afterAll(async () => {
    await stopServer();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('a 600 MB file: kept as the original, reported as too large to analyse, never read whole', async () => {
    const { files } = await measure('600 MB file of zeros', [{ path: join(work, 'huge.fit'), name: 'huge.fit' }]);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/too large to analyse/) });
  }, 120_000);

  it('four 60 MB files in one request: decoded one budget-full at a time, not all at once', async () => {
    const parts = [0, 1, 2, 3].map((i) => ({ path: join(work, `mid-${i}.fit`), name: `mid-${i}.fit` }));
    const { files } = await measure('4 × 60 MB files in one request', parts);
    expect(files).toHaveLength(4);
    for (const f of files) expect(f.status).toBe('failed');
  }, 120_000);

  it('a zip of 10,000 tiny members: every member answered, polls stay small', async () => {
    const { files } = await measure('zip of 10,000 tiny members', [{ path: join(work, 'tiny.zip'), name: 'tiny.zip' }]);
    expect(files.filter((f) => f.name.startsWith('tiny.zip › '))).toHaveLength(10_000);
  }, 120_000);

  it('a zip of 10 gzip bombs: each member refused with a reason', async () => {
    const { files } = await measure('zip of 10 gzip bombs (256 MB each)', [{ path: join(work, 'bombs.zip'), name: 'bombs.zip' }]);
    const members = files.filter((f) => f.name.startsWith('bombs.zip › '));
    expect(members).toHaveLength(10);
    for (const m of members) expect(m.status).toBe('failed');
  }, 120_000);

  it('a zip of 1,000 members of 1 MB zeros: bounded, each member answered', async () => {
    const { files } = await measure('zip of 1,000 × 1 MB zero members', [{ path: join(work, 'zeros.zip'), name: 'zeros.zip' }]);
    const members = files.filter((f) => f.name.startsWith('zeros.zip › '));
    expect(members).toHaveLength(1000);
    // 10^6 zeros deflate ~1000×: refused by the ratio limit before being inflated at all.
    for (const m of members) expect(m).toMatchObject({ status: 'failed', error: expect.stringMatching(/like a zip bomb/) });
  }, 120_000);
});
