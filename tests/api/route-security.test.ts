import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { redactUrl } from '../../server/app.js';
import { createServices } from '../../server/start.js';
import { buildAppWithRouteTable, concreteUrl, type RouteEntry } from '../helpers/route-table.js';

/**
 * Route-table security suite (issue 12): every route Fastify registers, read from Fastify itself,
 * is tried the way an attacker would — without credentials, through percent-encoded, double-slash,
 * trailing-dot, trailing-slash and case variants of its path, from another site, under another
 * Host name. A route added later is covered without touching this file; one that should be public
 * must be added to PUBLIC below on purpose.
 */
const TOKEN = 'k'.repeat(64);
/** The explicit allow-list: routes reachable without the token (ingest checks its own API key). */
const PUBLIC = new Set([
  'GET /api/v1/health',
  'GET /auth/launch',
  'GET /*',
  'GET /api/v1/live/share/:shareToken',
  // Issue 14 (server mode): how a browser gets a session; none returns data. In local mode they
  // answer the mode (state) or 404.
  'GET /api/v1/auth/state',
  'POST /api/v1/auth/setup',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'GET /api/v1/auth/invites/:token',
  'POST /api/v1/auth/invites/:token/accept',
  // Issue 14: an admin's one-time password reset link (the token is the secret, like an invite).
  'GET /api/v1/auth/password-resets/:token',
  'POST /api/v1/auth/password-resets/:token/accept',
  'GET /api/v1/auth/oidc/start',
  'GET /api/v1/auth/oidc/callback',
  // Issue 14: the API reference and its document (no data; see plugins/openapi.ts).
  'GET /api/openapi.json',
  'GET /api/docs',
  'GET /api/docs/json',
  'GET /api/docs/yaml',
  'GET /api/docs/static/*',
  'GET /api/docs/static/index.html',
  'GET /api/docs/static/swagger-initializer.js',
]);
const INGEST = new Set(['POST /api/v1/ingest/health-auto-export']);
/** Tracker apps (issue 19): the live token in the request decides the user, not the cookie. */
const LIVE = new Set(['GET /api/v1/live/osmand', 'POST /api/v1/live/osmand', 'POST /api/v1/live/owntracks']);

/** Spellings of `url` that a router may decode to the same route, or that a naive check would miss. */
export function pathVariants(url: string): string[] {
  const [path, query] = url.split('?');
  const q = query ? `?${query}` : '';
  const segs = path.split('/').slice(1);
  const hex = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  const out = new Set<string>();
  const join = (s: string[]) => `/${s.join('/')}${q}`;
  segs.forEach((seg, i) => {
    if (!/^[a-z]/i.test(seg)) return;
    const a = [...segs];
    a[i] = hex(seg[0]) + seg.slice(1);
    out.add(join(a));
    const b = [...segs];
    b[i] = hex(seg[0]).toUpperCase() + seg.slice(1);
    out.add(join(b));
    const c = [...segs];
    c[i] = [...seg].map(hex).join('');
    out.add(join(c));
  });
  out.add(`/${path}${q}`); // //api/v1/…
  if (segs.length > 1) out.add(`/${segs[0]}//${segs.slice(1).join('/')}${q}`);
  out.add(`${path}.${q}`);
  out.add(`${path}/${q}`);
  out.add(`${path}%2e${q}`);
  out.add(`${path.toUpperCase()}${q}`);
  out.add(`/${segs[0].charAt(0).toUpperCase()}${segs[0].slice(1)}/${segs.slice(1).join('/')}${q}`);
  out.add(`/./${segs.join('/')}${q}`);
  out.add(`/x/..${path}${q}`);
  out.add(`/%2e/${segs.join('/')}${q}`);
  out.delete(url);
  return [...out];
}

function payloadFor(method: string) {
  return method === 'GET' || method === 'DELETE' ? {} : { payload: '{}', headers: { 'content-type': 'application/json' } };
}

describe('route-table security', () => {
  let app: FastifyInstance;
  let routes: RouteEntry[];
  let services: Awaited<ReturnType<typeof createServices>>;
  let dataDir: string;
  let cookie: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'milevault-sec-'));
    // A built UI in place, so the static routes exist and are enumerated like in production.
    const ui = join(dataDir, 'ui');
    await import('node:fs/promises').then((fs) => fs.mkdir(ui, { recursive: true }));
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>MileVault</title>');
    const config: ServerConfig = { ...configFromEnv({}), dataDir, authToken: TOKEN };
    services = await createServices(config, 1);
    ({ app, routes } = await buildAppWithRouteTable({ config, ...services, version: 'test', rendererDir: ui }));
    await app.ready();
    const launch = await app.inject({ url: `/auth/launch?token=${TOKEN}` });
    cookie = String(launch.headers['set-cookie']).split(';')[0];
  });
  afterAll(async () => {
    await app?.close();
    await services?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('enumerates every registered route and declares which are public', () => {
    console.log(`[route-security] ${routes.length} routes enumerated from Fastify`);
    expect(routes.length).toBeGreaterThan(50);
    const open = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`);
    expect(new Set(open)).toEqual(PUBLIC);
    const ingest = routes.filter((r) => r.access === 'ingest').map((r) => `${r.method} ${r.url}`);
    expect(new Set(ingest)).toEqual(INGEST);
    const live = routes.filter((r) => r.access === 'live').map((r) => `${r.method} ${r.url}`);
    expect(new Set(live)).toEqual(LIVE);
  });

  it('refuses every protected route without credentials, under every spelling of its path', async () => {
    let cases = 0;
    const leaks: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      if (PUBLIC.has(key)) continue;
      const url = concreteUrl(r.url, 'x1');
      for (const u of [url, ...pathVariants(url)]) {
        cases++;
        const res = await app.inject({ method: r.method as 'GET', url: u, headers: { 'x-milevault-client': 'test', ...payloadFor(r.method).headers }, payload: payloadFor(r.method).payload });
        // 403: the static file server refuses `//…` and `/./…` spellings outright.
        const ok = [400, 401, 403, 404, 405].includes(res.statusCode);
        // A GET that no API route matched may fall through to the single-page app: HTML, no data.
        const spa = r.method === 'GET' && res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html') && res.body.includes('<title>MileVault</title>');
        if (!ok && !spa) leaks.push(`${r.method} ${u} → ${res.statusCode} ${res.body.slice(0, 80)}`);
        if (res.statusCode >= 400) expect(res.json(), `${r.method} ${u}`).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
        // The exact route path must be refused as unauthorized (not merely "not found").
        if (u === url) expect(res.statusCode, `${r.method} ${u}`).toBe(401);
      }
    }
    console.log(`[route-security] ${cases} unauthenticated requests across path variants`);
    expect(leaks).toEqual([]);
  });

  it('the issue 12 bypasses stay closed: /%61pi/, /a%70i/, /%61%70%69/ for reads, writes and downloads', async () => {
    for (const prefix of ['/%61pi', '/a%70i', '/%61%70%69', '/%41pi']) {
      for (const [method, path] of [
        ['GET', '/v1/activities'],
        ['GET', '/v1/activities/x1/original'],
        ['POST', '/v1/api-keys'],
        ['PATCH', '/v1/activities/x1'],
        ['DELETE', '/v1/activities/x1'],
        ['POST', '/v1/imports'],
      ] as const) {
        const res = await app.inject({ method, url: `${prefix}${path}`, headers: { 'content-type': 'application/json', 'x-milevault-client': 'test' }, payload: method === 'GET' || method === 'DELETE' ? undefined : '{}' });
        const spa = method === 'GET' && res.statusCode === 200 && res.body.includes('<title>MileVault</title>');
        if (!spa) expect([401, 404], `${method} ${prefix}${path}`).toContain(res.statusCode);
        expect(res.body).not.toContain('"items"');
      }
    }
  });

  it('lets the token and the launch session in, and the session cookie is not the token', async () => {
    expect(cookie).toMatch(/^milevault_session=/);
    expect(cookie).not.toContain(TOKEN);
    expect((await app.inject({ url: '/api/v1/activities', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/activities', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/activities', headers: { cookie: `milevault_session=${TOKEN}` } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/activities', headers: { cookie: 'milevault_token=' + TOKEN } })).statusCode).toBe(401);
  });

  it('refuses cross-site writes on every write route, even with a valid session cookie', async () => {
    let cases = 0;
    for (const r of routes) {
      if (r.method === 'GET' || INGEST.has(`${r.method} ${r.url}`) || LIVE.has(`${r.method} ${r.url}`)) continue;
      const url = concreteUrl(r.url, 'x1');
      const attempts: Record<string, string>[] = [
        { origin: 'https://attacker.example', 'content-type': 'application/json' },
        { origin: 'null', 'content-type': 'application/json' },
        { origin: 'http://localhost:8787.attacker.example', 'content-type': 'application/json' },
        { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      ];
      // A form or no-cors fetch can send these without a preflight and without an Origin header
      // only from very old browsers, but the rule must hold anyway.
      if (r.method === 'POST') attempts.push({ 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'text/plain' }, { 'content-type': 'multipart/form-data; boundary=x' }, {});
      for (const h of attempts) {
        cases++;
        const res = await app.inject({ method: r.method as 'POST', url, headers: { cookie, ...h }, payload: h['content-type'] ? '{}' : undefined });
        expect(res.statusCode, `${r.method} ${url} ${JSON.stringify(h)}`).toBe(403);
        expect(res.json().error.code).toBe('cross_site');
      }
      // Same-origin from the UI passes the guard (what happens next is the route's business).
      const same = await app.inject({ method: r.method as 'POST', url, headers: { cookie, origin: 'http://localhost:80', 'content-type': 'application/json' }, payload: '{}' });
      expect(same.statusCode, `${r.method} ${url} same-origin`).not.toBe(403);
      expect(same.statusCode).not.toBe(401);
    }
    console.log(`[route-security] ${cases} cross-site write attempts refused`);
    expect(cases).toBeGreaterThan(50);
  });

  it('answers only to loopback Host names when bound to loopback (DNS rebinding)', async () => {
    for (const r of routes) {
      const res = await app.inject({ method: r.method as 'GET', url: concreteUrl(r.url, 'x1'), headers: { host: 'attacker.example', cookie, authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(421);
      expect(res.json().error.code).toBe('bad_host');
    }
    for (const host of ['localhost:8787', '127.0.0.1:8787', '[::1]:8787']) {
      expect((await app.inject({ url: '/api/v1/health', headers: { host } })).statusCode).toBe(200);
    }
    for (const host of ['localhost.attacker.example', '127.0.0.1.nip.io', 'user@localhost', '127.1.2.3.attacker.example']) {
      expect((await app.inject({ url: '/api/v1/health', headers: { host } })).statusCode, host).toBe(421);
    }
  });

  it('sends security headers on the UI and the API', async () => {
    // The UI, an API answer, a 404 and a refused request alike.
    const auth = { authorization: `Bearer ${TOKEN}` };
    // …and errors a handler throws: a missing activity (404) and a query the schema refuses (400).
    for (const [url, status] of [['/', 200], ['/api/v1/health', 200], ['/api/v1/no-such-route', 404], ['/api/v1/activities?limit=-1', 400], ['/api/v1/activities/00000000-0000-4000-8000-000000000000', 404]] as const) {
      const res = await app.inject({ url, headers: auth });
      expect(res.statusCode, url).toBe(status);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain('https://tile.openstreetmap.org');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });
});

describe('launch token and logs', () => {
  it('never writes the launch token to the request log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'milevault-log-'));
    const lines: string[] = [];
    const config: ServerConfig = { ...configFromEnv({}), dataDir, authToken: TOKEN };
    const services = await createServices(config, 1);
    const { app } = await buildAppWithRouteTable({ config, ...services, version: 'test', logger: { stream: { write: (l: string) => void lines.push(l) } } });
    try {
      const res = await app.inject({ url: `/auth/launch?token=${TOKEN}` });
      expect(res.statusCode).toBe(302);
      await app.inject({ url: `/auth/launch?x=1&token=${TOKEN}` });
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).toContain('/auth/launch?token=[redacted]');
      expect(lines.join('\n')).not.toContain(TOKEN);
    } finally {
      await app.close();
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(redactUrl('/a?b=1&token=s3cret&c=2')).toBe('/a?b=1&token=[redacted]&c=2');
  });
});
