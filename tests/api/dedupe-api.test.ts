import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListDto } from '../../shared/api.js';
import type { ActivityMetaDto } from '../../shared/gear-api.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { DEDUPE_TASK, dedupeExisting } from '../../server/services/activities/dedupe-existing.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };

/** Issue 13 §1: one workout is one activity on every path, with undo (merge and split by hand). */
describe('duplicate workouts on every import path', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const list = async (from: string, to: string) => ((await t.app.inject({ url: `/api/v1/activities?from=${from}&to=${to}` })).json() as ActivityListDto).items;
  const meta = async (id: string) => (await t.app.inject({ url: `/api/v1/activities/${id}/meta` })).json() as ActivityMetaDto;

  it('a re-saved copy with other bytes is a duplicate of the first, and says of which', async () => {
    const start = new Date('2024-03-01T06:00:00Z');
    const first = await t.importAndWait([{ name: 'watch.fit', bytes: makeFitActivity({ startTime: start, durationS: 1800 }) }]);
    expect(first.files[0].status).toBe('imported');
    const copy = await t.importAndWait([{ name: 'watch (copy).fit', bytes: makeFitActivity({ startTime: start, durationS: 1800, withPower: true }) }]);
    const f = copy.files[0];
    expect(f.status).toBe('duplicate');
    expect(f.activityId).toBe(first.files[0].activityId);
    expect(f.warnings?.join(' ')).toMatch(new RegExp(`duplicate of ".+" \\(${first.files[0].activityId}\\): same device`));
    expect(await list('2024-03-01', '2024-03-01')).toHaveLength(1);
    expect((await meta(first.files[0].activityId!)).sources.map((s) => s.fileName).sort()).toEqual(['watch (copy).fit', 'watch.fit']);
  });

  it('keeps two workouts that only start together apart (a 10-min warm-up and the 1-h session)', async () => {
    const start = new Date('2024-03-02T06:00:00Z');
    const job = await t.importAndWait([
      { name: 'warmup.fit', bytes: makeFitActivity({ startTime: start, durationS: 600 }) },
      { name: 'session.fit', bytes: makeFitActivity({ startTime: start, durationS: 3600, withHr: false }) },
    ]);
    expect(job.files.map((x) => x.status)).toEqual(['imported', 'imported']);
    expect(await list('2024-03-02', '2024-03-02')).toHaveLength(2);
  });

  it('splits a wrongly merged source back out, and merges two activities by hand', async () => {
    const [a] = await list('2024-03-01', '2024-03-01');
    const src = (await meta(a.id)).sources.find((s) => s.fileName === 'watch (copy).fit')!;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/activities/${a.id}/split`, headers: json, payload: { source: src.source, externalId: src.externalId } });
    expect(res.statusCode).toBe(201);
    const split = res.json().activityId as string;
    expect(split).not.toBe(a.id);
    expect((await list('2024-03-01', '2024-03-01')).map((x) => x.id).sort()).toEqual([a.id, split].sort());
    expect((await meta(a.id)).sources.map((s) => s.fileName)).toEqual(['watch.fit']);
    expect((await meta(split)).sources.map((s) => s.fileName)).toEqual(['watch (copy).fit']);
    // The activity's own file cannot be split off itself.
    const own = (await meta(a.id)).sources[0];
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/activities/${a.id}/split`, headers: json, payload: { source: own.source, externalId: own.externalId } })).statusCode).toBe(409);

    const merged = await t.app.inject({ method: 'POST', url: `/api/v1/activities/${a.id}/merge`, headers: json, payload: { otherActivityId: split } });
    expect(merged.statusCode).toBe(200);
    const { activityId, removedId } = merged.json() as { activityId: string; removedId: string };
    expect(new Set([activityId, removedId])).toEqual(new Set([a.id, split]));
    expect((await list('2024-03-01', '2024-03-01')).map((x) => x.id)).toEqual([activityId]);
    expect((await meta(activityId)).sources.map((s) => s.fileName).sort()).toEqual(['watch (copy).fit', 'watch.fit']);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/activities/${activityId}/merge`, headers: json, payload: { otherActivityId: activityId } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/activities/${activityId}/merge`, headers: json, payload: { otherActivityId: 'nope' } })).statusCode).toBe(404);
  });

  it('merges duplicates stored before detection covered every path, once', async () => {
    // Stored apart the way an older version did (keepApart = no duplicate check).
    const start = new Date('2024-04-01T17:00:00Z');
    await t.importAndWait([{ name: 'ride.fit', bytes: makeFitActivity({ startTime: start, durationS: 2400, sport: 'cycling' }) }]);
    const copy = makeFitActivity({ startTime: start, durationS: 2400, sport: 'cycling', withCadence: false });
    const parsed = await t.services.pool.parse(copy, 'ride-export.fit');
    if (parsed.kind !== 'activities') throw new Error('fixture did not parse');
    const sha = (await import('../../server/services/original-store.js')).sha256Hex(Buffer.from(copy));
    await t.services.originals.put(sha, Buffer.from(copy));
    await t.services.storage.originals.upsert({ userId: LOCAL_USER_ID, sha256: sha, fileName: 'ride-export.fit', sizeBytes: copy.length, format: 'fit' });
    await t.services.imports.store.save({ userId: LOCAL_USER_ID, sha256: sha, sourceIndex: 0, fileName: 'ride-export.fit', parsed: parsed.activities[0], meta: null, dryRun: false, keepApart: true });
    expect(await list('2024-04-01', '2024-04-01')).toHaveLength(2);

    // startServer runs the pass once per database; the test app (createServices) has not.
    expect(await t.services.storage.users.taskDone(DEDUPE_TASK)).toBe(false);
    const lines: string[] = [];
    expect(await dedupeExisting(t.services.storage, t.services.imports.store, (l) => lines.push(l)), lines.join('\n')).toBe(1);
    expect(await t.services.storage.users.taskDone(DEDUPE_TASK)).toBe(true);
    expect(await dedupeExisting(t.services.storage, t.services.imports.store)).toBe(0);
    const left = await list('2024-04-01', '2024-04-01');
    expect(left).toHaveLength(1);
    expect((await meta(left[0].id)).sources.map((s) => s.fileName).sort()).toEqual(['ride-export.fit', 'ride.fit']);
    // Other days untouched (the two workouts of 2 March stay two).
    expect(await list('2024-03-02', '2024-03-02')).toHaveLength(2);
  });
});
