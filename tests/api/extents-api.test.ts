/**
 * GET /api/v1/analysis/extents (issue 17): where the athlete's activities and health data lie,
 * each activity by its own local day, a never-set device clock (1990) left out, another user's
 * rows never counted. Also GET /api/v1/thresholds/estimates:
 * starting thresholds from the same history, accepted through the ordinary thresholds API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const DAY = 86_400_000;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('data extents', () => {
  it('is empty for a new athlete', async () => {
    const res = await t.app.inject({ url: '/api/v1/analysis/extents' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.activities).toBeNull();
    expect(body.health).toBeNull();
    expect(body.healthMetrics).toEqual({});
    expect(body.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('gives first and last activity day and per-metric health days, scoped to the user', async () => {
    const job = await t.importAndWait([
      { name: 'a.fit', bytes: makeFitActivity({ startTime: new Date('2018-03-04T09:00:00Z'), durationS: 600 }) },
      { name: 'b.fit', bytes: makeFitActivity({ startTime: new Date('2019-06-10T23:30:00Z'), durationS: 600 }) },
      // A device without a clock fix: 1990, left out of the extents like it is of records.
      { name: 'c.fit', bytes: makeFitActivity({ startTime: new Date('1990-07-01T10:00:00Z'), durationS: 600 }) },
    ]);
    expect(job.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported']);
    await t.services.storage.health.upsertDaily('local', [
      { metric: 'hrvMs', dayMs: Date.UTC(2017, 1, 1), source: 'x', value: 50 },
      { metric: 'hrvMs', dayMs: Date.UTC(2018, 11, 31), source: 'x', value: 52 },
      { metric: 'restingHrBpm', dayMs: Date.UTC(2025, 4, 2), source: 'y', value: 48 },
    ]);
    await t.services.storage.users.ensure('bob', 'Bob');
    await t.services.storage.health.upsertDaily('bob', [{ metric: 'hrvMs', dayMs: Date.UTC(2026, 0, 1), source: 'x', value: 1 }]);
    await t.services.storage.health.upsertSleep('local', [{ source: 's', startMs: Date.UTC(2025, 4, 5, 22) , endMs: Date.UTC(2025, 4, 6, 6), dayMs: Date.UTC(2025, 4, 6), stages: [] }]);

    const body = (await t.app.inject({ url: '/api/v1/analysis/extents' })).json();
    // The FIT fixture has no position or offset: the local day follows the UTC start.
    expect(body.activities.first).toBe('2018-03-04');
    expect(body.activities.last.slice(0, 7)).toBe('2019-06');
    expect(body.activities.count).toBe(2);
    expect(body.healthMetrics).toEqual({
      hrvMs: { first: '2017-02-01', last: '2018-12-31' },
      restingHrBpm: { first: '2025-05-02', last: '2025-05-02' },
      sleep: { first: '2025-05-06', last: '2025-05-06' },
    });
    expect(body.health).toEqual({ first: '2017-02-01', last: '2025-05-06' });
    expect(Date.parse(`${body.today}T00:00:00Z`)).toBeGreaterThan(Date.UTC(2025, 0, 1) - DAY);
  });
});

describe('threshold estimates', () => {
  it('estimates FTP from the best 20-minute power and accepting it writes a dated threshold', async () => {
    await t.importAndWait([{ name: 'ride.fit', bytes: makeFitActivity({ startTime: new Date('2019-06-12T16:00:00Z'), sport: 'cycling', durationS: 2700, speedMps: 8, withPower: true }) }]);
    const records = (await t.app.inject({ url: '/api/v1/records?sport=cycling' })).json() as { items: { kind: string; key: number; scope: string; valueW?: number }[] };
    const p20 = records.items.find((r) => r.kind === 'power' && r.key === 1200 && r.scope === 'all')!.valueW!;
    const res = await t.app.inject({ url: '/api/v1/thresholds/estimates' });
    expect(res.statusCode).toBe(200);
    const ftp = (res.json().items as { kind: string; value: number; validFrom: string; sport: string | null; method: string }[]).find((e) => e.kind === 'ftp')!;
    expect(ftp.value).toBe(Math.round(0.95 * p20));
    expect(ftp.validFrom).toBe('2019-06-12');
    expect(ftp.method).toMatch(/20-minute power/);
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/thresholds', headers: { 'x-milevault-client': 'test' }, payload: { kind: ftp.kind, sport: ftp.sport, value: ftp.value, validFrom: ftp.validFrom } });
    expect(post.statusCode).toBe(201);
    const list = (await t.app.inject({ url: '/api/v1/thresholds' })).json().items as { kind: string; value: number }[];
    expect(list.find((x) => x.kind === 'ftp')?.value).toBe(ftp.value);
  });
});

describe('phone URLs', () => {
  it('lists what a phone can use, never loopback, and says a loopback-bound server is unreachable', async () => {
    const res = await t.app.inject({ url: '/api/v1/phone-urls' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { loopbackOnly: boolean; urls: { url: string; reachable: boolean; problem: string | null; qrSvg: string }[] };
    expect(body.loopbackOnly).toBe(true);
    for (const u of body.urls) {
      expect(u.url).not.toMatch(/127\.0\.0\.1|localhost|\[::1\]/);
      expect(u.reachable).toBe(false);
      expect(u.problem).toMatch(/HOST=0\.0\.0\.0/);
      expect(u.qrSvg).toMatch(/^<svg/);
    }
  });
});
