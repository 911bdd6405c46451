import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { cookieOf, createServerModeApp, type ServerModeApp } from '../helpers/server-mode-app.js';

/**
 * Issue 14: every per-athlete setting is per user (units, map layer, time zone — the display
 * preferences were per browser before), on SQLite and PostgreSQL; and an admin sees accounts, not
 * training data: another athlete's activities answer 404 to the admin, and the admin's pages
 * (users, account events) carry account fields only.
 */
function perUserSuite(dialect: 'sqlite' | 'postgres') {
  describe(`per-user settings and the admin's view (${dialect})`, () => {
    let t: ServerModeApp;
    let drop: (() => Promise<void>) | undefined;
    let admin = '';
    let ana = '';
    let ben = '';
    beforeAll(async () => {
      let databaseUrl: string | undefined;
      if (dialect === 'postgres') {
        const db = await createTestDatabase();
        if (!db) throw new Error('PostgreSQL must be available to the test run');
        databaseUrl = db.url;
        drop = db.drop;
      }
      t = await createServerModeApp({ databaseUrl });
      admin = cookieOf(await t.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'admin@example.org', password: 'admin password 1' } }));
      for (const [email, pw] of [['ana@example.org', 'ana password 12'], ['ben@example.org', 'ben password 12']]) {
        expect((await t.req({ method: 'POST', url: '/api/v1/admin/users', cookie: admin, payload: { email, password: pw } })).statusCode).toBe(201);
      }
      ana = await t.login('ana@example.org', 'ana password 12');
      ben = await t.login('ben@example.org', 'ben password 12');
    }, 120_000);
    afterAll(async () => {
      await t?.close();
      await drop?.();
    });

    it('units, map layer and time zone are stored per user, independently', async () => {
      const fresh = (await t.req({ url: '/api/v1/settings', cookie: ana })).json();
      expect(fresh).toMatchObject({ timeZone: null, units: null, mapLayer: null });
      const put = await t.req({ method: 'PUT', url: '/api/v1/settings', cookie: ana, payload: { units: 'imperial', mapLayer: 'topo', timeZone: 'America/Denver' } });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toMatchObject({ units: 'imperial', mapLayer: 'topo', timeZone: 'America/Denver' });
      expect((await t.req({ method: 'PUT', url: '/api/v1/settings', cookie: ben, payload: { units: 'metric' } })).statusCode).toBe(200);
      // Changing one field keeps the others.
      expect((await t.req({ method: 'PUT', url: '/api/v1/settings', cookie: ana, payload: { mapLayer: 'satellite' } })).json()).toMatchObject({ units: 'imperial', mapLayer: 'satellite', timeZone: 'America/Denver' });
      expect((await t.req({ url: '/api/v1/settings', cookie: ana })).json()).toMatchObject({ units: 'imperial', mapLayer: 'satellite', timeZone: 'America/Denver' });
      expect((await t.req({ url: '/api/v1/settings', cookie: ben })).json()).toMatchObject({ units: 'metric', mapLayer: null, timeZone: null });
      expect((await t.req({ url: '/api/v1/settings', cookie: admin })).json()).toMatchObject({ units: null, mapLayer: null, timeZone: null });
      // A second browser of Ana's (another session) gets her settings: they follow the account, not the browser.
      const anaPhone = await t.login('ana@example.org', 'ana password 12');
      expect((await t.req({ url: '/api/v1/settings', cookie: anaPhone })).json().units).toBe('imperial');
      // Validation: unknown unit systems and odd layer ids are refused with the reason.
      const bad = await t.req({ method: 'PUT', url: '/api/v1/settings', cookie: ana, payload: { units: 'furlongs' } });
      expect(bad.statusCode).toBe(400);
      expect((await t.req({ method: 'PUT', url: '/api/v1/settings', cookie: ana, payload: { mapLayer: '../../etc' } })).statusCode).toBe(400);
      // null clears a choice.
      expect((await t.req({ method: 'PUT', url: '/api/v1/settings', cookie: ben, payload: { units: null } })).json().units).toBeNull();
    });

    it('an admin sees accounts, not training data', async () => {
      await t.importAs(ana, [{ name: 'ana.fit', bytes: makeFitActivity({ durationS: 300, startTime: new Date('2024-04-02T07:00:00Z'), originLatDeg: 46, originLonDeg: 7 }) }]);
      const [act] = (await t.req({ url: '/api/v1/activities', cookie: ana })).json().items as { id: string; name: string }[];
      expect(act).toBeDefined();
      // The admin's own data views are their own (empty); Ana's activity does not exist for them (404, not 403: not even its existence shows).
      expect((await t.req({ url: '/api/v1/activities', cookie: admin })).json().items).toEqual([]);
      for (const u of [`/api/v1/activities/${act.id}`, `/api/v1/activities/${act.id}/streams`, `/api/v1/activities/${act.id}/meta`]) {
        const r = await t.req({ url: u, cookie: admin });
        expect(r.statusCode, u).toBe(404);
      }
      expect((await t.req({ method: 'PATCH', url: `/api/v1/activities/${act.id}`, cookie: admin, payload: { name: 'admin was here' } })).statusCode).toBe(404);
      expect((await t.req({ method: 'DELETE', url: `/api/v1/activities/${act.id}`, cookie: admin })).statusCode).toBe(404);
      expect((await t.req({ url: `/api/v1/activities/${act.id}`, cookie: ana })).json().name).toBe(act.name);
      // The users page: account fields only (no counts, distances or activities).
      const users = (await t.req({ url: '/api/v1/admin/users', cookie: admin })).json().items as Record<string, unknown>[];
      expect(users.map((u) => u.email).sort()).toEqual(['admin@example.org', 'ana@example.org', 'ben@example.org']);
      for (const u of users) expect(Object.keys(u).sort()).toEqual(['createdAt', 'disabled', 'email', 'hasPassword', 'id', 'name', 'oidcLinked', 'role', 'status']);
      // Account events only: Ana's import and settings changes stay in her own log.
      const events = (await t.req({ url: '/api/v1/admin/audit', cookie: admin, query: { limit: '500' } })).json().items as { scope: string; action: string }[];
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.scope === 'account')).toBe(true);
      expect(events.some((e) => e.action === 'import' || e.action === 'settings.change')).toBe(false);
      const own = (await t.req({ url: '/api/v1/account/audit', cookie: ana })).json().items as { action: string }[];
      expect(own.map((e) => e.action)).toEqual(expect.arrayContaining(['import', 'settings.change']));
    });
  });
}

perUserSuite('sqlite');
perUserSuite('postgres');
