/**
 * Issue 14: writes and logins are rate limited (configurable); reads are not, and an upload of
 * many files is one write (the desktop's bulk imports are not limited per file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const CLIENT = { 'x-milevault-client': 'test' };

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: { enabled: true, writesPerMinute: 3, loginsPerMinute: 2 } });
  }, 60_000);
  afterAll(() => t.close());

  it('counts an upload of many files as one write and refuses the write past the limit with 429', async () => {
    const files = Array.from({ length: 40 }, (_, i) => ({ name: `f${i}.fit`, bytes: makeFitActivity({ durationS: 60, startTime: new Date(Date.UTC(2024, 0, 1 + i, 7)) }) }));
    const up = await t.upload(files);
    expect(up.status).toBe(202);
    await t.services.imports.waitFor(up.body.id);
    // 40 files spent at most one write of the 3 a minute: two or three writes still pass.
    let passed = 0;
    let over = await t.app.inject({ method: 'PUT', url: '/api/v1/settings', headers: CLIENT, payload: { timeZone: 'Europe/Zurich' } });
    while (over.statusCode === 200 && passed < 10) {
      passed++;
      over = await t.app.inject({ method: 'PUT', url: '/api/v1/settings', headers: CLIENT, payload: { timeZone: 'Europe/Zurich' } });
    }
    expect(passed).toBeGreaterThanOrEqual(2);
    expect(passed).toBeLessThanOrEqual(3);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Reads stay open.
    for (let i = 0; i < 10; i++) expect((await t.app.inject({ url: '/api/v1/activities?limit=1' })).statusCode).toBe(200);
  });

  it('limits the launch-token exchange (a login route) per IP', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await t.app.inject({ url: '/auth/launch?token=wrong' })).statusCode);
    expect(codes).toEqual([401, 401, 429]);
  });

  it('reads its limits from the environment, with defaults that leave room for bulk work', () => {
    expect(configFromEnv({}).rateLimits).toEqual({ enabled: true, writesPerMinute: 600, loginsPerMinute: 30 });
    expect(configFromEnv({ MILEVAULT_RATE_LIMIT_WRITES: '50', MILEVAULT_RATE_LIMIT: 'off' }).rateLimits).toMatchObject({ enabled: false, writesPerMinute: 50 });
    expect(() => configFromEnv({ MILEVAULT_RATE_LIMIT_LOGINS: '0' })).toThrow(/MILEVAULT_RATE_LIMIT_LOGINS/);
  });
});
