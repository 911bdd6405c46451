import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { createServices } from '../../server/start.js';
import { ANALYSIS_VERSION } from '../../server/domain/analysis/analysis-version.js';
import { openStorage } from '../../server/storage/open-storage.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { multipartBody } from '../helpers/test-app.js';
import type { JobDto } from '../../shared/jobs-api.js';

const H = { 'x-milevault-client': 'test' };

async function open(dataDir: string, beforeStart?: (services: Awaited<ReturnType<typeof createServices>>) => void) {
  const config: ServerConfig = { ...configFromEnv({}), dataDir };
  const services = await createServices(config, 2);
  beforeStart?.(services);
  const app = await buildApp({ config, ...services, version: 'test' });
  await services.imports.resumeUnfinished();
  await services.autoIngest.start();
  return { app, services, close: async () => (await app.close(), await services.close()) };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 40_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function dataDir() {
  const d = mkdtempSync(join(tmpdir(), 'milevault-jobs-'));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** A job kind for the tests: runs until cancelled, or until `release` is called. */
function waitingKind(services: Awaited<ReturnType<typeof open>>['services']) {
  const releases: (() => void)[] = [];
  services.autoIngest.jobs.register({
    kind: 'test-wait',
    concurrency: 1,
    run: (ctx) =>
      new Promise((resolve, reject) => {
        ctx.progress(1, 2, 'waiting');
        const params = ctx.params as { fail?: boolean };
        releases.push(() => (params.fail && ctx.attempt === 1 ? reject(new Error('the first attempt fails')) : resolve({ ok: true, attempt: ctx.attempt })));
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
      }),
  });
  return { release: () => releases.shift()?.() };
}

describe('durable jobs', () => {
  it('a recompute cut short by a shutdown resumes under its own id on the next start', async () => {
    const dir = dataDir();
    let a = await open(dir);
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `r${i}.fit`, bytes: makeFitActivity({ startTime: new Date(Date.UTC(2024, 1, 1 + i, 7)), durationS: 300 }) }));
    const { payload, headers } = multipartBody(files);
    const up = await a.app.inject({ method: 'POST', url: '/api/v1/imports', payload, headers });
    await a.services.imports.waitFor(up.json().id);

    // Stop the process as soon as the recompute has done its first activity.
    let resolveFirst!: () => void;
    const first = new Promise<void>((r) => (resolveFirst = r));
    a.services.autoIngest.bus.subscribe(LOCAL_USER_ID, (e) => {
      const j = e.data as JobDto;
      if (e.type === 'job' && j.kind === 'recompute' && j.status === 'running' && j.done >= 1) resolveFirst();
    });
    const started = a.services.analysis.jobs.start(LOCAL_USER_ID, { mode: 'load' });
    await first;
    await a.close();

    a = await open(dir);
    cleanup.push(() => a.close());
    const done = await until('the resumed recompute', async () => {
      const j = (await a.app.inject({ url: `/api/v1/jobs/${started.id}` })).json() as JobDto;
      return j.status === 'done' && j;
    });
    expect(done.kind).toBe('recompute');
    expect(done.attempt).toBe(2);
    expect(done.done).toBe(6);
    expect(done.total).toBe(6);
    expect(done.params).toEqual({ mode: 'load' });
    // The analysis engine's own view agrees (GET /analysis/jobs/:id).
    expect((await a.services.analysis.jobs.waitFor(started.id))?.status).toBe('done');
  }, 120_000);

  it('a full recompute killed (SIGKILL) mid-way resumes from its checkpoint, not from zero, and rebuilds every record', async () => {
    const dir = dataDir();
    let a = await open(dir);
    const files = Array.from({ length: 14 }, (_, i) => ({ name: `k${i}.fit`, bytes: makeFitActivity({ startTime: new Date(Date.UTC(2024, 2, 1 + i, 7)), durationS: 600 + 60 * i, speedMps: 2.6 + 0.1 * i, withHr: true, withPower: true }) }));
    const { payload, headers } = multipartBody(files);
    await a.services.imports.waitFor((await a.app.inject({ method: 'POST', url: '/api/v1/imports', payload, headers })).json().id);
    const recordsBefore = (await a.app.inject({ url: '/api/v1/records?sport=running' })).json();
    await a.close();

    // A real process on the same data folder, killed without warning once 6 activities are done.
    const root = resolve(import.meta.dirname, '..', '..');
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests', 'helpers', 'recompute-child.ts'), dir, '150'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let jobId = '';
    await new Promise<void>((done, fail) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = JSON.parse(line) as { started?: string; id?: string; done?: number };
        if (m.started) jobId = m.started;
        if (m.id === jobId && (m.done ?? 0) >= 6) {
          child.kill('SIGKILL');
          done();
        }
      });
      void exited.then(() => fail(new Error('the recompute process ended before it was killed')));
    });
    await exited;
    // What the killed process had saved (progress and checkpoint are written at most every 0.5 s).
    const peek = await openStorage({ dataDir: dir });
    const killed = (await peek.jobs.get(LOCAL_USER_ID, jobId))!;
    await peek.close();
    expect(killed.status).toBe('running');
    const saved = JSON.parse(killed.checkpointJson!) as { after: string; done: number };
    expect(saved.done).toBeGreaterThanOrEqual(1);
    expect(saved.done).toBeLessThan(14);

    const seen: JobDto[] = [];
    a = await open(dir, (s) => s.autoIngest.bus.subscribe(LOCAL_USER_ID, (e) => void (e.type === 'job' && (e.data as JobDto).id === jobId && seen.push(e.data as JobDto))));
    cleanup.push(() => a.close());
    const done = await until('the resumed recompute', async () => {
      const j = (await a.app.inject({ url: `/api/v1/jobs/${jobId}` })).json() as JobDto;
      return j.status === 'done' && j;
    });
    expect(done).toMatchObject({ kind: 'recompute', attempt: 2, done: 14, total: 14, params: { mode: 'full' } });
    // The resumed run started at the checkpoint the killed process had saved (≥ 1 activity done), not at 0.
    // The first progress of the resumed run is the saved checkpoint; then one step per activity left.
    const running = seen.filter((j) => j.status === 'running' && j.total > 0).map((j) => j.done);
    expect(running[0]).toBe(saved.done);
    expect(running.at(-1)).toBe(14);
    expect(new Set(running).size).toBe(14 - saved.done + 1);
    // Records cleared by the killed run are all back (the finished activities' efforts were re-read).
    expect((await a.app.inject({ url: '/api/v1/records?sport=running' })).json()).toEqual(recordsBefore);
    expect(await a.services.storage.analysis.staleUsers(ANALYSIS_VERSION)).toEqual([]);
  }, 180_000);

  it('cancel, retry, per-kind concurrency and paged history', async () => {
    const a = await open(dataDir());
    cleanup.push(() => a.close());
    const k = waitingKind(a.services);
    const one = await a.services.autoIngest.jobs.enqueue(LOCAL_USER_ID, 'test-wait', { fail: true });
    const two = await a.services.autoIngest.jobs.enqueue(LOCAL_USER_ID, 'test-wait', {});
    await until('first running', async () => (await a.app.inject({ url: `/api/v1/jobs/${one.id}` })).json().status === 'running');
    expect((await a.app.inject({ url: `/api/v1/jobs/${two.id}` })).json().status).toBe('queued'); // concurrency 1

    // Cancel the queued one: it never starts.
    const c = await a.app.inject({ method: 'POST', url: `/api/v1/jobs/${two.id}/cancel`, headers: H });
    expect(c.json().status).toBe('cancelled');
    // The running one fails on its first attempt.
    k.release();
    await until('first failed', async () => (await a.app.inject({ url: `/api/v1/jobs/${one.id}` })).json().status === 'failed');
    expect((await a.app.inject({ url: `/api/v1/jobs/${one.id}` })).json().error).toBe('the first attempt fails');
    expect((await a.app.inject({ method: 'POST', url: `/api/v1/jobs/${one.id}/cancel`, headers: H })).statusCode).toBe(409);

    const r = await a.app.inject({ method: 'POST', url: `/api/v1/jobs/${one.id}/retry`, headers: H });
    expect(r.statusCode).toBe(202);
    const retry = r.json() as JobDto;
    expect(retry.attempt).toBe(2);
    expect(retry.retryOf).toBe(one.id);
    await until('retry running', async () => (await a.app.inject({ url: `/api/v1/jobs/${retry.id}` })).json().status === 'running');
    k.release();
    const ok = await until('retry done', async () => {
      const j = (await a.app.inject({ url: `/api/v1/jobs/${retry.id}` })).json();
      return j.status === 'done' && j;
    });
    expect(ok.result).toEqual({ ok: true, attempt: 2 });

    // Cancel a running job.
    const three = await a.services.autoIngest.jobs.enqueue(LOCAL_USER_ID, 'test-wait', {});
    await until('third running', async () => (await a.app.inject({ url: `/api/v1/jobs/${three.id}` })).json().status === 'running');
    expect((await a.app.inject({ method: 'POST', url: `/api/v1/jobs/${three.id}/cancel`, headers: H })).json().status).toBe('cancelled');

    const page1 = (await a.app.inject({ url: '/api/v1/jobs?kind=test-wait&limit=2' })).json();
    const page2 = (await a.app.inject({ url: '/api/v1/jobs?kind=test-wait&limit=2&offset=2' })).json();
    expect(page1.total).toBe(4);
    expect(page1.items.map((j: JobDto) => j.id)).toEqual([three.id, retry.id]);
    expect(page2.items.map((j: JobDto) => j.id)).toEqual([two.id, one.id]);
    expect((await a.app.inject({ url: '/api/v1/jobs?limit=0' })).statusCode).toBe(400);
    expect((await a.app.inject({ url: '/api/v1/jobs/nope/retry', method: 'POST', headers: H })).statusCode).toBe(404);
  });

  it('HTTP uploads and backups are rows of the jobs list: progress, cancel, failure', async () => {
    const dir = dataDir();
    const a = await open(dir);
    cleanup.push(() => a.close());
    const fit = (i: number) => ({ name: `u${i}.fit`, bytes: makeFitActivity({ startTime: new Date(Date.UTC(2023, 4, 1, 6, i)), durationS: 900 }) });
    // Two uploads: the second waits behind the first (one import job at a time) and is cancelled.
    const first = multipartBody(Array.from({ length: 30 }, (_, i) => fit(i)));
    const second = multipartBody(Array.from({ length: 5 }, (_, i) => fit(100 + i)));
    const one = (await a.app.inject({ method: 'POST', url: '/api/v1/imports', payload: first.payload, headers: first.headers })).json().id as string;
    const two = (await a.app.inject({ method: 'POST', url: '/api/v1/imports', payload: second.payload, headers: second.headers })).json().id as string;
    const c = await a.app.inject({ method: 'POST', url: `/api/v1/jobs/${two}/cancel`, headers: H });
    expect(c.statusCode).toBe(200);
    await a.services.imports.waitFor(one);
    await a.services.imports.waitFor(two);
    await a.services.autoIngest.jobs.settled();
    const done = (await a.app.inject({ url: `/api/v1/jobs/${one}` })).json() as JobDto;
    expect(done).toMatchObject({ kind: 'import', status: 'done', done: 30, total: 30, params: { files: 30 } });
    expect((await a.app.inject({ url: `/api/v1/jobs/${two}` })).json()).toMatchObject({ kind: 'import', status: 'cancelled' });
    const cancelled = (await a.app.inject({ url: `/api/v1/imports/${two}` })).json();
    expect(cancelled.status).toBe('done'); // ended, so it never resumes
    expect(cancelled.files.every((f: { status: string; error?: string }) => f.status === 'skipped' && f.error === 'cancelled before it was imported')).toBe(true);
    expect((await a.app.inject({ method: 'POST', url: `/api/v1/jobs/${one}/retry`, headers: H })).statusCode).toBe(409);
    // Retrying the cancelled upload imports the files it never started (their staged copies were kept).
    const notStarted = cancelled.files.length;
    const r = await a.app.inject({ method: 'POST', url: `/api/v1/jobs/${two}/retry`, headers: H });
    expect(r.statusCode).toBe(202);
    const again = r.json().id as string;
    expect(again).not.toBe(two);
    await a.services.imports.waitFor(again);
    await a.services.autoIngest.jobs.settled();
    const redone = (await a.app.inject({ url: `/api/v1/imports/${again}` })).json();
    // Every file now has a real result (the fixture's rides start a minute apart, so some are the same workout).
    expect(redone.files).toHaveLength(notStarted);
    for (const f of redone.files as { status: string }[]) expect(['imported', 'duplicate']).toContain(f.status);
    expect(redone.files.some((f: { status: string }) => f.status === 'imported')).toBe(true);
    expect((await a.app.inject({ url: `/api/v1/jobs/${again}` })).json()).toMatchObject({ kind: 'import', status: 'done', done: notStarted, total: notStarted });
    // Nothing is left to retry: a clear 409.
    const twice = await a.app.inject({ method: 'POST', url: `/api/v1/jobs/${two}/retry`, headers: H });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/nothing to retry/);
    const imports = (await a.app.inject({ url: '/api/v1/jobs?kind=import' })).json();
    expect(imports.total).toBe(3);

    // A backup is a job; one that cannot write its file is a failed job with the reason.
    const b = await a.services.backups.start('manual');
    await a.services.backups.idle();
    await until('the backup row', async () => (await a.app.inject({ url: '/api/v1/jobs?kind=backup' })).json().items.find((j: JobDto) => j.status === 'done'));
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    await a.services.backups.updateSettings({ folder: join(dir, 'not-a-folder', 'backups') });
    await a.services.backups.start('manual');
    await a.services.backups.idle();
    const failed = await until('the failed backup row', async () => (await a.app.inject({ url: '/api/v1/jobs?kind=backup&status=failed' })).json().items[0] as JobDto | undefined);
    expect(failed.error).toMatch(/ENOTDIR|not a directory/i);
    const ok = (await a.app.inject({ url: '/api/v1/jobs?kind=backup&status=done' })).json().items[0] as JobDto;
    expect(ok.id.startsWith(b.id)).toBe(true);
    expect((await a.app.inject({ method: 'POST', url: `/api/v1/jobs/${failed.id}/cancel`, headers: H })).statusCode).toBe(409);
  }, 120_000);

  it('a backup that finished but whose journal row still says running is not made again at the next start', async () => {
    const dir = dataDir();
    const a = await open(dir);
    const b = await a.services.backups.start('manual');
    await a.services.backups.idle();
    const row = await until('the done backup row', async () => (await a.app.inject({ url: '/api/v1/jobs?kind=backup&status=done' })).json().items[0] as JobDto | undefined);
    expect(row.id.startsWith(b.id)).toBe(true);
    // The process stopped right after the backup: the row's last write ("done") never landed.
    await a.services.storage.jobs.update(row.id, { status: 'running', finishedAtMs: null, updatedAtMs: Date.now() });
    await a.close();
    const again = await open(dir);
    cleanup.push(() => again.close());
    const fixed = await until('the row marked done again', async () => {
      const j = (await again.app.inject({ url: `/api/v1/jobs/${row.id}` })).json() as JobDto;
      return j.status === 'done' ? j : null;
    });
    expect(fixed.status).toBe('done');
    await again.services.backups.idle();
    const list = await again.services.backups.list();
    expect(list.items).toHaveLength(1);
    expect(list.last?.id).toBe(b.id);
    expect((await again.app.inject({ url: '/api/v1/jobs?kind=backup' })).json().total).toBe(1);
  }, 60_000);

  it('pushes job progress to the UI as server-sent events', async () => {
    const a = await open(dataDir());
    cleanup.push(() => a.close());
    const k = waitingKind(a.services);
    await a.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (a.app.server.address() as { port: number }).port;
    const received: string[] = [];
    const got = new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/v1/events', headers: { accept: 'text/event-stream' } }, (res) => {
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        // Hijacked, yet with the security headers every answer carries.
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          received.push(chunk);
          if (received.join('').includes('"status":"done"')) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', (e) => (received.join('').includes('"status":"done"') ? resolve() : reject(e)));
      req.end();
    });
    await until('subscriber', async () => a.services.autoIngest.bus.listenerCount(LOCAL_USER_ID) > 0);
    await a.services.autoIngest.jobs.enqueue(LOCAL_USER_ID, 'test-wait', {});
    await until('running', async () => received.join('').includes('"message":"waiting"'));
    k.release();
    await got;
    const text = received.join('');
    expect(text).toMatch(/event: job\ndata: \{[^\n]*"kind":"test-wait"[^\n]*"status":"queued"/);
    expect(text).toMatch(/event: job\ndata: \{[^\n]*"status":"running"[^\n]*"done":1,"total":2/);
    expect(text).toMatch(/event: job\ndata: \{[^\n]*"status":"done"/);
  });
});
