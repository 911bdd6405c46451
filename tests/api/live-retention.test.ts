import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEvents } from '../../server/services/activity-events.js';
import { createLive } from '../../server/services/live/live-module.js';
import { parseOsmAndFields } from '../../server/services/live/tracker-protocols.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Retention (live points expire, 48 h by default, MILEVAULT_LIVE_RETENTION_H) by the scheduled
 * job's function called directly with a moved clock, and joining a live session with the recorded
 * activity when its file is imported (ActivityEvents 'imported').
 */
const CLIENT = { 'x-milevault-client': 'test' };

describe('live retention and joining', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('the retention sweep removes sessions and points older than the window, keeps newer ones', async () => {
    let now = Date.UTC(2026, 6, 1, 12, 0, 0);
    const mod = createLive({ storage: t.services.storage, events: new ActivityEvents(), retentionH: 48, schedule: false, clock: () => now });
    try {
      const { token } = await mod.service.createToken('local', 'retention');
      const fix = (s: number) => parseOsmAndFields({ id: token, lat: 46 + s * 1e-4, lon: 7, timestamp: now / 1000 + s }, now);
      for (let s = 0; s < 3; s++) expect(await mod.service.ingest(fix(s))).toEqual({ accepted: 1, rejected: [] });
      const [old] = await mod.service.listSessions('local', 10);
      expect(old!.pointCount).toBe(3);
      expect((await mod.service.view(old!.share.token, null)).points).toHaveLength(3);

      now += 47 * 3600_000; // within 48 h: nothing goes, and a new session starts
      expect(await mod.sweep()).toEqual({ sessions: 0, points: 0 });
      expect((await mod.service.ingest(fix(0)))!.accepted).toBe(1);
      expect((await mod.service.listSessions('local', 10)).map((s) => s.pointCount)).toEqual([1, 3]);

      now += 2 * 3600_000; // 49 h after the first session
      expect(await mod.sweep()).toEqual({ sessions: 1, points: 3 });
      const left = await mod.service.listSessions('local', 10);
      expect(left.map((s) => s.pointCount)).toEqual([1]);
      await expect(mod.service.view(old!.share.token, null)).rejects.toMatchObject({ statusCode: 404 });
      // A point older than the window is refused outright rather than stored to be swept.
      expect((await mod.service.ingest(parseOsmAndFields({ id: token, lat: 46, lon: 7, timestamp: now / 1000 - 49 * 3600 }, now)))!.rejected).toEqual([{ index: 0, reason: 'too_old' }]);
    } finally {
      await mod.close();
    }
  });

  it('reads the retention from MILEVAULT_LIVE_RETENTION_H', async () => {
    const before = process.env.MILEVAULT_LIVE_RETENTION_H;
    process.env.MILEVAULT_LIVE_RETENTION_H = '6';
    try {
      const mod = createLive({ storage: t.services.storage, events: new ActivityEvents(), schedule: false });
      expect(mod.service.opts.retentionMs).toBe(6 * 3600_000);
      await mod.close();
    } finally {
      if (before === undefined) delete process.env.MILEVAULT_LIVE_RETENTION_H;
      else process.env.MILEVAULT_LIVE_RETENTION_H = before;
    }
    const dflt = createLive({ storage: t.services.storage, events: new ActivityEvents(), schedule: false });
    expect(dflt.service.opts.retentionMs).toBe(48 * 3600_000);
    await dflt.close();
  });

  it('a session links to the activity recorded over the same span when its file is imported', async () => {
    const startS = Math.floor(Date.now() / 1000) - 2 * 3600;
    const { token } = (await t.app.inject({ method: 'POST', url: '/api/v1/live/tokens', payload: { name: 'join' }, headers: CLIENT })).json();
    // Live points from 5 to 45 minutes into the ride, every minute.
    for (let m = 5; m <= 45; m++) {
      const res = await t.app.inject({ url: `/api/v1/live/osmand?id=${token}&lat=${47 + m * 2e-3}&lon=8&timestamp=${startS + m * 60}` });
      expect(res.json().accepted).toBe(1);
    }
    const mine = async () => (await t.app.inject({ url: '/api/v1/live/sessions' })).json().items.find((s: { pointCount: number }) => s.pointCount === 41);
    expect((await mine()).activityId).toBeNull();
    // Another day's file does not link.
    const other = await t.importAndWait([{ name: 'other.fit', bytes: makeFitActivity({ durationS: 3000, startTime: new Date((startS - 86_400) * 1000) }) }]);
    expect(other.files[0]!.status).toBe('imported');
    expect((await mine()).activityId).toBeNull();
    const job = await t.importAndWait([{ name: 'ride.fit', bytes: makeFitActivity({ durationS: 3000, startTime: new Date(startS * 1000) }) }]);
    const activityId = job.files[0]!.activityId;
    expect(activityId).toBeTruthy();
    expect((await mine()).activityId).toBe(activityId);
    // Deleting the activity unlinks it again.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/activities/${activityId}`, headers: CLIENT })).statusCode).toBe(204);
    expect((await mine()).activityId).toBeNull();
  });
});
