/**
 * Year goals (issue 17, dashboard "plan of the year"): GET/PUT /api/v1/goals on SQLite and on a
 * real PostgreSQL. A PUT replaces the year's goals; other years and other users are untouched;
 * every bad value is a 400 that names the reason and leaves the stored goals as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const W = { 'x-milevault-client': 'test', 'content-type': 'application/json' };

const backends: [string, () => Promise<{ t: TestApp; drop?: () => Promise<void> }>][] = [
  ['sqlite', async () => ({ t: await createTestApp() })],
  ['postgres', async () => {
    const db = await createTestDatabase();
    expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
    return { t: await createTestApp({ databaseUrl: db!.url }), drop: db!.drop };
  }],
];

describe.each(backends)('year goals API: %s', (_name, make) => {
  let t: TestApp;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ t, drop } = await make());
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  const get = async (year: number | string) => t.app.inject({ url: `/api/v1/goals?year=${year}` });
  const put = async (body: unknown) => t.app.inject({ method: 'PUT', url: '/api/v1/goals', headers: W, payload: JSON.stringify(body) });

  it('is empty before any goal is set', async () => {
    const res = await get(2026);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ year: 2026, items: [] });
  });

  it('stores goals per sport and replaces the year on the next PUT', async () => {
    const first = await put({ year: 2026, items: [{ sport: 'running', distanceM: 2_000_000 }, { sport: 'cycling', distanceM: 8_000_000, movingTimeS: 360_000 }, { sport: 'all', movingTimeS: 540_000 }] });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      year: 2026,
      items: [
        { sport: 'all', distanceM: null, movingTimeS: 540_000 },
        { sport: 'cycling', distanceM: 8_000_000, movingTimeS: 360_000 },
        { sport: 'running', distanceM: 2_000_000, movingTimeS: null },
      ],
    });
    expect((await put({ year: 2025, items: [{ sport: 'swimming', distanceM: 150_000.5 }] })).statusCode).toBe(200);
    // Replace 2026: cycling gone, running changed; 2025 untouched.
    const second = await put({ year: 2026, items: [{ sport: 'running', distanceM: 2_500_000, movingTimeS: null }] });
    expect(second.json().items).toEqual([{ sport: 'running', distanceM: 2_500_000, movingTimeS: null }]);
    expect((await get(2026)).json().items).toEqual([{ sport: 'running', distanceM: 2_500_000, movingTimeS: null }]);
    expect((await get(2025)).json().items).toEqual([{ sport: 'swimming', distanceM: 150_000.5, movingTimeS: null }]);
    // An empty list clears the year.
    expect((await put({ year: 2025, items: [] })).json()).toEqual({ year: 2025, items: [] });
    expect((await get(2025)).json().items).toEqual([]);
  });

  it('keeps each user to their own goals', async () => {
    await t.services.storage.users.ensure('bob', 'Bob');
    await t.services.storage.yearGoals.replace('bob', 2026, [{ sport: 'rowing', distanceM: 1000, movingTimeS: null }]);
    expect((await get(2026)).json().items.map((g: { sport: string }) => g.sport)).toEqual(['running']);
    expect(await t.services.storage.yearGoals.list('bob', 2026)).toEqual([{ sport: 'rowing', distanceM: 1000, movingTimeS: null }]);
  });

  it('refuses bad input with a 400 that names it, and keeps the stored goals', async () => {
    const bad: [unknown, RegExp][] = [
      [{ year: 2026, items: [{ sport: 'running', distanceM: 1000 }, { sport: 'running', movingTimeS: 60 }] }, /more than one goal/],
      [{ year: 2026, items: [{ sport: 'running' }] }, /distance.*or a time/],
      [{ year: 2026, items: [{ sport: 'running', distanceM: null, movingTimeS: null }] }, /distance.*or a time/],
      [{ year: 2026, items: [{ sport: 'running', distanceM: -5 }] }, /distanceM/],
      [{ year: 2026, items: [{ sport: 'running', distanceM: 0 }] }, /distanceM/],
      [{ year: 2026, items: [{ sport: 'running', distanceM: 1e12 }] }, /distanceM/],
      [{ year: 2026, items: [{ sport: 'running', movingTimeS: 400 * 86_400 }] }, /movingTimeS/],
      [{ year: 2026, items: [{ sport: 'Run ning', distanceM: 1000 }] }, /sport/],
      [{ year: 1800, items: [] }, /year/],
      [{ year: 2026.5, items: [] }, /year/],
      [{ year: 2026 }, /items/],
      [{ year: 2026, items: Array.from({ length: 41 }, (_, i) => ({ sport: `s${i}`, distanceM: 1 })) }, /items/],
    ];
    for (const [body, msg] of bad) {
      const res = await put(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message, JSON.stringify(body)).toMatch(msg);
    }
    // A number too large for JSON numbers to be finite never reaches storage either.
    const huge = await t.app.inject({ method: 'PUT', url: '/api/v1/goals', headers: W, payload: '{"year":2026,"items":[{"sport":"running","distanceM":1e400}]}' });
    expect(huge.statusCode).toBe(400);
    for (const q of ['', 'abc', '2026-01', '99999', '1e309', '2026&year=2027']) {
      const res = await get(q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.message, q).toMatch(/year/);
    }
    expect((await get(2026)).json().items).toEqual([{ sport: 'running', distanceM: 2_500_000, movingTimeS: null }]);
  });
});
