import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListDto } from '../../shared/api.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { backfillLocalTime, LOCAL_TIME_TASK } from '../../server/services/activities/local-time-backfill.js';
import { sha256Hex } from '../../server/services/original-store.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };

/** Issue 13 §2: the athlete's time-zone setting, and local time for activities stored before it existed. */
describe('local time: setting and backfill', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('validates and stores the time-zone setting, used for files with neither offset nor position', async () => {
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/settings', headers: json, payload: { timeZone: 'Mars/Olympus' } })).statusCode).toBe(400);
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/settings', headers: json, payload: { timeZone: 'Asia/Tokyo' } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ timeZone: 'Asia/Tokyo', systemTimeZone: expect.any(String) });
    // Indoor, 21:30 UTC on 1 May = 06:30 on 2 May in Tokyo.
    const job = await t.importAndWait([{ name: 'indoor.fit', bytes: makeFitActivity({ startTime: new Date('2024-05-01T21:30:00Z'), durationS: 1800, withGps: false }) }]);
    const a = (await t.app.inject({ url: `/api/v1/activities/${job.files[0].activityId}` })).json();
    expect(a).toMatchObject({ localStartTime: '2024-05-02T06:30:00+09:00', timeZone: 'Asia/Tokyo', name: 'Morning Run' });
    // The list's dates are the athlete's days: 2 May finds it, 1 May does not.
    expect(((await t.app.inject({ url: '/api/v1/activities?from=2024-05-02&to=2024-05-02' })).json() as ActivityListDto).items.map((x) => x.id)).toEqual([a.id]);
    expect(((await t.app.inject({ url: '/api/v1/activities?from=2024-05-01&to=2024-05-01' })).json() as ActivityListDto).items).toEqual([]);
    await t.app.inject({ method: 'PUT', url: '/api/v1/settings', headers: json, payload: { timeZone: null } });
  });

  it('gives activities stored before local time existed their offset and a name from the local hour, once', async () => {
    // As an older version stored it: no offset, a name from mean solar time at 8° E (UTC 04:10 → "Night").
    const parsed = makeParsedActivity({ startTime: '2024-06-01T04:10:00.000Z' } as Parameters<typeof makeParsedActivity>[0]);
    const { streams, ...meta } = parsed;
    const sha = sha256Hex(Buffer.from('old-row'));
    await t.services.storage.originals.upsert({ userId: LOCAL_USER_ID, sha256: sha, fileName: 'old.gpx', sizeBytes: 7, format: 'gpx' });
    await t.services.storage.activities.insert({ id: 'old-row', userId: LOCAL_USER_ID, originalSha256: sha, sourceIndex: 0, name: `Night ${meta.sport === 'running' ? 'Run' : 'Activity'}`, parsed: { ...meta, format: 'gpx' }, streams: prepareStreams(streams) });
    const before = (await t.app.inject({ url: '/api/v1/activities/old-row' })).json();
    expect(before.utcOffsetS).toBeNull();
    expect(before.localStartTime).toBeNull();
    expect(await t.services.storage.users.taskDone(LOCAL_TIME_TASK)).toBe(false);
    const n = await backfillLocalTime(t.services);
    expect(n).toBeGreaterThanOrEqual(1);
    const after = (await t.app.inject({ url: '/api/v1/activities/old-row' })).json();
    expect(after.utcOffsetS).not.toBeNull();
    expect(after.localStartTime).toMatch(/^2024-06-01T/);
    expect(after).toMatchObject({ timeZone: 'Europe/Zurich', localStartTime: '2024-06-01T06:10:00+02:00', name: 'Morning Run' });
    expect(await backfillLocalTime(t.services)).toBe(0);
  });

  it('dates records, their progression and the new-record insight on the local day', async () => {
    // A run in Tokyo at 23:30 UTC on 3 March is on the morning of 4 March there.
    const job = await t.importAndWait([{ name: 'tokyo.fit', bytes: makeFitActivity({ startTime: new Date('2023-03-03T23:30:00Z'), durationS: 1500, originLatDeg: 35.68, originLonDeg: 139.76 }) }]);
    const id = job.files[0].activityId!;
    expect((await t.app.inject({ url: `/api/v1/activities/${id}` })).json()).toMatchObject({ timeZone: 'Asia/Tokyo' });
    const recs = (await t.app.inject({ url: '/api/v1/records?sport=running' })).json().items as { activityId: string; date: string; kind: string; key: number }[];
    const mine = recs.filter((r) => r.activityId === id);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((r) => r.date))).toEqual(new Set(['2023-03-04']));
    const r0 = mine[0]!;
    const prog = (await t.app.inject({ url: `/api/v1/records/progression?sport=running&kind=${r0.kind}&key=${r0.key}` })).json().items as { activityId: string; date: string }[];
    expect(prog.find((p) => p.activityId === id)?.date).toBe('2023-03-04');
    const insights = (await t.app.inject({ url: '/api/v1/insights?limit=100' })).json();
    const pr = (insights.items ?? insights).find((i: { evidence?: { activityId?: string } }) => i.evidence?.activityId === id);
    expect(pr?.date).toBe('2023-03-04');
  });
});
