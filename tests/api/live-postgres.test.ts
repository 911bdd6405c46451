import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** Live ingest and sharing through the real app on PostgreSQL (issue 19: "on SQLite and PostgreSQL"). */
describe('live sharing on PostgreSQL', () => {
  let t: TestApp;
  let drop: (() => Promise<void>) | undefined;
  const T0S = Math.floor(Date.now() / 1000) - 900;

  beforeAll(async () => {
    const db = await createTestDatabase();
    expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
    drop = db!.drop;
    t = await createTestApp({ databaseUrl: db!.url });
  });
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  it('stores batched, out-of-order, re-sent points once and serves them by share link', async () => {
    const { token } = (await t.app.inject({ method: 'POST', url: '/api/v1/live/tokens', payload: {}, headers: { 'x-milevault-client': 't' } })).json();
    const loc = (i: number) => ({ timestamp: new Date((T0S + i * 5) * 1000).toISOString(), coords: { latitude: 46 + i * 1e-4, longitude: 7, speed: 2.5, altitude: 600 } });
    const post = (idx: number[]) => t.app.inject({ method: 'POST', url: '/api/v1/live/osmand', payload: { location: idx.map(loc), device_id: token } });
    expect((await post([0, 1, 2])).json()).toEqual({ accepted: 3, rejected: [] });
    expect((await post([5, 3, 4, 1, 2])).json().accepted).toBe(5); // accepted as valid; 1 and 2 are duplicates in the key
    const [s] = (await t.app.inject({ url: '/api/v1/live/sessions' })).json().items;
    expect(s).toMatchObject({ pointCount: 6, startedAtMs: T0S * 1000, lastPointMs: (T0S + 25) * 1000, active: true });
    const v = (await t.app.inject({ url: `/api/v1/live/share/${s.share.token}?since=${(T0S + 5) * 1000}` })).json();
    expect(v.points.map((p: { t: number }) => (p.t / 1000 - T0S) / 5)).toEqual([2, 3, 4, 5]);
    expect(v.session).toMatchObject({ ended: false, lastPointMs: (T0S + 25) * 1000 });
  });
});
