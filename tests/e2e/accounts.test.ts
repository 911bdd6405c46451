/**
 * E2E (Chromium) for issue 14's server mode: a server with no users walks the admin through
 * setup; the admin creates an invite link; the invited athlete opens it, chooses a password and is
 * signed in; logs out; logs in with the password; and when the session expires (the server's clock
 * moved past the idle limit) the next action lands on the login page again.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, RENDERER_DIR } from '../helpers/e2e.js';
import { createServerModeApp, type ServerModeApp } from '../helpers/server-mode-app.js';

describe('accounts in the browser (e2e, server mode)', () => {
  let t: ServerModeApp;
  let browser: Browser;
  let base = '';
  const errors: string[] = [];

  beforeAll(async () => {
    t = await createServerModeApp({ withUi: RENDERER_DIR });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newPage(): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort('internetdisconnected')));
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
});
