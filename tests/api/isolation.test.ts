import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { concreteUrl, type RouteEntry } from '../helpers/route-table.js';
import { cookieOf, createServerModeApp, type ServerModeApp } from '../helpers/server-mode-app.js';
import { readEntries } from '../helpers/zip-read.js';

/**
 * Isolation, proven (issue 14): two athletes with data, then every route Fastify registered (read
 * from Fastify itself, so a route added later is walked without touching this file) is called by
 * athlete B — and by the admin, who manages accounts but must not see training data — with path
 * parameters filled with athlete A's real ids, and write bodies naming A's ids. Nothing B or the
 * admin gets back may contain any of A's markers (ids, names, email), A's data must be exactly as
 * before the walk, and the heatmap tile over a place only A went must stay empty for B.
 */
const PW = { admin: 'admin password 1', a: 'athlete A password', b: 'athlete B password' };
/** Routes not walked, each with the reason (printed). */
const SKIP: Record<string, string> = {
  'GET /api/v1/events': 'server-sent event stream (never ends under inject)',
  'GET /*': 'static UI files, no data',
};
/** Routes an admin may legitimately call on other accounts (they manage accounts, not data). */
const ADMIN_MANAGES = (url: string) => url.startsWith('/api/v1/admin/') || url.startsWith('/api/v1/backups');

/** Tile x/y at zoom z holding a point. */
function tileOf(lat: number, lon: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { x, y };
}

function fit(day: number, lat: number, lon: number) {
  return makeFitActivity({ durationS: 600, startTime: new Date(Date.UTC(2024, 4, day, 7, 0, 0)), originLatDeg: lat, originLonDeg: lon });
}

interface Ids {
  [kind: string]: string[];
}

/** Which of A's ids a `:param` of this route gets: by the route's noun, else every id. */
function idsFor(url: string, param: string, ids: Ids): string[] {
  if (param === 'sha256') return ids.sha256;
  if (param === 'format') return ['gpx'];
  if (param === 'metric') return ['steps'];
  if (param === 'name') return ['milevault-backup-2024-01-01T00-00-00.zip'];
  if (param === 'token') return [randomBytes(32).toString('base64url')];
  if (param === 'shareToken') return [randomBytes(24).toString('base64url')];
  const table: [RegExp, string][] = [
    [/^\/api\/v1\/activities/, 'activity'],
    [/^\/api\/v1\/gear/, 'gear'],
    [/^\/api\/v1\/routes/, 'route'],
    [/^\/api\/v1\/segments/, 'segment'],
    [/^\/api\/v1\/imports/, 'import'],
    [/^\/api\/v1\/thresholds/, 'threshold'],
    [/^\/api\/v1\/api-keys/, 'apiKey'],
    [/^\/api\/v1\/account\/tokens/, 'pat'],
    [/^\/api\/v1\/account\/sessions/, 'session'],
    [/^\/api\/v1\/admin\/users/, 'user'],
    [/^\/api\/v1\/live\/tokens/, 'liveToken'],
    [/^\/api\/v1\/live\/sessions/, 'liveSession'],
    [/^\/api\/v1\/jobs/, 'job'],
    [/^\/api\/v1\/insights/, 'insight'],
  ];
  const kind = table.find(([re]) => re.test(url))?.[1];
  const pick = kind && ids[kind]?.length ? ids[kind] : Object.entries(ids).filter(([k]) => k !== 'sha256' && k !== 'markers').flatMap(([, v]) => v);
  return pick.length ? pick : ['00000000-0000-4000-8000-000000000000'];
}

/** A write body naming A's ids where the route's schema asks for ids; plausible values elsewhere. */
function bodyFor(route: RouteEntry, ids: Ids): Record<string, unknown> {
  const schema = (route.schema as { body?: { properties?: Record<string, { type?: string; enum?: unknown[]; minimum?: number; items?: unknown }>; required?: string[] } } | undefined)?.body;
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(schema?.properties ?? {})) {
    const required = schema?.required?.includes(name);
    if (/ids$/i.test(name)) out[name] = ids.activity;
    else if (/id$/i.test(name)) out[name] = (name === 'gearId' ? ids.gear : name === 'routeId' || name === 'otherRouteId' ? ids.route : ids.activity)[0];
    else if (!required) continue;
    else if (p.enum) out[name] = p.enum[0];
    else if (p.type === 'number' || p.type === 'integer') out[name] = /end/i.test(name) ? 300 : /start/i.test(name) ? 0 : (p.minimum ?? 1);
    else if (p.type === 'boolean') out[name] = true;
    else if (/date|from|day/i.test(name)) out[name] = '2024-05-01';
    else out[name] = 'b-was-here';
  }
  return out;
}

/** Text of a response for the marker search; zips are opened so compressed members are read too. */
async function textOf(res: { rawPayload: Buffer; headers: Record<string, unknown> }): Promise<string> {
  const ct = String(res.headers['content-type'] ?? '');
  if (ct.includes('zip') || res.rawPayload.subarray(0, 2).toString() === 'PK') {
    const entries = await readEntries(res.rawPayload).catch((): { name: string; bytes: Buffer }[] => []);
    return entries.map((e) => `${e.name}\n${Buffer.from(e.bytes).toString('latin1')}`).join('\n') + res.rawPayload.toString('latin1');
  }
  return res.rawPayload.toString('latin1');
}

function isolationSuite(dialect: 'sqlite' | 'postgres') {
  describe(`isolation between athletes (${dialect})`, () => {
    let t: ServerModeApp;
    let drop: (() => Promise<void>) | undefined;
    const cookies: Record<'admin' | 'a' | 'b', string> = { admin: '', a: '', b: '' };
    const ids: Ids = {};
    /** B's own activity and route ids: B's own answers (route matches, segment efforts) must not name A's. */
    const own: Ids = {};
    let markers: string[] = [];
    let snapshot: Record<string, string> = {};
    const A_ONLY = { lat: 50, lon: 10 };
    const SNAP_URLS = ['/api/v1/activities', '/api/v1/gear', '/api/v1/routes', '/api/v1/segments', '/api/v1/thresholds', '/api/v1/api-keys', '/api/v1/account/tokens', '/api/v1/settings', '/api/v1/records', '/api/v1/live/tokens', '/api/v1/records/exclusions'];

    const as = (who: 'admin' | 'a' | 'b', o: Parameters<ServerModeApp['req']>[0]) => t.req({ ...o, cookie: cookies[who] });
    const snap = async () => {
      const out: Record<string, string> = {};
      const urls = [...SNAP_URLS, ...ids.activity.map((id) => `/api/v1/activities/${id}`), ...ids.activity.map((id) => `/api/v1/activities/${id}/meta`)];
      for (const u of urls) {
        const r = await as('a', { url: u });
        out[u] = `${r.statusCode} ${r.body.replace(/"(lastSeenAt|lastUsedAt|updatedAt|lastUsedAtMs)":"?[^,"}]*"?/g, '')}`;
      }
      return out;
    };

    beforeAll(async () => {
      let databaseUrl: string | undefined;
      if (dialect === 'postgres') {
        const db = await createTestDatabase();
        if (!db) throw new Error('PostgreSQL must be available to the test run');
        databaseUrl = db.url;
        drop = db.drop;
      }
      t = await createServerModeApp({ databaseUrl });
      cookies.admin = cookieOf(await t.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'admin@example.org', password: PW.admin } }));
      const userA = (await as('admin', { method: 'POST', url: '/api/v1/admin/users', payload: { email: 'ana@example.org', password: PW.a, name: 'Ana' } })).json();
      await as('admin', { method: 'POST', url: '/api/v1/admin/users', payload: { email: 'ben@example.org', password: PW.b, name: 'Ben' } });
      cookies.a = await t.login('ana@example.org', PW.a);
      cookies.b = await t.login('ben@example.org', PW.b);
      const shared = fit(1, 47, 8);
      await t.importAs(cookies.a, [
        { name: 'a1.fit', bytes: shared },
        { name: 'a2.fit', bytes: fit(3, 47, 8) },
        { name: 'a3.fit', bytes: fit(5, A_ONLY.lat, A_ONLY.lon) },
      ]);
      // B imports the very same bytes as A's first file (dedupe must stay per athlete), the same
      // track on another day (route matching) and a place of their own.
      await t.importAs(cookies.b, [
        { name: 'b1.fit', bytes: shared },
        { name: 'b2.fit', bytes: fit(4, 47, 8) },
        { name: 'b3.fit', bytes: fit(6, 40, -3) },
      ]);

      own.activity = ((await as('b', { url: '/api/v1/activities' })).json().items as { id: string }[]).map((x) => x.id);
      own.route = ((await as('b', { url: '/api/v1/routes' })).json().items as { id: string }[]).map((x) => x.id);
      const list = (await as('a', { url: '/api/v1/activities' })).json().items as { id: string }[];
      ids.activity = list.map((x) => x.id);
      const secretName = `A-SECRET-${randomBytes(4).toString('hex')}`;
      await as('a', { method: 'PATCH', url: `/api/v1/activities/${ids.activity[0]}`, payload: { name: secretName } });
      const gear = (await as('a', { method: 'POST', url: '/api/v1/gear', payload: { name: `A-GEAR-${randomBytes(4).toString('hex')}`, kind: 'shoes' } })).json();
      ids.gear = [gear.id];
      ids.route = ((await as('a', { url: '/api/v1/routes' })).json().items as { id: string }[]).map((r) => r.id);
      const seg = await as('a', { method: 'POST', url: '/api/v1/segments', payload: { activityId: ids.activity[0], startOffsetS: 60, endOffsetS: 400, name: 'A-SEGMENT' } });
      ids.segment = seg.statusCode < 300 ? [seg.json().id] : [];
      ids.import = ((await as('a', { url: '/api/v1/imports' })).json() as { id: string }[] | { items: { id: string }[] }) instanceof Array ? ((await as('a', { url: '/api/v1/imports' })).json() as { id: string }[]).map((j) => j.id) : ((await as('a', { url: '/api/v1/imports' })).json().items as { id: string }[]).map((j) => j.id);
      const th = await as('a', { method: 'POST', url: '/api/v1/thresholds', payload: { kind: 'ftp', value: 271, validFrom: '2024-01-01', sport: null } });
      ids.threshold = th.statusCode < 300 ? [th.json().id] : [];
      const key = await as('a', { method: 'POST', url: '/api/v1/api-keys', payload: { name: 'A-KEY' } });
      ids.apiKey = key.statusCode < 300 ? [key.json().id] : [];
      const pat = (await as('a', { method: 'POST', url: '/api/v1/account/tokens', payload: { name: 'A-PAT', scope: 'read-write' } })).json();
      ids.pat = [pat.id];
      ids.session = ((await as('a', { url: '/api/v1/account/sessions' })).json().items as { id: string }[]).map((s) => s.id);
      ids.user = [userA.id];
      const lt = await as('a', { method: 'POST', url: '/api/v1/live/tokens', payload: { name: 'A-PHONE' } });
      ids.liveToken = lt.statusCode < 300 ? [lt.json().id] : [];
      if (lt.statusCode < 300 && lt.json().token) {
        await t.req({ url: `/api/v1/live/osmand?id=${encodeURIComponent(lt.json().token)}&lat=50.1&lon=10.1&timestamp=${Math.floor(Date.now() / 1000)}` });
      }
      ids.liveSession = (((await as('a', { url: '/api/v1/live/sessions' })).json().items ?? []) as { id: string }[]).map((s) => s.id);
      const jobs = await as('a', { url: '/api/v1/jobs' });
      ids.job = jobs.statusCode === 200 ? ((jobs.json().items ?? []) as { id: string }[]).map((j) => j.id) : [];
      const ins = await as('a', { url: '/api/v1/insights' });
      ids.insight = ins.statusCode === 200 ? ((ins.json().items ?? []) as { id: string }[]).map((j) => j.id).slice(0, 3) : [];
      const detail = (await as('a', { url: `/api/v1/activities/${ids.activity[0]}` })).json();
      ids.sha256 = [detail.originalSha256 ?? detail.original?.sha256 ?? 'a'.repeat(64)];
      markers = [...ids.activity, ...ids.gear, ...ids.route, ...ids.segment, ...ids.import, ...ids.threshold, ...ids.apiKey, ...ids.pat, ...ids.liveToken, ...ids.liveSession, ...ids.job, ...ids.insight, secretName, gear.name, 'A-SEGMENT', 'A-KEY', 'A-PAT', 'A-PHONE', 'ana@example.org', userA.id].filter((m) => typeof m === 'string' && m.length >= 6);
      snapshot = await snap();
    }, 300_000);

    afterAll(async () => {
      await t?.close();
      await drop?.();
    });

    it('each athlete sees only their own activities, imports deduplicate per athlete, routes and segments stay per athlete', async () => {
      expect(ids.activity).toHaveLength(3);
      const bList = (await as('b', { url: '/api/v1/activities' })).json().items as { id: string }[];
      expect(bList).toHaveLength(3);
      expect(bList.map((x) => x.id).some((id) => ids.activity.includes(id))).toBe(false);
      expect(ids.route.length).toBeGreaterThan(0);
      expect(ids.segment).toHaveLength(1);
      expect((await as('admin', { url: '/api/v1/activities' })).json().items).toHaveLength(0);
    });

    it('the marker search finds A\'s markers in A\'s own answers (so a leak would be seen)', async () => {
      for (const u of ['/api/v1/activities', '/api/v1/gear', '/api/v1/segments', '/api/v1/account/tokens', '/api/v1/export/account']) {
        const text = await textOf(await as('a', { url: u }));
        expect(markers.some((m) => text.includes(m)), u).toBe(true);
      }
    });

    it('the heatmap tile over a place only A went is A\'s alone', async () => {
      const z = 12;
      const { x, y } = tileOf(A_ONLY.lat + 0.01, A_ONLY.lon, z);
      const a = await as('a', { url: `/api/v1/tiles/heatmap/${z}/${x}/${y}.mvt` });
      const b = await as('b', { url: `/api/v1/tiles/heatmap/${z}/${x}/${y}.mvt` });
      const admin = await as('admin', { url: `/api/v1/tiles/heatmap/${z}/${x}/${y}.mvt` });
      expect(a.statusCode).toBe(200);
      expect(a.rawPayload.length).toBeGreaterThan(0);
      for (const r of [b, admin]) expect(r.statusCode === 204 || r.rawPayload.length === 0, `tile ${r.statusCode} ${r.rawPayload.length} B`).toBe(true);
    });

    it('walks every registered route as athlete B and as the admin with A\'s ids: nothing of A leaks or changes', async () => {
      const routes = t.routes.filter((r) => !SKIP[`${r.method} ${r.url}`]);
      const leaks: string[] = [];
      let requests = 0;
      let ok2xx = 0;
      const order = (m: string) => (m === 'GET' ? 0 : m === 'DELETE' ? 2 : 1);
      for (const who of ['b', 'admin'] as const) {
        for (const r of [...routes].sort((x, y) => order(x.method) - order(y.method))) {
          if (who === 'admin' && ADMIN_MANAGES(r.url)) continue;
          const params = [...r.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
          const urls: string[] = [];
          if (!params.length) urls.push(r.url, `${r.url}?id=${ids.activity[0]}&activityId=${ids.activity[0]}&userId=${ids.user[0]}`);
          else {
            const pools = params.map((p) => idsFor(r.url, p, ids));
            const n = Math.max(...pools.map((p) => p.length));
            for (let i = 0; i < n; i++) {
              let u = r.url;
              params.forEach((p, k) => (u = u.replace(new RegExp(`:${p}(?![A-Za-z0-9_])`), encodeURIComponent(pools[k][Math.min(i, pools[k].length - 1)]))));
              if (r.url.includes(':z/:x/:y')) {
                const { x, y } = tileOf(A_ONLY.lat + 0.01, A_ONLY.lon, 12);
                u = `/api/v1/tiles/heatmap/12/${x}/${y}.mvt`;
              }
              urls.push(concreteUrl(u));
            }
          }
          if (who === 'b' && r.method === 'GET' && params.length === 1 && params[0] === 'id' && /^\/api\/v1\/(activities|routes)\//.test(r.url)) {
            for (const id of (r.url.startsWith('/api/v1/routes') ? own.route : own.activity)) urls.push(r.url.replace(':id', id));
          }
          for (const url of urls) {
            const bodies = r.method === 'GET' || r.method === 'DELETE' ? [undefined] : [{}, bodyFor(r, ids)];
            for (const body of bodies) {
              requests++;
              const res = await as(who, { method: r.method as 'GET', url, ...(body ? { payload: body } : {}) });
              if (res.statusCode < 300) ok2xx++;
              if (res.statusCode < 300) {
                const text = await textOf(res);
                const hit = markers.find((m) => text.includes(m));
                if (hit) leaks.push(`${who}: ${r.method} ${url} ${body ? JSON.stringify(body) : ''} → ${res.statusCode} contains A's "${hit}"`);
              }
              // Routes that end the caller's own sessions: log in again so the walk continues signed in.
              if (String(res.headers['set-cookie'] ?? '').includes('Max-Age=0') || (/sessions|logout|login|setup|invites/.test(r.url) && (await as(who, { url: '/api/v1/account' })).statusCode === 401)) {
                cookies[who] = await t.login(who === 'b' ? 'ben@example.org' : 'admin@example.org', who === 'b' ? PW.b : PW.admin);
              }
            }
          }
        }
      }
      console.log(`[isolation:${dialect}] A's ids by kind: ${Object.entries(ids).map(([k, v]) => `${k} ${v.length}`).join(', ')}`);
      console.log(`[isolation:${dialect}] ${t.routes.length} registered routes, ${routes.length} walked (skipped: ${Object.entries(SKIP).map(([k, v]) => `${k}: ${v}`).join('; ')}), ${requests} requests as athlete B and as the admin with A's ids, ${ok2xx} answered 2xx`);
      expect(leaks).toEqual([]);
      expect(ok2xx).toBeGreaterThan(50);
      // A's data is exactly as before, and A is still signed in.
      const after = await snap();
      for (const [u, v] of Object.entries(snapshot)) expect(after[u], u).toBe(v);
      expect((await as('a', { url: '/api/v1/activities' })).json().items).toHaveLength(3);
    }, 600_000);
  });
}

isolationSuite('sqlite');
isolationSuite('postgres');
