import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, createServerModeApp, type ServerModeApp } from '../helpers/server-mode-app.js';

/**
 * Issue 14: an athlete changes their password (current one required, other sessions end, this
 * browser gets a new session id, audited); an admin makes a one-time reset link; and the failed-
 * login backoff is kept in the database, so a restart does not reset it.
 */
const ADMIN = { email: 'admin@example.org', password: 'admin password 1' };
const ANA = { email: 'ana@example.org', password: 'ana password 12' };

describe('change password and admin reset links', () => {
  let t: ServerModeApp;
  let admin: string;
  let anaId: string;
  beforeAll(async () => {
    t = await createServerModeApp();
    admin = cookieOf(await t.req({ method: 'POST', url: '/api/v1/auth/setup', payload: ADMIN }));
    anaId = (await t.req({ method: 'POST', url: '/api/v1/admin/users', cookie: admin, payload: ANA })).json().id;
  }, 60_000);
  afterAll(async () => t?.close());

  it('needs the current password; ends the other sessions; rotates this one; audited', async () => {
    const here = await t.login(ANA.email, ANA.password);
    const phone = await t.login(ANA.email, ANA.password);
    const wrong = await t.req({ method: 'POST', url: '/api/v1/account/password', cookie: here, payload: { currentPassword: 'not my password', newPassword: 'ana new password 1' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('wrong_password');
    expect((await t.req({ method: 'POST', url: '/api/v1/account/password', cookie: here, payload: { currentPassword: ANA.password, newPassword: 'short' } })).statusCode).toBe(400);
    expect((await t.req({ method: 'POST', url: '/api/v1/account/password', cookie: here, payload: { newPassword: 'ana new password 1' } })).statusCode).toBe(400);
    // A script's token cannot change the password.
    const pat = (await t.req({ method: 'POST', url: '/api/v1/account/tokens', cookie: here, payload: { name: 'cli', scope: 'read-write' } })).json().token as string;
    expect((await t.req({ method: 'POST', url: '/api/v1/account/password', bearer: pat, payload: { currentPassword: ANA.password, newPassword: 'ana new password 1' } })).statusCode).toBe(403);

    const ok = await t.req({ method: 'POST', url: '/api/v1/account/password', cookie: here, payload: { currentPassword: ANA.password, newPassword: 'ana new password 1' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ endedSessions: 1 });
    const rotated = cookieOf(ok);
    expect(rotated).not.toBe(here);
    expect((await t.req({ url: '/api/v1/activities', cookie: rotated })).statusCode).toBe(200);
    expect((await t.req({ url: '/api/v1/activities', cookie: here })).statusCode).toBe(401);
    expect((await t.req({ url: '/api/v1/activities', cookie: phone })).statusCode).toBe(401);
    // The token keeps working (documented: revoke it separately).
    expect((await t.req({ url: '/api/v1/activities', bearer: pat })).statusCode).toBe(200);
    expect((await t.req({ method: 'POST', url: '/api/v1/auth/login', payload: ANA })).statusCode).toBe(401);
    await t.login(ANA.email, 'ana new password 1');
    const audit = (await t.req({ url: '/api/v1/account/audit', cookie: rotated })).json().items as { action: string; detail: Record<string, unknown> | null }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['password.change', 'password.change-failed']));
    expect(audit.find((a) => a.action === 'password.change')!.detail).toEqual({ otherSessionsEnded: 1 });
    ANA.password = 'ana new password 1';
  });

  it('wrong current passwords back off like logins (a stolen session cannot guess the password)', async () => {
    const s = await t.login(ANA.email, ANA.password);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await t.req({ method: 'POST', url: '/api/v1/account/password', cookie: s, payload: { currentPassword: `guess ${i} guess`, newPassword: 'whatever password' } })).statusCode);
    expect(codes.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(codes.at(-1)).toBe(429);
    t.clock.advance(61 * 60_000);
    expect((await t.req({ method: 'POST', url: '/api/v1/account/password', cookie: s, payload: { currentPassword: 'still a wrong one', newPassword: 'whatever password' } })).statusCode).toBe(403);
  });

  it('admin reset link: one use, 24 h, only for that account, ends its sessions, signs the browser in', async () => {
    const ana = await t.login(ANA.email, ANA.password);
    // Only an admin, from a session.
    expect((await t.req({ method: 'POST', url: `/api/v1/admin/users/${anaId}/password-reset`, cookie: ana })).statusCode).toBe(403);
    expect((await t.req({ method: 'POST', url: '/api/v1/admin/users/nobody/password-reset', cookie: admin })).statusCode).toBe(404);
    const first = (await t.req({ method: 'POST', url: `/api/v1/admin/users/${anaId}/password-reset`, cookie: admin })).json();
    const made = await t.req({ method: 'POST', url: `/api/v1/admin/users/${anaId}/password-reset`, cookie: admin });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ email: ANA.email, link: expect.stringMatching(/^#\/reset\/[A-Za-z0-9_-]{40,}$/) });
    const token = made.json().link.split('/').pop() as string;
    // A newer link replaces the older one.
    expect((await t.req({ url: `/api/v1/auth/password-resets/${first.link.split('/').pop()}` })).statusCode).toBe(410);
    expect((await t.req({ url: `/api/v1/auth/password-resets/${token}` })).json()).toEqual({ email: ANA.email });
    expect((await t.req({ method: 'POST', url: `/api/v1/auth/password-resets/${token}/accept`, payload: { password: 'short' } })).statusCode).toBe(400);
    const done = await t.req({ method: 'POST', url: `/api/v1/auth/password-resets/${token}/accept`, payload: { password: 'ana reset password' } });
    expect(done.statusCode).toBe(200);
    expect(done.json().account.email).toBe(ANA.email);
    expect((await t.req({ url: '/api/v1/account', cookie: cookieOf(done) })).json().email).toBe(ANA.email);
    expect((await t.req({ url: '/api/v1/activities', cookie: ana })).statusCode).toBe(401);
    expect((await t.req({ method: 'POST', url: `/api/v1/auth/password-resets/${token}/accept`, payload: { password: 'another password' } })).statusCode).toBe(410);
    await t.login(ANA.email, 'ana reset password');
    ANA.password = 'ana reset password';
    // Expiry: a day later the link is dead.
    const late = (await t.req({ method: 'POST', url: `/api/v1/admin/users/${anaId}/password-reset`, cookie: admin })).json().link.split('/').pop();
    t.clock.advance(24 * 3600_000 + 1000);
    admin = await t.login(ADMIN.email, ADMIN.password);
    expect((await t.req({ method: 'POST', url: `/api/v1/auth/password-resets/${late}/accept`, payload: { password: 'too late password' } })).statusCode).toBe(410);
    // A disabled account gets no link.
    await t.req({ method: 'PATCH', url: `/api/v1/admin/users/${anaId}`, cookie: admin, payload: { disabled: true } });
    expect((await t.req({ method: 'POST', url: `/api/v1/admin/users/${anaId}/password-reset`, cookie: admin })).statusCode).toBe(409);
    await t.req({ method: 'PATCH', url: `/api/v1/admin/users/${anaId}`, cookie: admin, payload: { disabled: false } });
    const events = (await t.req({ url: '/api/v1/admin/audit', cookie: admin })).json().items as { action: string }[];
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['password.reset-link', 'password.reset']));
  });
});

describe('login backoff survives a restart (kept in the database)', () => {
  it('five failures, restart, still throttled; expired counters are swept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'milevault-backoff-restart-'));
    try {
      const first = await createServerModeApp({ dataDir });
      await first.req({ method: 'POST', url: '/api/v1/auth/setup', payload: ADMIN });
      for (let i = 0; i < 5; i++) await first.req({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ADMIN.email, password: `guess ${i} guess` }, remoteAddress: `10.3.0.${i}` });
      expect((await first.req({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN, remoteAddress: '10.3.1.1' })).statusCode).toBe(429);
      const stoppedAt = first.clock.ms;
      await first.close();

      const second = await createServerModeApp({ dataDir });
      // The test clocks stand still: the restart happens half a second later (after five failures the next try waits 1 s).
      second.clock.ms = stoppedAt + 500;
      try {
        const blocked = await second.req({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN, remoteAddress: '10.3.1.2' });
        expect(blocked.statusCode).toBe(429);
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
        expect(await second.services.storage.accounts.backoff(`acct:${ADMIN.email}`)).toMatchObject({ failures: 5 });
        // An hour without failures: forgotten, and the sweep removes the rows.
        second.clock.advance(61 * 60_000);
        expect(await second.accounts.sweepExpired()).toBeGreaterThan(0);
        expect(await second.services.storage.accounts.backoff(`acct:${ADMIN.email}`)).toBeNull();
        expect((await second.req({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN, remoteAddress: '10.3.1.2' })).statusCode).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
