/**
 * Issue 14: /metrics scraped and parsed (Prometheus text format 0.0.4): latency histograms by the
 * matched route (never the raw URL), import queue, files, job durations, parse workers, DB pool,
 * event-loop lag; server mode needs the metrics token; x-request-id on every answer and in logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A small parser of the exposition format: `# HELP`, `# TYPE`, and `name{l="v",…} value` lines. */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const t = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (t) {
      types.set(t[1], t[2]);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    // Go's ParseFloat, which Prometheus uses, takes NaN and Inf in any case.
    const value = /^\+?inf$/i.test(m[3]) ? Infinity : /^-inf$/i.test(m[3]) ? -Infinity : /^nan$/i.test(m[3]) ? NaN : Number(m[3]);
    if (Number.isNaN(value) && !/^nan$/i.test(m[3])) throw new Error(`bad value: ${line}`);
    samples.push({ name: m[1], labels, value });
  }
  return { types, samples };
}

describe('/metrics (local mode)', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({}, { logger: { stream: { write: (l: string) => void lines.push(l) } } });
  }, 60_000);
  afterAll(() => t.close());

  it('exposes latency by matched route, import counters, workers, pool and event-loop lag', async () => {
    const job = await t.importAndWait([{ name: 'a.fit', bytes: makeFitActivity({ durationS: 600 }) }]);
    const id = job.files[0].activityId!;
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ url: `/api/v1/activities/${id}` })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/activities/nope-not-here' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/no-such-route' })).statusCode).toBe(404);
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parseExposition(res.body);
    expect(types.get('milevault_http_request_duration_seconds')).toBe('histogram');
    const count = (route: string, status: string) =>
      samples.find((s) => s.name === 'milevault_http_request_duration_seconds_count' && s.labels.route === route && s.labels.status_code === status)?.value ?? 0;
    expect(count('/api/v1/activities/:id', '200')).toBe(3);
    expect(count('/api/v1/activities/:id', '404')).toBe(1);
    expect(count('unmatched', '404')).toBe(1);
    // Never a series per raw URL (ids would grow the series without bound).
    expect(samples.some((s) => s.labels.route?.includes(id))).toBe(false);
    const one = (name: string, labels: Record<string, string> = {}) => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(one('milevault_import_files_total')).toBe(1);
    expect(one('milevault_import_job_duration_seconds_count')).toBe(1);
    expect(one('milevault_import_queue_depth')).toBe(0);
    expect(one('milevault_parse_worker_restarts_total')).toBe(0);
    expect(one('milevault_parse_workers')).toBe(2);
    expect(one('milevault_db_pool_connections', { state: 'total' })).toBe(1);
    expect(one('milevault_event_loop_lag_seconds', { quantile: '0.99' })).toBeGreaterThanOrEqual(0);
    expect(one('milevault_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('returns x-request-id on every answer, keeps a sane incoming one, and logs it', async () => {
    const a = await t.app.inject({ url: '/api/v1/health' });
    const b = await t.app.inject({ url: '/api/v1/health' });
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    const mine = await t.app.inject({ url: '/api/v1/nope', headers: { 'x-request-id': 'proxy-abc.123' } });
    expect(mine.statusCode).toBe(404);
    expect(mine.headers['x-request-id']).toBe('proxy-abc.123');
    const evil = await t.app.inject({ url: '/api/v1/health', headers: { 'x-request-id': 'a b\u0000<script>' } });
    expect(evil.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((l) => (JSON.parse(l) as { reqId?: string }).reqId === 'proxy-abc.123')).toBe(true);
  });
});

describe('/metrics (server mode)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ mode: 'server', metricsToken: 'm'.repeat(40) });
  }, 60_000);
  afterAll(() => t.close());

  it('needs the metrics bearer token', async () => {
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${'x'.repeat(40)}` } })).statusCode).toBe(401);
    const ok = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${'m'.repeat(40)}` } });
    expect(ok.statusCode).toBe(200);
    expect(parseExposition(ok.body).types.get('milevault_http_request_duration_seconds')).toBe('histogram');
  });
});
