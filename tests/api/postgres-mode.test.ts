import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityDetailDto, ActivityListDto, StreamsDto } from '../../shared/api.js';
import { expectedFitTotals, makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** Server mode: the same app and API on a real PostgreSQL (embedded, or MILEVAULT_TEST_PG_URL). */
describe('API on PostgreSQL', () => {
  let t: TestApp;
  let drop: () => Promise<void>;
  const opts = { durationS: 3600, withPower: true };
  const bytes = makeFitActivity(opts);
  const expected = expectedFitTotals(opts);

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

  it('reports postgres in health', async () => {
    expect((await t.app.inject({ url: '/api/v1/health' })).json()).toMatchObject({ status: 'ok', database: { kind: 'postgres', status: 'ok' } });
  });

  it('imports, reads, downsamples, deletes like SQLite', async () => {
    const job = await t.importAndWait([{ name: 'run.fit', bytes }]);
    expect(job.files[0].status).toBe('imported');
    const id = job.files[0].activityId!;
    const a = (await t.app.inject({ url: `/api/v1/activities/${id}` })).json() as ActivityDetailDto;
    expect(a.distanceM).toBeCloseTo(expected.distanceM, 0);
    expect(a.timerTimeS).toBeCloseTo(expected.timerTimeS, 0);
    const s = (await t.app.inject({ url: `/api/v1/activities/${id}/streams` })).json() as StreamsDto;
    expect(s.sampleCount).toBe(expected.samples);
    expect(s.channels.powerW?.slice(0, 4)).toEqual([200, 300, 200, 300]);
    expect(s.channels.hrBpm?.slice(0, 2)).toEqual([120, 140]);
    const small = (await t.app.inject({ url: `/api/v1/activities/${id}/streams?channels=latDeg,lonDeg&maxPoints=100` })).json() as StreamsDto;
    expect(small.timeS.length).toBeLessThanOrEqual(100);
    expect((await t.importAndWait([{ name: 'again.fit', bytes }])).files[0].status).toBe('duplicate');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${id}` })).statusCode).toBe(204);
    expect(((await t.app.inject({ url: '/api/v1/activities' })).json() as ActivityListDto).total).toBe(0);
  });
});
