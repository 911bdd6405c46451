/**
 * E2E (Chromium) for issue 14's server mode: a server with no users walks the admin through
 * setup; the admin creates an invite link; the invited athlete opens it, chooses a password and is
 * signed in; logs out; logs in with the password; and when the session expires (the server's clock
 * moved past the idle limit) the next action lands on the login page again. Then, on the same
 * server: "Sign in with TestID" through a real OpenID provider (oidc-provider, started here);
 * an admin's password reset link; changing one's own password; units chosen by one athlete stay
 * theirs (stored per user on the server, not in the browser).
 */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcService, type OidcSettings } from '../../server/services/accounts/oidc.service.js';
import { launchChromium, RENDERER_DIR } from '../helpers/e2e.js';
import { OIDC_CLIENT, startOidcProvider, type TestOidcProvider } from '../helpers/oidc-test-provider.js';
import { createServerModeApp, type ServerModeApp } from '../helpers/server-mode-app.js';

describe('accounts in the browser (e2e, server mode)', () => {
  let t: ServerModeApp;
  let browser: Browser;
  let base = '';
  let op: TestOidcProvider;
  const errors: string[] = [];

  beforeAll(async () => {
    // The provider listens first (its issuer URL is fixed); MileVault's callback URL is known once
    // MileVault listens on its ephemeral port, and then both are told.
    op = await startOidcProvider();
    const oidcSettings: OidcSettings = { issuer: op.issuer, clientId: OIDC_CLIENT.id, clientSecret: OIDC_CLIENT.secret, name: 'TestID', redirectUri: 'http://127.0.0.1/unset' };
    t = await createServerModeApp({ withUi: RENDERER_DIR, makeOidc: (accounts) => new OidcService(oidcSettings, accounts) });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    oidcSettings.redirectUri = `${base}/api/v1/auth/oidc/callback`;
    op.configure(oidcSettings.redirectUri);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await op?.close();
  });

  async function newPage(): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.route('**/*', (route) => (route.request().url().startsWith(base) || route.request().url().startsWith(op.issuer) ? route.continue() : route.abort('internetdisconnected')));
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    return p;
  }

  async function logout(p: Page) {
    await p.click('[data-testid=account-menu-button]');
    await p.click('[data-testid=logout]');
    await p.waitForSelector('[data-testid=login-page]');
  }

  it('setup → invite → accept → logout → login → expired session returns to login', async () => {
    const admin = await newPage();
    await admin.goto(`${base}/`);
    await admin.waitForSelector('[data-testid=setup-page]');
    await admin.fill('[data-testid=setup-name]', 'Ada');
    await admin.fill('[data-testid=setup-email]', 'ada@example.org');
    await admin.fill('[data-testid=setup-password]', 'ada password 12');
    await admin.fill('[data-testid=setup-password2]', 'ada password 12');
    await admin.click('[data-testid=setup-submit]');
    await admin.waitForSelector('[data-testid=account-menu]');
    expect(await admin.textContent('[data-testid=account-menu-button]')).toContain('Ada');

    await admin.goto(`${base}/#/users`);
    await admin.waitForSelector('[data-testid=users-page]');
    await admin.fill('[data-testid=invite-email-input]', 'bea@example.org');
    await admin.click('[data-testid=invite-create]');
    const link = (await (await admin.waitForSelector('[data-testid=invite-link]')).textContent())!;
    expect(link).toMatch(/#\/invite\/[A-Za-z0-9_-]{20,}$/);
    await logout(admin);

    const bea = await newPage();
    await bea.goto(link);
    await bea.waitForSelector('[data-testid=invite-page]');
    expect(await bea.textContent('[data-testid=invite-page]')).toContain('bea@example.org');
    await bea.fill('[data-testid=invite-name]', 'Bea');
    await bea.fill('[data-testid=invite-password]', 'bea password 12');
    await bea.click('[data-testid=invite-submit]');
    await bea.waitForSelector('[data-testid=account-menu]');
    expect(await bea.textContent('[data-testid=account-menu-button]')).toContain('Bea');
    // An athlete has no Users page in the menu.
    await bea.click('[data-testid=account-menu-button]');
    expect(await bea.locator('[data-testid=users-link]').count()).toBe(0);
    // Settings: her own exports, not the instance backups (admin-only; the API would answer 403).
    await bea.goto(`${base}/#/settings`);
    await bea.waitForSelector('[data-testid=athlete-data-settings] [data-testid=parquet-export]');
    expect(await bea.locator('[data-testid=backups-settings]').count()).toBe(0);
    if (!(await bea.locator('[data-testid=logout]').isVisible())) await bea.click('[data-testid=account-menu-button]');
    await bea.click('[data-testid=logout]');
    await bea.waitForSelector('[data-testid=login-page]');

    // The used invite link is refused.
    const again = await newPage();
    await again.goto(link);
    await again.waitForSelector('[data-testid=invite-invalid]');

    await bea.fill('[data-testid=login-email]', 'bea@example.org');
    await bea.fill('[data-testid=login-password]', 'wrong password');
    await bea.click('[data-testid=login-submit]');
    await bea.waitForSelector('.auth-card [role=alert]');
    expect(await bea.textContent('.auth-card [role=alert]')).toContain('email or password is wrong');
    await bea.fill('[data-testid=login-password]', 'bea password 12');
    await bea.click('[data-testid=login-submit]');
    await bea.waitForSelector('[data-testid=account-menu]');

    // Eight days without a request: past the 7-day idle limit. The next page load asks to log in.
    t.clock.advance(8 * 24 * 3600_000);
    await bea.goto(`${base}/#/settings`);
    await bea.reload();
    await bea.waitForSelector('[data-testid=login-page]');
    expect(errors).toEqual([]);
  }, 180_000);

  async function login(p: Page, email: string, password: string) {
    await p.goto(`${base}/`);
    await p.waitForSelector('[data-testid=login-page]');
    await p.fill('[data-testid=login-email]', email);
    await p.fill('[data-testid=login-password]', password);
    await p.click('[data-testid=login-submit]');
    await p.waitForSelector('[data-testid=account-menu]');
  }

  it('OIDC in the browser; admin reset link; change password; units per user', async () => {
    // 1. "Sign in with TestID": MileVault → the provider (its own pages, another port) → back, signed in as Ada.
    op.setNext({ sub: 'ada-sso', email: 'ada@example.org', verified: true });
    const sso = await newPage();
    await sso.goto(`${base}/`);
    await sso.waitForSelector('[data-testid=login-oidc]');
    expect(await sso.textContent('[data-testid=login-oidc]')).toContain('TestID');
    await sso.click('[data-testid=login-oidc]');
    await sso.waitForSelector('[data-testid=account-menu]');
    expect(await sso.textContent('[data-testid=account-menu-button]')).toContain('Ada');
    const me = await sso.evaluate(() => fetch('api/v1/account').then((r) => r.json() as Promise<{ email: string; oidcLinked: boolean }>));
    expect(me).toMatchObject({ email: 'ada@example.org', oidcLinked: true });

    // 2. The admin makes a password reset link for Bea; Bea opens it, sets a new password, is signed in.
    await sso.goto(`${base}/#/users`);
    await sso.waitForSelector('[data-testid="user-bea@example.org"]');
    await sso.click('[data-testid="reset-bea@example.org"]');
    const resetLink = (await (await sso.waitForSelector('[data-testid=reset-link]')).textContent())!;
    expect(resetLink).toMatch(/#\/reset\/[A-Za-z0-9_-]{40,}$/);
    const bea = await newPage();
    await bea.goto(resetLink);
    await bea.waitForSelector('[data-testid=reset-page]');
    expect(await bea.textContent('[data-testid=reset-page]')).toContain('bea@example.org');
    await bea.fill('[data-testid=reset-password]', 'bea reset password');
    await bea.fill('[data-testid=reset-password2]', 'bea reset password');
    await bea.click('[data-testid=reset-submit]');
    await bea.waitForSelector('[data-testid=account-menu]');
    // Used once: opening it again says so.
    const replay = await newPage();
    await replay.goto(resetLink);
    await replay.waitForSelector('[data-testid=reset-invalid]');

    // 3. Bea changes her password on the account page: wrong current one refused, then done.
    await bea.goto(`${base}/#/account`);
    await bea.waitForSelector('[data-testid=change-password]');
    await bea.fill('[data-testid=password-current]', 'not my password');
    await bea.fill('[data-testid=password-new]', 'bea final password');
    await bea.fill('[data-testid=password-new2]', 'bea final password');
    await bea.click('[data-testid=password-submit]');
    expect(await (await bea.waitForSelector('[data-testid=password-error]')).textContent()).toContain('current password is wrong');
    await bea.fill('[data-testid=password-current]', 'bea reset password');
    await bea.click('[data-testid=password-submit]');
    await bea.waitForSelector('[data-testid=password-done]');
    // Still signed in here (the session was rotated, not ended).
    await bea.reload();
    await bea.waitForSelector('[data-testid=change-password]');

    // 4. Units: Bea picks imperial; it stays after a reload and in a new browser of hers; Ada's stay metric.
    await bea.goto(`${base}/#/settings`);
    await bea.click('label:has([data-testid=units-imperial])');
    await bea.waitForFunction(() => fetch('api/v1/settings').then((r) => r.json() as Promise<{ units: string | null }>).then((s) => s.units === 'imperial'));
    const beaLaptop = await newPage();
    await login(beaLaptop, 'bea@example.org', 'bea final password');
    await beaLaptop.goto(`${base}/#/settings`);
    await beaLaptop.waitForSelector('[data-testid=units-imperial]:checked');
    await sso.goto(`${base}/#/settings`);
    await sso.reload();
    await sso.waitForSelector('[data-testid=units-metric]:checked');
    expect(errors).toEqual([]);
  }, 180_000);
});
