import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { cookieOf, createServerModeApp, type ServerModeApp } from '../helpers/server-mode-app.js';
import { createTestApp } from '../helpers/test-app.js';

const ADMIN = { email: 'admin@example.org', password: 'correct horse battery' };

describe('server mode config', () => {
  it('is on only with MILEVAULT_MODE=server; DATABASE_URL alone keeps local mode', () => {
    expect(configFromEnv({}).mode).toBe('local');
    expect(configFromEnv({ DATABASE_URL: 'postgres://x/y' }).mode).toBe('local');
    expect(configFromEnv({ MILEVAULT_MODE: 'server' }).mode).toBe('server');
    expect(() => configFromEnv({ MILEVAULT_MODE: 'servr' })).toThrow(/MILEVAULT_MODE/);
  });

  it('local mode answers the auth state as local and has no account endpoints', async () => {
    const t = await createTestApp();
    try {
      expect((await t.app.inject({ url: '/api/v1/auth/state' })).json()).toEqual({ mode: 'local', needsSetup: false, oidc: null, account: null });
      expect((await t.app.inject({ url: '/api/v1/activities' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN, headers: { 'x-milevault-client': 'test' } })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('accounts and sessions (server mode)', () => {
  let t: ServerModeApp;
  let admin: string;
  beforeAll(async () => {
    t = await createServerModeApp();
  });
  afterAll(async () => t?.close());

  it('needs setup first; the data API is closed; setup creates the admin and logs in', async () => {
    expect((await t.req({ url: '/api/v1/auth/state' })).json()).toMatchObject({ mode: 'server', needsSetup: true, account: null });
    expect((await t.req({ url: '/api/v1/activities' })).statusCode).toBe(401);
    expect((await t.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: ADMIN.email, password: 'short' } })).statusCode).toBe(400);
    const res = await t.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { ...ADMIN, name: 'Ada' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().account).toMatchObject({ email: ADMIN.email, role: 'admin', name: 'Ada' });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    admin = cookieOf(res);
    expect((await t.req({ url: '/api/v1/activities', cookie: admin })).statusCode).toBe(200);
    // A second setup is refused.
    expect((await t.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'x@example.org', password: 'another password' } })).statusCode).toBe(409);
  });

  it('login: the same answer for a wrong password and an unknown email; both audited; rotation on login', async () => {
    const wrong = await t.req({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ADMIN.email, password: 'wrong password!' }, remoteAddress: '10.0.0.2' });
    const unknown = await t.req({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.org', password: 'wrong password!' }, remoteAddress: '10.0.0.3' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    const c1 = await t.login(ADMIN.email, ADMIN.password);
    // Logging in again from the same browser ends its previous session (no fixation).
    const again = await t.req({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN, cookie: c1 });
    const c2 = cookieOf(again);
    expect(c2).not.toBe(c1);
    expect((await t.req({ url: '/api/v1/activities', cookie: c1 })).statusCode).toBe(401);
    expect((await t.req({ url: '/api/v1/activities', cookie: c2 })).statusCode).toBe(200);
    const audit = (await t.req({ url: '/api/v1/admin/audit', cookie: admin })).json().items as { action: string; target: string | null; ip: string | null }[];
    expect(audit.filter((a) => a.action === 'login.failed').map((a) => [a.target, a.ip])).toEqual(expect.arrayContaining([[ADMIN.email, '10.0.0.2'], ['nobody@example.org', '10.0.0.3']]));
  });

  it('backs off per account after repeated failures (429 with Retry-After), for unknown emails too', async () => {
    for (const email of ['victim@example.org', ADMIN.email]) {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) {
        codes.push((await t.req({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: `guess number ${i}` }, remoteAddress: `10.1.0.${i}` })).statusCode);
      }
      expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401].map((c, i) => (email === ADMIN.email && i === 0 ? 401 : c)));
      expect(codes.at(-1)).toBe(429);
    }
    const blocked = await t.req({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN, remoteAddress: '10.9.9.9' });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(61 * 60_000);
    expect((await t.req({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN, remoteAddress: '10.9.9.9' })).statusCode).toBe(200);
  });

  it('backs off per IP across many addresses', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await t.req({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `spray${i}@example.org`, password: 'password123' }, remoteAddress: '10.2.2.2' })).statusCode);
    expect(codes.at(-1)).toBe(429);
    t.clock.advance(61 * 60_000);
  });

  it('sessions: idle and absolute expiry, list, revoke one, log out, log out everywhere', async () => {
    const a = await t.login(ADMIN.email, ADMIN.password);
    t.clock.advance(8 * 24 * 3600_000); // past the 7-day idle limit
    expect((await t.req({ url: '/api/v1/activities', cookie: a })).statusCode).toBe(401);
    // Absolute: active every 6 days, still ends at 30 days.
    const b = await t.login(ADMIN.email, ADMIN.password);
    for (let d = 0; d < 4; d++) {
      t.clock.advance(6 * 24 * 3600_000);
      expect((await t.req({ url: '/api/v1/activities', cookie: b })).statusCode).toBe(200);
    }
    t.clock.advance(7 * 24 * 3600_000 - 1000);
    expect((await t.req({ url: '/api/v1/activities', cookie: b })).statusCode).toBe(401);

    const c = await t.login(ADMIN.email, ADMIN.password);
    const d = await t.login(ADMIN.email, ADMIN.password);
    const list = (await t.req({ url: '/api/v1/account/sessions', cookie: c })).json().items as { id: string; current: boolean; userAgent: string | null }[];
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const other = list.find((s) => !s.current)!;
    expect((await t.req({ method: 'DELETE', url: `/api/v1/account/sessions/${other.id}`, cookie: c })).statusCode).toBe(204);
    expect((await t.req({ url: '/api/v1/activities', cookie: d })).statusCode).toBe(401);
    expect((await t.req({ method: 'POST', url: '/api/v1/auth/logout', cookie: c })).statusCode).toBe(204);
    expect((await t.req({ url: '/api/v1/activities', cookie: c })).statusCode).toBe(401);

    const e = await t.login(ADMIN.email, ADMIN.password);
    const f = await t.login(ADMIN.email, ADMIN.password);
    expect((await t.req({ method: 'POST', url: '/api/v1/account/sessions/revoke-all', cookie: e })).statusCode).toBe(200);
    expect((await t.req({ url: '/api/v1/activities', cookie: e })).statusCode).toBe(401);
    expect((await t.req({ url: '/api/v1/activities', cookie: f })).statusCode).toBe(401);
    admin = await t.login(ADMIN.email, ADMIN.password);
  });

  it('invites: one-time link, expiry; the invited athlete logs in; the admin sees accounts', async () => {
    const inv = await t.req({ method: 'POST', url: '/api/v1/admin/invites', cookie: admin, payload: { email: 'bea@example.org' } });
    expect(inv.statusCode).toBe(201);
    const token = inv.json().link.split('/').pop();
    expect((await t.req({ url: `/api/v1/auth/invites/${token}` })).json()).toEqual({ email: 'bea@example.org', role: 'athlete' });
    const acc = await t.req({ method: 'POST', url: `/api/v1/auth/invites/${token}/accept`, payload: { password: 'bea password 1', name: 'Bea' } });
    expect(acc.statusCode).toBe(201);
    expect(acc.json().account).toMatchObject({ email: 'bea@example.org', role: 'athlete' });
    expect((await t.req({ method: 'POST', url: `/api/v1/auth/invites/${token}/accept`, payload: { email: 'eve@example.org', password: 'eve password 1' } })).statusCode).toBe(410);
    const bea = await t.login('bea@example.org', 'bea password 1');
    expect((await t.req({ url: '/api/v1/admin/users', cookie: bea })).statusCode).toBe(403);
    // Instance-wide routes: backups hold everyone's data, housekeeping prunes everyone's.
    for (const [method, url] of [['GET', '/api/v1/backups'], ['POST', '/api/v1/backups'], ['GET', '/api/v1/housekeeping'], ['PUT', '/api/v1/housekeeping/settings'], ['POST', '/api/v1/housekeeping/run']] as const) {
      const res = await t.req({ method, url, cookie: bea, ...(method === 'GET' ? {} : { payload: {} }) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    // Expired invite.
    const late = (await t.req({ method: 'POST', url: '/api/v1/admin/invites', cookie: admin, payload: {} })).json().link.split('/').pop();
    t.clock.advance(8 * 24 * 3600_000);
    expect((await t.req({ method: 'POST', url: `/api/v1/auth/invites/${late}/accept`, payload: { email: 'late@example.org', password: 'late password' } })).statusCode).toBe(410);
    admin = await t.login(ADMIN.email, ADMIN.password);
    const users = (await t.req({ url: '/api/v1/admin/users', cookie: admin })).json().items as { email: string }[];
    expect(users.map((u) => u.email).sort()).toEqual([ADMIN.email, 'bea@example.org']);
  });

  it('admin creates, disables (sessions end, login refused) and deletes a user with all their data and files', async () => {
    const created = await t.req({ method: 'POST', url: '/api/v1/admin/users', cookie: admin, payload: { email: 'cy@example.org', password: 'cy password 12' } });
    expect(created.statusCode).toBe(201);
    const cyId = created.json().id as string;
    const cy = await t.login('cy@example.org', 'cy password 12');
    await t.importAs(cy, [{ name: 'cy.fit', bytes: makeFitActivity({ durationS: 300, originLatDeg: 10, startTime: new Date('2024-03-01T08:00:00Z') }) }]);
    const acts = (await t.req({ url: '/api/v1/activities', cookie: cy })).json().items as { id: string }[];
    expect(acts).toHaveLength(1);
    expect((await t.req({ url: '/api/v1/activities', cookie: admin })).json().items).toHaveLength(0);

    expect((await t.req({ method: 'PATCH', url: `/api/v1/admin/users/${cyId}`, cookie: admin, payload: { disabled: true } })).statusCode).toBe(200);
    expect((await t.req({ url: '/api/v1/activities', cookie: cy })).statusCode).toBe(401);
    expect((await t.req({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'cy@example.org', password: 'cy password 12' } })).statusCode).toBe(401);

    const sha = (await t.services.storage.originals.referenced()).size;
    expect(sha).toBeGreaterThan(0);
    expect((await t.req({ method: 'DELETE', url: `/api/v1/admin/users/${cyId}`, cookie: admin })).statusCode).toBe(204);
    expect(await t.services.storage.activities.get(cyId, acts[0].id)).toBeNull();
    expect((await t.services.storage.originals.referenced()).size).toBe(0);
    const users = (await t.req({ url: '/api/v1/admin/users', cookie: admin })).json().items as { email: string }[];
    expect(users.map((u) => u.email)).not.toContain('cy@example.org');
    // The last admin cannot be disabled or demoted.
    const me = (await t.req({ url: '/api/v1/account', cookie: admin })).json();
    expect((await t.req({ method: 'PATCH', url: `/api/v1/admin/users/${me.id}`, cookie: admin, payload: { disabled: true } })).statusCode).toBe(409);
  });

  it('personal access tokens: read scope refused on writes, revocable, audited; admin routes need a session', async () => {
    const res = await t.req({ method: 'POST', url: '/api/v1/account/tokens', cookie: admin, payload: { name: 'cli', scope: 'read' } });
    expect(res.statusCode).toBe(201);
    const read = res.json().token as string;
    expect(read).toMatch(/^mvp_[0-9a-f]{16}_/);
    const rw = (await t.req({ method: 'POST', url: '/api/v1/account/tokens', cookie: admin, payload: { name: 'sync', scope: 'read-write' } })).json().token as string;
    expect((await t.req({ url: '/api/v1/activities', bearer: read })).statusCode).toBe(200);
    expect((await t.req({ method: 'PUT', url: '/api/v1/settings', bearer: read, payload: { timeZone: 'Europe/Zurich' } })).statusCode).toBe(403);
    const put = await t.req({ method: 'PUT', url: '/api/v1/settings', bearer: rw, payload: { timeZone: 'Europe/Zurich' } });
    expect([200, 204]).toContain(put.statusCode);
    expect((await t.req({ url: '/api/v1/admin/users', bearer: rw })).statusCode).toBe(403);
    expect((await t.req({ url: '/api/v1/activities', bearer: 'mvp_0000000000000000_' + 'x'.repeat(43) })).statusCode).toBe(401);
    const list = (await t.req({ url: '/api/v1/account/tokens', cookie: admin })).json().items as { id: string; scope: string }[];
    const readId = list.find((x) => x.scope === 'read')!.id;
    expect((await t.req({ method: 'DELETE', url: `/api/v1/account/tokens/${readId}`, cookie: admin })).statusCode).toBe(204);
    expect((await t.req({ url: '/api/v1/activities', bearer: read })).statusCode).toBe(401);
    const mine = (await t.req({ url: '/api/v1/account/audit', cookie: admin })).json().items as { action: string; actorType: string }[];
    const actions = mine.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['token.create', 'token.revoke', 'settings.change', 'login', 'account.setup']));
    expect(mine.find((a) => a.action === 'settings.change')!.actorType).toBe('token');
  });

  it('Secure cookies behind an https public URL', async () => {
    const s = await createServerModeApp({ publicUrl: 'https://fit.example.org', allowedHosts: ['localhost:80'] });
    try {
      const res = await s.req({ method: 'POST', url: '/api/v1/auth/setup', payload: ADMIN, headers: { host: 'fit.example.org' } });
      expect(res.statusCode).toBe(201);
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await s.close();
    }
  });

  it('MILEVAULT_ADMIN_EMAIL/_PASSWORD create the admin once', async () => {
    const s = await createServerModeApp();
    try {
      expect(await s.accounts.ensureAdminFromEnv('ops@example.org', 'ops password 1')).toBe(true);
      expect(await s.accounts.ensureAdminFromEnv('other@example.org', 'ops password 1')).toBe(false);
      expect((await s.req({ url: '/api/v1/auth/state' })).json().needsSetup).toBe(false);
      await s.login('ops@example.org', 'ops password 1');
    } finally {
      await s.close();
    }
  });
});

describe('audit action names', () => {
  it('names imports, key changes, settings and deletes; account routes audit themselves', async () => {
    const { dataAction } = await import('../../server/services/accounts/account-auth.js');
    expect(dataAction('POST', '/api/v1/imports')).toBe('import');
    expect(dataAction('POST', '/api/v1/account/backup-import')).toBe('import');
    expect(dataAction('DELETE', '/api/v1/api-keys/:id')).toBe('api-key.revoke');
    expect(dataAction('PUT', '/api/v1/settings')).toBe('settings.change');
    expect(dataAction('PUT', '/api/v1/thresholds/:id')).toBe('settings.change');
    expect(dataAction('DELETE', '/api/v1/activities/:id')).toBe('delete');
    expect(dataAction('PATCH', '/api/v1/activities/:id')).toBe('update');
  });
});
