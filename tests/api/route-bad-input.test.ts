import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { blockMeter } from '../helpers/block-meter.js';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { createServices } from '../../server/start.js';
import { RENDERER_DIR } from '../helpers/e2e.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { buildAppWithRouteTable, type RouteEntry } from '../helpers/route-table.js';
import { multipartBody } from '../helpers/test-app.js';

/**
 * Route-table bad-input suite (issue 12): every route Fastify registers gets schema-derived bad
 * values (wrong types, NaN, ±Infinity, 1e309, 100k-char strings, lone surrogates, NUL, path
 * traversal, far-past/far-future and impossible dates) in each querystring/params/body property.
 * Nothing may answer 5xx, every non-2xx answer is exactly `{ error: { code, message } }`, and the
 * event loop is never blocked for more than a second (the old /fitness?to=9999-12-31 walked days
 * until Node died). A route added later is enumerated from Fastify and covered without edits here.
 */

type Json = Record<string, unknown>;
type Schema = { type?: string | string[]; properties?: Record<string, Json>; required?: string[]; enum?: unknown[]; anyOf?: Json[]; minimum?: number; minItems?: number; items?: Json; pattern?: string };

/** Routes the app registers today is ~65; a floor well under it catches an enumeration that went empty. */
const MIN_ROUTES = 40;
const MAX_LAG_MS = 1000;
const CLIENT = { 'x-milevault-client': 'route-bad-input' };
const HUGE = 'x'.repeat(100_000);

/** Raw querystring/path values, already percent-encoded where they need to be. */
const BAD_URL_VALUES: string[] = [
  '',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '1e23',
  '-1',
  '0',
  '1.5',
  '0x10',
  'true',
  'null',
  '%5B%5D',
  HUGE,
  '%ED%A0%80', // UTF-8 bytes of the lone surrogate U+D800 (not valid UTF-8)
  '%E0%A4%A', // truncated percent-encoding
  '%00',
  'a%00b',
  encodeURIComponent('../../etc/passwd'),
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '0000-00-00',
  '9999-12-31',
  '5000-01-01',
  '2021-02-31',
  '2020-13-45',
  '-271821-04-20',
  '%2B275760-09-13',
  '1900-01-01',
  '2200-12-31',
  '9999-12',
  '0000-00',
  encodeURIComponent('<script>alert(1)</script>'),
];

/** Raw JSON texts put as one property's value (1e309 parses to Infinity; NaN is not JSON at all). */
const BAD_JSON_VALUES: string[] = [
  'null',
  'true',
  'false',
  '-1',
  '0',
  '1.5',
  '1e308',
  '1e309',
  '-1e309',
  '123456789012345678901234567890',
  'NaN',
  '"NaN"',
  '"Infinity"',
  '"1e309"',
  '""',
  JSON.stringify(HUGE),
  '"\\ud800"',
  '"\\udfff\\ud800"',
  '"a\\u0000b"',
  '"../../etc/passwd"',
  '"0000-00-00"',
  '"9999-12-31"',
  '"5000-01-01"',
  '"2021-02-31"',
  '"2020-13-45"',
  '[]',
  '{}',
  '[' + '"x",'.repeat(20_000) + '"x"]',
  '['.repeat(2000) + ']'.repeat(2000),
  '{"__proto__":{"polluted":true}}',
];

/** Whole bodies: none, empty, not an object, not JSON, another content type. */
const BAD_BODIES: { payload?: string; type?: string }[] = [
  {},
  { payload: '', type: 'application/json' },
  { payload: 'null', type: 'application/json' },
  { payload: '[]', type: 'application/json' },
  { payload: '"text"', type: 'application/json' },
  { payload: '1e309', type: 'application/json' },
  { payload: '{', type: 'application/json' },
  { payload: '{"a":NaN}', type: 'application/json' },
  { payload: '{}', type: 'application/json' },
  { payload: '{"unknown":"\\ud800"}', type: 'application/json' },
  { payload: HUGE, type: 'text/plain' },
  { payload: 'a=1&b=%00', type: 'application/x-www-form-urlencoded' },
  { payload: '{}', type: 'application/json; charset=utf-16' },
  { payload: '\u0000\u0001', type: 'application/octet-stream' },
];

const DATE_RANGES: [string, string][] = [
  ['1900-01-01', '2200-12-31'],
  ['2200-12-31', '1900-01-01'],
  ['5000-01-01', '9999-12-31'],
  ['0000-00-00', '9999-12-31'],
  ['1900-01-01', '1929-12-31'],
  ['2024-01-01', '2023-12-31'],
];

function bodySchemaOf(route: RouteEntry): Schema | undefined {
  const body = route.schema?.body as (Schema & { content?: Record<string, { schema: Schema }> }) | undefined;
  return body?.content?.['application/json']?.schema ?? body;
}

/** The same error body for every non-2xx answer. */
function expectErrorShape(res: LightMyRequestResponse, label: string) {
  let body: unknown;
  try {
    body = res.json();
  } catch {
    throw new Error(`${label}: ${res.statusCode} is not JSON: ${res.body.slice(0, 200)}`);
  }
  expect(Object.keys(body as object), `${label}: ${res.body.slice(0, 300)}`).toEqual(['error']);
  const error = (body as { error: Json }).error;
  expect(Object.keys(error).sort(), label).toEqual(['code', 'message']);
  expect(error.code, label).toMatch(/^[a-z][a-z0-9_]*$/);
  expect(typeof error.message, label).toBe('string');
}

describe('route-table bad-input suite (every route, schema-derived bad values)', () => {
  let app: FastifyInstance;
  let routes: RouteEntry[];
  let services: Awaited<ReturnType<typeof createServices>>;
  let dataDir: string;
  let activityId: string;
  let apiKey: string;
  let lag: IntervalHistogram;
  let cases = 0;
  const failures: string[] = [];
  const slow: [number, string][] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'milevault-bad-input-'));
    const config: ServerConfig = { ...configFromEnv({}), dataDir };
    services = await createServices(config, 2);
    const rendererDir = existsSync(join(RENDERER_DIR, 'index.html')) ? RENDERER_DIR : undefined;
    ({ app, routes } = await buildAppWithRouteTable({ config, ...services, version: 'test', rendererDir }));
    // One real activity, so /activities/:id/... routes reach their services with the bad query/body.
    const { payload, headers } = multipartBody([{ name: 'run.fit', bytes: makeFitActivity({ durationS: 1200, startTime: new Date('2024-05-06T07:00:00Z') }) }]);
    const up = await app.inject({ method: 'POST', url: '/api/v1/imports', payload, headers: { ...headers, ...CLIENT } });
    expect(up.statusCode, up.body).toBe(202);
    await services.imports.waitFor(up.json().id);
    const job = (await app.inject({ url: `/api/v1/imports/${up.json().id}` })).json();
    activityId = job.files[0].activityId;
    expect(activityId).toBeTruthy();
    const key = await app.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'suite' }, headers: CLIENT });
    apiKey = key.json().key;
  });
  afterAll(async () => {
    await app?.close();
    await services?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A plausible valid value for a property, so one bad property at a time reaches deep. */
  function validValue(name: string, s: Json): unknown {
    const schema = s as Schema;
    if (schema.anyOf) return validValue(name, schema.anyOf[0]);
    if (schema.enum) return schema.enum[0];
    if (/^(from|to|validFrom)$/.test(name)) return '2024-05-06';
    if (name === 'month') return '2024-05';
    if (/id$/i.test(name)) return activityId;
    if (name === 'activityIds' || name === 'ids') return name === 'ids' ? activityId : [activityId];
    if (name === 'sha256') return 'a'.repeat(64);
    if (name === 'metric') return 'restingHrBpm';
    if (name === 'endOffsetS') return 600;
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    switch (type) {
      case 'integer':
      case 'number':
        return Math.max(schema.minimum ?? 1, 1);
      case 'boolean':
        return true;
      case 'array':
        return schema.minItems ? [validValue(name, schema.items ?? { type: 'string' })] : [];
      case 'object':
        return {};
      default:
        return name === 'sport' || name === 'subSport' ? 'running' : 'x';
    }
  }

  /** Params from the URL pattern, valid unless overridden: the real activity id, tile 1/0/0… */
  function fillParams(route: RouteEntry, override: Record<string, string> = {}): string {
    const props = ((route.schema?.params as Schema | undefined)?.properties ?? {}) as Record<string, Json>;
    return route.url
      .replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, (_m, name: string) => {
        if (name in override) return override[name];
        if (name === 'z') return '1';
        if (name === 'x' || name === 'y') return '0';
        return encodeURIComponent(String(validValue(name, props[name] ?? { type: 'string' })));
      })
      .replace(/\*$/, override['*'] ?? 'index.html');
  }

  async function send(route: RouteEntry, label: string, opts: Omit<InjectOptions, 'method'>) {
    cases++;
    // Between two requests a real server passes through the event loop's timer phase; inject
    // chained on promises would not, and two legitimately slow requests in a row (argon2id for an
    // API key is ~0.1–0.4 s of WASM on this thread) would read as one long block.
    await new Promise((r) => setImmediate(r));
    const headers: Record<string, string> = { ...CLIENT, ...((opts.headers as Record<string, string>) ?? {}) };
    if (route.url.startsWith('/api/v1/ingest/')) headers.authorization = `Bearer ${apiKey}`;
    let res: LightMyRequestResponse;
    const t0 = performance.now();
    try {
      res = await app.inject({ ...opts, method: route.method as InjectOptions['method'], headers });
      slow.push([performance.now() - t0, label.slice(0, 120)]);
      slow.sort((a, b) => b[0] - a[0]);
      slow.length = Math.min(slow.length, 5);
    } catch (e) {
      failures.push(`${label}: inject threw ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    // 502 `*_unavailable`: a service on the internet (Garmin Connect) cannot be reached from here,
    // said plainly; any other 5xx is a defect.
    const upstream = res.statusCode === 502 && /"code":"[a-z_]+_unavailable"/.test(res.body);
    if (res.statusCode >= 500 && !upstream) failures.push(`${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    // The interactive API reference (Swagger UI's HTML and assets, public, no data) redirects
    // between its own pages; only the JSON API owes the error shape.
    else if (res.statusCode < 400 && route.url.startsWith('/api/docs') && res.headers.location) return;
    else if (res.statusCode >= 300) {
      try {
        expectErrorShape(res, label);
      } catch (e) {
        failures.push(e instanceof Error ? e.message.split('\n')[0] : String(e));
      }
    }
  }

  it('covers every registered route without a 5xx, with the documented error shape, never blocking the loop', async () => {
    expect(routes.length).toBeGreaterThan(MIN_ROUTES);
    lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    // Blocking = lateness this process spent running (tests/helpers/block-meter.ts), so a CI
    // machine that starves the test process is not mistaken for a handler blocking the loop.
    const meter = blockMeter();
    let maxDrift = 0;
    let maxBlocked = 0;
    try {
      for (const route of routes) {
        const name = `${route.method} ${route.url}`;
        const params = (route.schema?.params as Schema | undefined)?.properties ?? {};
        const query = (route.schema?.querystring as Schema | undefined)?.properties ?? {};
        const body = bodySchemaOf(route);
        const hasBody = route.method !== 'GET' && route.method !== 'DELETE';

        // Path parameters (from the schema, or from the URL pattern when there is none).
        const paramNames = Object.keys(params).length ? Object.keys(params) : [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
        if (route.url.endsWith('*')) paramNames.push('*');
        for (const p of paramNames) {
          for (const v of BAD_URL_VALUES) {
            if (v === '') continue; // an empty segment is another route
            await send(route, `${name} param ${p}=${v.slice(0, 30)}`, { url: fillParams(route, { [p]: v }) });
          }
        }

        // Query properties one at a time, an unknown one, a repeated one, and date ranges.
        const base = fillParams(route);
        for (const q of [...Object.keys(query), 'unknownParam']) {
          for (const v of BAD_URL_VALUES) await send(route, `${name} ?${q}=${v.slice(0, 30)}`, { url: `${base}?${q}=${v}` });
          await send(route, `${name} ?${q} twice`, { url: `${base}?${q}=1&${q}=2` });
        }
        if ('from' in query || 'to' in query || !route.schema) {
          for (const [from, to] of DATE_RANGES) await send(route, `${name} ?from=${from}&to=${to}`, { url: `${base}?from=${from}&to=${to}` });
          for (const d of ['9999-12-31', '5000-01-01', '0000-00-00', '2021-02-31']) {
            await send(route, `${name} ?to=${d}`, { url: `${base}?to=${d}` });
            await send(route, `${name} ?from=${d}`, { url: `${base}?from=${d}` });
          }
        }
        if (!route.schema) {
          // Routes with no schema: the generic bad params they must ignore or refuse cleanly.
          for (const v of ['1e309', 'Infinity', 'NaN', '%00', '%ED%A0%80', HUGE]) await send(route, `${name} ?limit=${v.slice(0, 20)}`, { url: `${base}?limit=${v}&offset=${v}&id=${v}` });
        }

        if (!hasBody) continue;
        for (const b of BAD_BODIES) {
          await send(route, `${name} body ${b.type ?? 'none'} ${String(b.payload).slice(0, 20)}`, {
            url: base,
            ...(b.payload === undefined ? {} : { payload: b.payload, headers: { 'content-type': b.type! } }),
          });
        }
        const props = body?.properties ?? {};
        for (const p of Object.keys(props)) {
          const others = Object.entries(props)
            .filter(([k]) => k !== p && (body?.required ?? []).includes(k))
            .map(([k, s]) => `${JSON.stringify(k)}:${JSON.stringify(validValue(k, s))}`);
          for (const v of BAD_JSON_VALUES) {
            const payload = `{${[...others, `${JSON.stringify(p)}:${v}`].join(',')}}`;
            await send(route, `${name} body.${p}=${v.slice(0, 30)}`, { url: base, payload, headers: { 'content-type': 'application/json' } });
          }
        }
      }
    } finally {
      ({ maxLateMs: maxDrift, maxBlockedMs: maxBlocked } = meter.stop());
      lag.disable();
    }
    const maxLagMs = lag.max / 1e6;
    console.log(`[route-bad-input] ${routes.length} routes covered, ${cases} bad-input cases sent; max event-loop delay ${maxLagMs.toFixed(0)} ms (timer late ${maxDrift.toFixed(0)} ms, of which blocked ${maxBlocked.toFixed(0)} ms)`);
    console.log(`[route-bad-input] slowest cases:\n${slow.map(([ms, l]) => `  ${ms.toFixed(0)} ms ${l}`).join('\n')}`);
    expect(failures.slice(0, 30), `${failures.length} failing cases`).toEqual([]);
    expect(maxBlocked).toBeLessThan(MAX_LAG_MS);
  });
});

/**
 * The exact inputs of issue 12, defects 2 and 4, each of which answered 500 (or hung, or silently
 * answered for another date) before the fix.
 */
describe('issue 12 bad-input regressions', () => {
  let app: FastifyInstance;
  let services: Awaited<ReturnType<typeof createServices>>;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'milevault-bad-input-'));
    const config: ServerConfig = { ...configFromEnv({}), dataDir };
    services = await createServices(config, 2);
    app = await buildApp({ config, ...services, version: 'test' });
    // A route that hits a real unique-key violation in the database, as a race of two creates does.
    app.post('/api/v1/__test/duplicate-gear', async (req) => {
      await services.storage.gear.create(req.userId, { name: 'Twin' });
      await services.storage.gear.create(req.userId, { name: 'Twin' });
      return { ok: true };
    });
    app.get('/api/v1/__test/sqlite-mismatch', async () => {
      // A real SQLITE_MISMATCH, as `LIMIT Infinity` produced before the schema refused it.
      await services.storage.activities.list('nobody', { limit: Infinity, offset: 0 } as never);
      return { ok: true };
    });
  });
  afterAll(async () => {
    await app?.close();
    await services?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (url: string) => app.inject({ url });
  async function expect400(url: string, opts: Partial<InjectOptions> = {}) {
    const res = await app.inject({ url, ...opts } as InjectOptions);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
    expectErrorShape(res, url);
    return res.json().error as { code: string; message: string };
  }

  it('defect 4: limit=1e309, offset=1e23, insights limit=Infinity are 400, not SQLITE_MISMATCH 500s', async () => {
    await expect400('/api/v1/activities?limit=1e309');
    await expect400('/api/v1/activities?offset=1e23');
    await expect400('/api/v1/insights?limit=Infinity');
    await expect400('/api/v1/activities?limit=-Infinity');
    // Valid paging still works.
    expect((await get('/api/v1/activities?limit=500&offset=0')).statusCode).toBe(200);
  });

  it('defect 4: impossible /fitness dates are 400, and 2021-02-31 no longer becomes March', async () => {
    await expect400('/api/v1/fitness?from=0000-00-00');
    await expect400('/api/v1/fitness?to=2020-13-45');
    await expect400('/api/v1/fitness?from=2021-02-31&to=2021-03-02');
    await expect400('/api/v1/activities?from=2021-02-31');
    await expect400('/api/v1/health/daily?from=2021-02-29&to=2021-03-01');
    await expect400('/api/v1/calendar?month=0000-01');
    const ok = await get('/api/v1/fitness?from=2020-02-28&to=2020-03-01');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items.map((r: { date: string }) => r.date)).toEqual(['2020-02-28', '2020-02-29', '2020-03-01']);
  });

  it('defect 2: far-future /fitness ranges answer 400 at once instead of walking days until Node dies', async () => {
    const meter = blockMeter();
    for (const q of ['to=9999-12-31', 'to=5000-01-01', 'from=1900-01-01&to=9999-12-31', 'from=2200-12-31&to=1900-01-01', 'from=1900-01-01&to=2200-12-31', 'from=1900-01-01']) {
      const e = await expect400(`/api/v1/fitness?${q}`);
      expect(e.code).toBe('bad_request');
    }
    // The largest range allowed is answered, and a far-future `to` alone walks at most to 2200.
    const far = await get('/api/v1/fitness?to=2200-12-31');
    expect(far.statusCode).toBe(200);
    expect(far.json().items.at(-1).date).toBe('2200-12-31');
    expect((await get('/api/v1/fitness?from=1971-01-01&to=2000-12-31')).statusCode).toBe(200);
    expect(meter.stop().maxBlockedMs).toBeLessThan(MAX_LAG_MS);
  });

  it('defect 4: POST /segments with no body is a 400', async () => {
    await expect400('/api/v1/segments', { method: 'POST', headers: CLIENT });
    await expect400('/api/v1/segments', { method: 'POST', headers: { ...CLIENT, 'content-type': 'text/plain' }, payload: 'hello' });
    await expect400('/api/v1/segments', { method: 'POST', headers: { 'content-type': 'application/json' }, payload: 'null' });
  });

  it('defect 4: a lone surrogate is refused with 400 every time and nothing is stored', async () => {
    const payload = '{"name":"\\ud800"}';
    for (let i = 0; i < 2; i++) await expect400('/api/v1/gear', { method: 'POST', headers: { 'content-type': 'application/json' }, payload });
    await expect400('/api/v1/gear', { method: 'POST', headers: { 'content-type': 'application/json' }, payload: '{"name":"a\\u0000b"}' });
    expect((await get('/api/v1/gear')).json()).toEqual([]);
    // A valid astral character (a surrogate pair) is text and is stored as sent.
    const ok = await app.inject({ method: 'POST', url: '/api/v1/gear', headers: { 'content-type': 'application/json' }, payload: '{"name":"Bike \\ud83d\\udeb2"}' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().name).toBe('Bike 🚲');
  });

  it('defect 4: database error codes never reach a client; a unique violation is a 409 conflict', async () => {
    const dup = await app.inject({ method: 'POST', url: '/api/v1/__test/duplicate-gear', headers: CLIENT });
    expect(dup.statusCode, dup.body).toBe(409);
    expectErrorShape(dup, 'duplicate');
    expect(dup.json().error.code).toBe('conflict');
    const mismatch = await get('/api/v1/__test/sqlite-mismatch');
    expect(mismatch.statusCode, mismatch.body).toBe(500);
    expect(mismatch.json()).toEqual({ error: { code: 'internal_error', message: 'internal server error' } });
  });

  it('defect 4: FST_ERR_BAD_URL and an over-long path parameter answer the documented shape', async () => {
    const bad = await get('/api/v1/activities/%E0%A4%A');
    expect(bad.statusCode).toBe(400);
    expectErrorShape(bad, 'bad url');
    const long = await get(`/api/v1/activities/${'a'.repeat(500)}`);
    expect(long.statusCode).toBe(414);
    expectErrorShape(long, 'long param');
  });

  it('defect 4: 431 (headers too large) from the HTTP parser answers the documented shape', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { hostname, port } = new URL(address);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(`GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString('utf8')));
      socket.on('close', () => resolve(data));
      socket.on('error', (e) => (data ? resolve(data) : reject(e)));
    });
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(body)).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
  });
});
