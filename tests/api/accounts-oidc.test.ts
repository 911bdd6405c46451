import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcService } from '../../server/services/accounts/oidc.service.js';
import { OIDC_CLIENT, startOidcProvider, type TestOidcProvider } from '../helpers/oidc-test-provider.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { cookieOf, createServerModeApp, type ServerModeApp } from '../helpers/server-mode-app.js';

/**
 * OIDC login (issue 14) against a real OpenID provider (tests/helpers/oidc-provider.ts: the
 * `oidc-provider` package started inside the test on a loopback port): authorization code with
 * PKCE, ID token signed and checked, nonce and state. Only the provider's login screen is
 * replaced: the test says who logs in there (a real provider would ask for a password).
 * The pending login (state, nonce, PKCE verifier) is kept in the database: a sign-in started
 * before a restart, or on another server process, finishes.
 */
const PUBLIC_URL = 'http://127.0.0.1:7101';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/oidc/callback`;
const HOST = { host: '127.0.0.1:7101' };

const oidcFor = (issuer: string) => (accounts: ConstructorParameters<typeof OidcService>[1]) =>
  new OidcService({ issuer, clientId: OIDC_CLIENT.id, clientSecret: OIDC_CLIENT.secret, name: 'TestID', redirectUri: CALLBACK }, accounts);

/** Browser side of a login, first half: MileVault start → provider. Returns the state cookie and the callback URL the provider sends the browser to. */
async function startAt(app: ServerModeApp, issuer: string): Promise<{ stateCookie: string; callbackPath: string }> {
  const start = await app.req({ url: '/api/v1/auth/oidc/start', headers: HOST });
  expect(start.statusCode).toBe(302);
  const stateCookie = String(start.headers['set-cookie']).split(';')[0];
  const jar = new Map<string, string>();
  let url = String(start.headers.location);
  expect(url.startsWith(issuer)).toBe(true);
  expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
  for (let hop = 0; hop < 10 && url.startsWith(issuer); hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const loc = res.headers.get('location');
    if (!loc) throw new Error(`provider answered ${res.status} without a redirect: ${(await res.text()).slice(0, 200)}`);
    url = new URL(loc, url).href;
  }
  expect(url.startsWith(CALLBACK)).toBe(true);
  const u = new URL(url);
  return { stateCookie, callbackPath: `${u.pathname}${u.search}` };
}

/** Second half: the provider's redirect reaches MileVault (maybe another process, or after a restart). */
function finishAt(app: ServerModeApp, s: { stateCookie: string; callbackPath: string }) {
  return app.req({ url: s.callbackPath, headers: { ...HOST, cookie: s.stateCookie } });
}

describe('OIDC login against oidc-provider', () => {
  let op: TestOidcProvider;
  let issuer: string;
  let t: ServerModeApp;
  let admin: string;
  const setNext = (p: { sub: string; email: string; verified: boolean }) => op.setNext(p);

  beforeAll(async () => {
    op = await startOidcProvider();
    op.configure(CALLBACK);
    issuer = op.issuer;
    t = await createServerModeApp({ publicUrl: PUBLIC_URL, makeOidc: oidcFor(issuer) });
    admin = cookieOf(await t.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'admin@example.org', password: 'admin password 1' }, headers: HOST }));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await op?.close();
  });

  const signIn = async () => finishAt(t, await startAt(t, issuer));

  it('the login page offers the provider by name', async () => {
    expect((await t.req({ url: '/api/v1/auth/state' })).json().oidc).toEqual({ name: 'TestID' });
  });

  it('a verified email links to the existing account and logs in', async () => {
    await t.req({ method: 'POST', url: '/api/v1/admin/users', cookie: admin, payload: { email: 'ana@example.org', password: 'ana password 12' }, headers: { host: '127.0.0.1:7101' } });
    setNext({ sub: 'ana', email: 'ana@example.org', verified: true });
    const res = await signIn();
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/');
    const cookie = cookieOf(res);
    const me = (await t.req({ url: '/api/v1/account', cookie })).json();
    expect(me).toMatchObject({ email: 'ana@example.org', oidcLinked: true });
    // Second login: found by subject.
    const again = await signIn();
    expect((await t.req({ url: '/api/v1/account', cookie: cookieOf(again) })).json().email).toBe('ana@example.org');
  });

  it('an unknown person waits for admin approval; approved, they log in', async () => {
    setNext({ sub: 'carl', email: 'carl@example.org', verified: true });
    const res = await signIn();
    expect(res.headers.location).toBe('/#/login?oidc=pending');
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('milevault_session=');
    const users = (await t.req({ url: '/api/v1/admin/users', cookie: admin })).json().items as { id: string; email: string; status: string }[];
    const carl = users.find((u) => u.email === 'carl@example.org')!;
    expect(carl.status).toBe('pending');
    expect((await t.req({ method: 'PATCH', url: `/api/v1/admin/users/${carl.id}`, cookie: admin, payload: { status: 'active' }, headers: { host: '127.0.0.1:7101' } })).statusCode).toBe(200);
    const ok = await signIn();
    expect((await t.req({ url: '/api/v1/account', cookie: cookieOf(ok) })).json().email).toBe('carl@example.org');
  });

  it('an unverified email never takes over the account that has it', async () => {
    setNext({ sub: 'mallory', email: 'admin@example.org', verified: false });
    const res = await signIn();
    expect(res.headers.location).toBe('/#/login?error=oidc_unverified');
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('milevault_session=');
  });

  it('a callback without this browser\'s state cookie is refused', async () => {
    const res = await t.req({ url: '/api/v1/auth/oidc/callback?code=abc&state=def', headers: { host: '127.0.0.1:7101' } });
    expect(res.headers.location).toBe('/#/login?error=oidc_state');
  });
});

describe('OIDC pending logins live in the database', () => {
  let op: TestOidcProvider;
  beforeAll(async () => {
    op = await startOidcProvider();
    op.configure(CALLBACK);
  }, 60_000);
  afterAll(async () => op?.close());

  it('a sign-in started before a restart finishes after it (SQLite); a state works once; an old one expires', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'milevault-oidc-restart-'));
    try {
      const first = await createServerModeApp({ dataDir, publicUrl: PUBLIC_URL, makeOidc: oidcFor(op.issuer) });
      await first.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'zoe@example.org', password: 'zoe password 12' }, headers: HOST });
      op.setNext({ sub: 'zoe', email: 'zoe@example.org', verified: true });
      const started = await startAt(first, op.issuer);
      const late = await startAt(first, op.issuer);
      await first.close();

      const second = await createServerModeApp({ dataDir, publicUrl: PUBLIC_URL, makeOidc: oidcFor(op.issuer) });
      try {
        const res = await finishAt(second, started);
        expect(res.headers.location).toBe('/');
        expect((await second.req({ url: '/api/v1/account', cookie: cookieOf(res) })).json()).toMatchObject({ email: 'zoe@example.org', oidcLinked: true });
        // The same state again (a replayed redirect) is refused: it was used.
        expect((await finishAt(second, started)).headers.location).toBe('/#/login?error=oidc_state');
        // Ten minutes later a pending login is gone.
        second.clock.advance(11 * 60_000);
        expect((await finishAt(second, late)).headers.location).toBe('/#/login?error=oidc_state');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('two server processes on one PostgreSQL database: started on one, finished on the other', async () => {
    const db = await createTestDatabase();
    if (!db) throw new Error('PostgreSQL must be available to the test run');
    const a = await createServerModeApp({ databaseUrl: db.url, publicUrl: PUBLIC_URL, makeOidc: oidcFor(op.issuer) });
    const b = await createServerModeApp({ databaseUrl: db.url, publicUrl: PUBLIC_URL, makeOidc: oidcFor(op.issuer) });
    try {
      await a.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'yan@example.org', password: 'yan password 12' }, headers: HOST });
      op.setNext({ sub: 'yan', email: 'yan@example.org', verified: true });
      const res = await finishAt(b, await startAt(a, op.issuer));
      expect(res.headers.location).toBe('/');
      expect((await b.req({ url: '/api/v1/account', cookie: cookieOf(res) })).json().email).toBe('yan@example.org');
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  }, 120_000);
});
