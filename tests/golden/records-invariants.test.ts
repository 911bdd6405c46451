import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsDto } from '../../shared/analysis-api.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { shortestPaceDurationS } from '../../server/domain/clean/pace-floors.js';
import { EARLIEST_TRUSTED_START_MS, FUTURE_SLACK_MS } from '../../server/domain/clean/record-dates.js';
import { limitsFor } from '../../server/domain/clean/sport-limits.js';
import { corpusOrWarn } from '../helpers/corpus.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Corpus-wide invariants of issue 13 §3, through the whole pipeline (worker threads → storage →
 * records): after importing every FIT, GPX and TCX file of ../shared/corpus, no record and no
 * record candidate lies beyond its sport's physical limit, no pace record is shorter than the
 * sport's GPS floor, and no record comes from an activity dated outside 2000..now.
 */
const corpus = corpusOrWarn();

describe.skipIf(!corpus)('records invariants over the corpus (fit, gpx, tcx)', () => {
  let t: TestApp;
  const activityIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    for (const sub of ['fit', 'gpx', 'tcx']) {
      const id = await t.services.imports.createJobFromPaths(LOCAL_USER_ID, [join(corpus!, sub)]);
      await t.services.imports.waitFor(id);
    }
    await t.services.analysis.service.flushAll();
    // Every stored activity (a duplicate merged into a richer source keeps one id, not the file's).
    const all = await t.services.storage.activities.list(LOCAL_USER_ID, { limit: 100_000, offset: 0 });
    activityIds.push(...all.items.map((a) => a.id));
  }, 900_000);
  afterAll(async () => t?.close());

  it('no record candidate beyond its sport\'s limit, no pace candidate below its GPS floor', async () => {
    expect(activityIds.length).toBeGreaterThan(100);
    const bad: string[] = [];
    let checked = 0;
    for (const id of activityIds) {
      for (const e of await t.services.storage.analysis.effortsOf(LOCAL_USER_ID, id)) {
        checked++;
        const L = limitsFor(e.sport);
        const where = `${id} ${e.sport} ${e.kind} ${e.key}: ${e.value}`;
        if (e.kind === 'pace' && (e.value > L.maxSpeedMps || e.key < shortestPaceDurationS(e.sport))) bad.push(where);
        if (e.kind === 'power' && e.value > L.maxPowerW) bad.push(where);
        if (e.kind === 'hr' && (e.value > L.maxHrBpm || e.value < L.minHrBpm)) bad.push(where);
        // A distance effort is a time: faster than the sport's top speed is impossible.
        if (e.kind === 'distance' && e.key / e.value > L.maxSpeedMps) bad.push(where);
        if (e.startTimeMs < EARLIEST_TRUSTED_START_MS || e.startTimeMs > Date.now() + FUTURE_SLACK_MS) bad.push(`${where} dated ${new Date(e.startTimeMs).toISOString()}`);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(bad).toEqual([]);
  });

  it('every record of every sport is within 2000..now and within its sport\'s limits', async () => {
    const sports = new Set<string>();
    for (const id of activityIds) for (const e of await t.services.storage.analysis.effortsOf(LOCAL_USER_ID, id)) sports.add(e.sport);
    expect(sports.size).toBeGreaterThan(3);
    let records = 0;
    for (const sport of sports) {
      const res = await t.app.inject({ url: `/api/v1/records?sport=${encodeURIComponent(sport)}` });
      expect(res.statusCode).toBe(200);
      const L = limitsFor(sport);
      for (const r of (res.json() as RecordsDto).items) {
        records++;
        const ms = Date.parse(`${r.date}T12:00:00Z`);
        expect(ms, `${sport} ${r.kind} ${r.key} from ${r.activityId}`).toBeGreaterThanOrEqual(EARLIEST_TRUSTED_START_MS);
        expect(ms).toBeLessThanOrEqual(Date.now() + 2 * FUTURE_SLACK_MS);
        if (r.kind === 'pace') expect(r.valueMps!, `${sport} pace ${r.key}`).toBeLessThanOrEqual(L.maxSpeedMps);
        if (r.kind === 'power') expect(r.valueW!).toBeLessThanOrEqual(L.maxPowerW);
        if (r.kind === 'hr') expect(r.valueBpm!).toBeLessThanOrEqual(L.maxHrBpm);
        if (r.kind === 'distance') expect(r.key / r.valueS!).toBeLessThanOrEqual(L.maxSpeedMps);
        // Every record names the activity it came from; a span, when given, lies inside it.
        expect(activityIds).toContain(r.activityId);
        if (r.startOffsetS != null) expect(r.endOffsetS!).toBeGreaterThan(r.startOffsetS);
      }
    }
    expect(records).toBeGreaterThan(100);
  });
});
