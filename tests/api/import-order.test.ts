import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { line, loop, toGpx, walk } from '../helpers/track-fixtures.js';

/**
 * Issue 15 §7: the same files give the same answers whatever order they were imported in, on
 * SQLite and PostgreSQL. Two runs share a start time and an identical pace (a records tie that
 * the import order used to decide); a loop run twice on different days names its route.
 */
const gpx = (name: string, start: string, seed: number, origin?: { lat: number; lon: number }) =>
  ({ name: `${name}.gpx`, bytes: toGpx(walk(line([0, 0], [3000, 0]), { seed, speedMps: 3.2, noiseM: 0, ...(origin ? { origin } : {}) }), { startTime: new Date(start), sport: 'running', name }) });
const loopRun = (name: string, start: string, seed: number) =>
  ({ name: `${name}.gpx`, bytes: toGpx(walk(loop(400, { centre: [0, 400] }), { seed, speedMps: 3 }), { startTime: new Date(start), sport: 'running', name }) });

const files = [
  gpx('Twin north', '2024-03-03T07:00:00Z', 1, { lat: 47.5, lon: 8.5 }),
  gpx('Twin south', '2024-03-03T07:00:00Z', 1, { lat: 46.2, lon: 6.1 }),
  loopRun('Loop in May', '2024-05-01T07:00:00Z', 3),
  loopRun('Loop in June', '2024-06-01T07:00:00Z', 4),
];

async function answers(databaseUrl: string | undefined, order: number[]) {
  const t: TestApp = await createTestApp(databaseUrl ? { databaseUrl } : {});
  try {
    // One file per job, in the given order: each finishes before the next starts.
    for (const i of order) await t.importAndWait([files[i]]);
    await t.services.analysis.service.flushAll();
    const records = (await t.app.inject({ url: '/api/v1/records?sport=running' })).json();
    const routes = (await t.app.inject({ url: '/api/v1/routes' })).json();
    const list = (await t.app.inject({ url: '/api/v1/activities?limit=50' })).json();
    return {
      records,
      routes: (Array.isArray(routes) ? routes : routes.items ?? routes.routes).map((r: { name: string; activityCount?: number }) => r.name).sort(),
      ids: list.items.map((a: { id: string; name: string }) => `${a.name}:${a.id}`).sort(),
    };
  } finally {
    await t.close();
  }
}

describe('answers do not depend on import order', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });

  it('on SQLite and PostgreSQL alike', async () => {
    const forward = await answers(undefined, [0, 1, 2, 3]);
    const backward = await answers(undefined, [3, 2, 1, 0]);
    expect(forward.routes).toContain('Loop in May');
    expect(forward.routes).not.toContain('Loop in June');
    // The twins tie on every effort: one of them holds records, the same one in every order.
    const twins = forward.ids.filter((x: string) => x.startsWith('Twin')).map((x: string) => x.split(':')[1]);
    expect(twins).toHaveLength(2);
    expect(forward.records.items.some((r: { activityId: string }) => twins.includes(r.activityId))).toBe(true);
    expect(backward).toEqual(forward);
    const tdb = await createTestDatabase();
    expect(tdb, 'PostgreSQL must be available to the test run').not.toBeNull();
    drops.push(tdb!.drop);
    expect(await answers(tdb!.url, [1, 3, 0, 2])).toEqual(forward);
  }, 240_000);
});
