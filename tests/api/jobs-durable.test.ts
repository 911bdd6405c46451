import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { createServices } from '../../server/start.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { multipartBody } from '../helpers/test-app.js';
import type { JobDto } from '../../shared/jobs-api.js';

const H = { 'x-milevault-client': 'test' };

async function open(dataDir: string) {
  const config: ServerConfig = { ...configFromEnv({}), dataDir };
  const services = await createServices(config, 2);
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
