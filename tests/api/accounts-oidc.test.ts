import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcService } from '../../server/services/accounts/oidc.service.js';
import { cookieOf, createServerModeApp, type ServerModeApp } from '../helpers/server-mode-app.js';

/**
 * OIDC login (issue 14) against a real OpenID provider (the `oidc-provider` package, the engine
 * behind several self-hosted IdPs) started inside the test on a loopback port: authorization code
 * with PKCE, ID token signed and checked, nonce and state. Only the provider's login screen is
 * replaced: the test says who logs in there (a real provider would ask for a password).
 */
const PUBLIC_URL = 'http://127.0.0.1:7101';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/oidc/callback`;

describe('OIDC login against oidc-provider', () => {
  let server: Server;
  let issuer: string;
  let t: ServerModeApp;
  let admin: string;
  /** Who logs in at the provider next, and whether the provider vouches for their email. */
  let next = { sub: 'ana', email: 'ana@example.org', verified: true };
  const people = new Map<string, { email: string; verified: boolean }>();

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [{ client_id: 'milevault', client_secret: 'milevault-test-secret-0123456789', redirect_uris: [CALLBACK], token_endpoint_auth_method: 'client_secret_post' }],
      pkce: { required: () => true },
      conformIdTokenClaims: false,
      cookies: { keys: ['oidc-test-cookie-key-0123456789abcdef'] },
      ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      async findAccount(_ctx: unknown, id: string) {
        const p = people.get(id);
        return p ? { accountId: id, claims: async () => ({ sub: id, email: p.email, email_verified: p.verified, name: id }) } : undefined;
      },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    });
    server.on('request', async (req, res) => {
      if (req.url?.startsWith('/interaction/')) {
        // The provider's login + consent screen, answered for the person the test chose.
        const details = await provider.interactionDetails(req, res);
        people.set(next.sub, { email: next.email, verified: next.verified });
        const grant = new provider.Grant({ accountId: next.sub, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId: next.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
        return;
      }
      provider.callback()(req, res);
    });
    t = await createServerModeApp({ publicUrl: PUBLIC_URL, makeOidc: (accounts) => new OidcService({ issuer, clientId: 'milevault', clientSecret: 'milevault-test-secret-0123456789', name: 'TestID', redirectUri: CALLBACK }, accounts) });
    admin = cookieOf(await t.req({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'admin@example.org', password: 'admin password 1' }, headers: { host: '127.0.0.1:7101' } }));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => server?.close(r));
  });

  /** Browser side of one login: MileVault start → provider → MileVault callback. Returns the callback answer. */
  async function signIn() {
    const host = { host: '127.0.0.1:7101' };
    const start = await t.req({ url: '/api/v1/auth/oidc/start', headers: host });
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
    return t.req({ url: `${u.pathname}${u.search}`, headers: { ...host, cookie: stateCookie } });
  }

  it('the login page offers the provider by name', async () => {
    expect((await t.req({ url: '/api/v1/auth/state' })).json().oidc).toEqual({ name: 'TestID' });
  });

  it('a verified email links to the existing account and logs in', async () => {
    await t.req({ method: 'POST', url: '/api/v1/admin/users', cookie: admin, payload: { email: 'ana@example.org', password: 'ana password 12' }, headers: { host: '127.0.0.1:7101' } });
    next = { sub: 'ana', email: 'ana@example.org', verified: true };
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
    next = { sub: 'carl', email: 'carl@example.org', verified: true };
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
    next = { sub: 'mallory', email: 'admin@example.org', verified: false };
    const res = await signIn();
    expect(res.headers.location).toBe('/#/login?error=oidc_unverified');
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('milevault_session=');
  });

  it('a callback without this browser\'s state cookie is refused', async () => {
    const res = await t.req({ url: '/api/v1/auth/oidc/callback?code=abc&state=def', headers: { host: '127.0.0.1:7101' } });
    expect(res.headers.location).toBe('/#/login?error=oidc_state');
  });
});
