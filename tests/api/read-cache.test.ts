import Database from 'better-sqlite3';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { cookieOf, createServerModeApp } from '../helpers/server-mode-app.js';

/**
 * The per-athlete read cache (issue 14): repeat page loads are answered from the last bytes, and
 * every kind of change is seen at once (API writes, imports) or within a second (another process
 * writing the same database).
 */
describe('read cache', () => {
  let t: TestApp;
  const w = { 'x-milevault-client': 'test' };
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  beforeAll(async () => {
    t = await createTestApp();
    await t.importAndWait([{ name: 'a.fit', bytes: makeFitActivity({ durationS: 1200, startTime: new Date('2026-03-01T07:00:00Z') }) }]);
  }, 60_000);
  afterAll(() => t.close());

  it('answers a repeat request from the cache with the same body, an ETag and a 304 for it', async () => {
    const first = await get('/api/v1/activities?limit=50');
    const second = await get('/api/v1/activities?limit=50');
    expect(first.headers['x-milevault-cache']).toBe('miss');
    expect(second.headers['x-milevault-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    const cond = await get('/api/v1/activities?limit=50', { 'if-none-match': String(second.headers.etag) });
    expect(cond.statusCode).toBe(304);
    expect(cond.body).toBe('');
  });

  it('sends gzip to clients that accept it, the same JSON once unpacked', async () => {
    const plain = await get('/api/v1/fitness?from=2026-01-01&to=2026-12-01');
    await new Promise((r) => setTimeout(r, 100)); // the gzip copy is made on zlib's thread pool
    const zipped = await get('/api/v1/fitness?from=2026-01-01&to=2026-12-01', { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });

  it('shows an import, a rename and a delete on the next request', async () => {
    const before = (await get('/api/v1/activities?limit=50')).json();
    await t.importAndWait([{ name: 'b.fit', bytes: makeFitActivity({ durationS: 900, startTime: new Date('2026-03-02T07:00:00Z') }) }]);
    const afterImport = (await get('/api/v1/activities?limit=50')).json();
    expect(afterImport.total).toBe(before.total + 1);
    const id = afterImport.items[0].id as string;
    expect((await get('/api/v1/activities?limit=50')).headers['x-milevault-cache']).toBe('hit');
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/activities/${id}`, payload: { name: 'Renamed run' }, headers: w });
    expect(patch.statusCode).toBe(200);
    expect((await get(`/api/v1/activities/${id}`)).json().name).toBe('Renamed run');
    expect((await get('/api/v1/activities?limit=50')).json().items[0].name).toBe('Renamed run');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${id}`, headers: w })).statusCode).toBeLessThan(300);
    expect((await get('/api/v1/activities?limit=50')).json().total).toBe(before.total);
    expect((await get(`/api/v1/activities/${id}`)).statusCode).toBe(404);
  }, 60_000);

  it('sees another process writing the same database within a second', async () => {
    const id = (await get('/api/v1/activities?limit=1')).json().items[0].id as string;
    await get('/api/v1/activities?limit=1');
    expect((await get('/api/v1/activities?limit=1')).headers['x-milevault-cache']).toBe('hit');
    const db = new Database(join(t.dataDir, 'milevault.sqlite'));
    db.pragma('busy_timeout = 5000');
    db.prepare('update activities set name = ?, updated_at_ms = ? where id = ?').run('Named by the CLI', Date.now() + 1, id);
    db.close();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await get('/api/v1/activities?limit=1')).json().items[0].name).toBe('Named by the CLI');
  });

  it("answers a repeat visit to an activity and its chart with a 304 until the athlete's data changes", async () => {
    const id = (await get('/api/v1/activities?limit=1')).json().items[0].id as string;
    for (const url of [`/api/v1/activities/${id}`, `/api/v1/activities/${id}/streams?maxPoints=500`]) {
      const first = await get(url, { 'accept-encoding': 'gzip, br' });
      expect(first.statusCode).toBe(200);
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      const again = await get(url, { 'if-none-match': etag, 'accept-encoding': 'gzip, br' });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect((await get(url, { 'if-none-match': 'W/"something-else"' })).statusCode).toBe(200);
    }
    // Another URL is another tag; a rename moves the athlete's version, so the old tag no longer matches.
    const detail = `/api/v1/activities/${id}`;
    const etag = String((await get(detail)).headers.etag);
    expect((await get(`${detail}/streams?maxPoints=400`)).headers.etag).not.toBe(etag);
    expect((await t.app.inject({ method: 'PATCH', url: detail, payload: { name: 'Renamed again' }, headers: w })).statusCode).toBe(200);
    const after = await get(detail, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.json().name).toBe('Renamed again');
    expect(after.headers.etag).not.toBe(etag);
    // A missing activity is a 404 whatever the client sends, and carries no tag.
    const missing = await get('/api/v1/activities/no-such-activity', { 'if-none-match': etag });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
  });
});

describe('version tags are per athlete', () => {
  it("never answers another athlete's request with a 304 for the owner's tag", async () => {
    const t = await createServerModeApp();
    try {
      const admin = cookieOf(await t.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'admin@example.org', password: 'admin password 1' } }));
      for (const email of ['ana@example.org', 'ben@example.org']) {
        expect((await t.req({ method: 'POST', url: '/api/v1/admin/users', cookie: admin, payload: { email, password: 'long password 12' } })).statusCode).toBe(201);
      }
      const ana = await t.login('ana@example.org', 'long password 12');
      const ben = await t.login('ben@example.org', 'long password 12');
      await t.importAs(ana, [{ name: 'a.fit', bytes: makeFitActivity({ durationS: 600, startTime: new Date('2026-03-01T07:00:00Z') }) }]);
      const id = (await t.req({ url: '/api/v1/activities?limit=1', cookie: ana })).json().items[0].id as string;
      for (const url of [`/api/v1/activities/${id}`, `/api/v1/activities/${id}/streams`]) {
        const etag = String((await t.req({ url, cookie: ana })).headers.etag);
        expect((await t.req({ url, cookie: ana, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
        expect((await t.req({ url, cookie: ben, headers: { 'if-none-match': etag } })).statusCode).toBe(404);
      }
    } finally {
      await t.close();
    }
  }, 60_000);
});
