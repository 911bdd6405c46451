import { describe, expect, it } from 'vitest';
import { hrvBelowNormal } from './hrv-below-normal.detector.js';
import type { FitnessDay, InsightContext, NewRecord } from './insight-types.js';
import { loadRamp } from './load-ramp.detector.js';
import { newPr } from './new-pr.detector.js';
import { restingHrElevated } from './resting-hr-elevated.detector.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const dates = (n: number) => Array.from({ length: n }, (_, i) => new Date(T0 + i * DAY).toISOString().slice(0, 10));

/** A deterministic noisy series: base ± noise with a fixed seed. */
function noisy(n: number, base: number, amp: number, seed = 1): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 16807) % 2147483647;
    return base + ((s / 2147483647) * 2 - 1) * amp;
  });
}

function ctx(n: number, daily: Record<string, (number | null)[]>, fitness: (FitnessDay | null)[] | null = null, newRecords: NewRecord[] = []): InsightContext {
  const d = dates(n);
  return { today: d[n - 1], dates: d, daily: (m) => daily[m] ?? new Array(n).fill(null), fitness, newRecords };
}

describe('resting HR above its 30-day baseline', () => {
  it('finds the onset of a 4-day rise and reports it once', () => {
    const rhr: (number | null)[] = noisy(120, 50, 1.5);
    for (let i = 90; i < 94; i++) rhr[i] = 58;
    const c = ctx(120, { restingHrBpm: rhr });
    const r = restingHrElevated.detect(c, null);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].dedupeKey).toBe(c.dates[90]);
    expect(r.findings[0].date).toBe(c.dates[92]);
    expect(r.findings[0].evidence).toMatchObject({ onset: c.dates[90] });
    // Run again with the saved state: nothing new.
    expect(restingHrElevated.detect(c, r.state).findings).toEqual([]);
  });

  it('ignores a 2-day blip, noise, and a short history', () => {
    const rhr: (number | null)[] = noisy(120, 50, 1.5);
    rhr[100] = 60;
    rhr[101] = 60;
    expect(restingHrElevated.detect(ctx(120, { restingHrBpm: rhr }), null).findings).toEqual([]);
    const short: (number | null)[] = [50, 50, 50, 60, 60, 60, 60];
    expect(restingHrElevated.detect(ctx(7, { restingHrBpm: short }), null).findings).toEqual([]);
  });
});

describe('HRV below the normal range', () => {
  it('finds the day the 7-day mean falls under mean − 1 SD of the 60 days before', () => {
    const hrv: (number | null)[] = noisy(150, 60, 6, 3);
    for (let i = 120; i < 150; i++) hrv[i] = 40;
    const c = ctx(150, { hrvMs: hrv });
    const r = hrvBelowNormal.detect(c, null);
    expect(r.findings).toHaveLength(1);
    const onset = r.findings[0].dedupeKey;
    // With 40 ms from day 120, the rolling mean crosses the bound within a few days, never before the drop.
    const idx = c.dates.indexOf(onset);
    expect(idx).toBeGreaterThanOrEqual(120);
    expect(idx).toBeLessThanOrEqual(123);
    expect(r.findings[0].evidence).toMatchObject({ metric: 'hrvMs' });
    expect(hrvBelowNormal.detect(c, r.state).findings).toEqual([]);
  });

  it('uses SDNN when only Apple data exists, and stays quiet on a stable series', () => {
    const sdnn: (number | null)[] = noisy(150, 50, 5, 9);
    expect(hrvBelowNormal.detect(ctx(150, { hrvSdnnMs: sdnn }), null).findings).toEqual([]);
    for (let i = 140; i < 150; i++) sdnn[i] = 30;
    const r = hrvBelowNormal.detect(ctx(150, { hrvSdnnMs: sdnn }), null);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].evidence).toMatchObject({ metric: 'hrvSdnnMs' });
  });
});

describe('training-load ramp', () => {
  const series = (ctl: (i: number) => number, n = 60): FitnessDay[] => Array.from({ length: n }, (_, i) => ({ date: dates(n)[i], load: 0, ctl: ctl(i), atl: ctl(i), tsb: 0 }));

  it('flags CTL rising more than 8 in 7 days, from the first such day', () => {
    // Flat 40, then +2 per day from day 40: the 7-day gain passes 8 on day 45 (40→50 … 12 > 8 at 46).
    const f = series((i) => (i < 40 ? 40 : 40 + 2 * (i - 40)));
    const c = ctx(60, {}, f);
    const r = loadRamp.detect(c, null);
    expect(r.findings).toHaveLength(1);
    const first = f.findIndex((x, i) => i >= 7 && x.ctl - f[i - 7].ctl > 8);
    expect(r.findings[0].dedupeKey).toBe(c.dates[first]);
  });

  it('is silent for a gentle build and when the load series is missing', () => {
    expect(loadRamp.detect(ctx(60, {}, series((i) => 30 + i * 0.5)), null).findings).toEqual([]);
    expect(loadRamp.detect(ctx(60, {}, null), null).findings).toEqual([]);
  });
});

describe('new personal record', () => {
  it('makes one insight per activity listing its records', () => {
    const recs: NewRecord[] = [
      { activityId: 'a1', sport: 'running', kind: 'distance', key: 5000, value: 1200, startTimeMs: T0 },
      { activityId: 'a1', sport: 'running', kind: 'distance', key: 10000, value: 2500, startTimeMs: T0 },
      { activityId: 'a2', sport: 'cycling', kind: 'power', key: 300, value: 280, startTimeMs: T0 + DAY },
    ];
    const r = newPr.detect(ctx(1, {}, null, recs), null);
    expect(r.findings.map((f) => [f.dedupeKey, f.title])).toEqual([['a1', '2 new personal records'], ['a2', 'New personal record']]);
    expect(r.findings[1].message).toContain('5 min');
    expect(newPr.detect(ctx(1, {}), null).findings).toEqual([]);
  });
});

describe('new records from an imported history', () => {
  it('summarises records set by old activities in one insight and keeps recent ones per activity', () => {
    const today = Date.UTC(2025, 5, 30);
    const old: NewRecord[] = Array.from({ length: 40 }, (_, i) => ({ activityId: `old${i % 13}`, sport: i % 2 ? 'running' : 'cycling', kind: 'distance', key: 1000 * (i + 1), value: 100 + i, startTimeMs: Date.UTC(2019, 0, 1) + i * 20 * DAY }));
    const recent: NewRecord = { activityId: 'new1', sport: 'running', kind: 'distance', key: 5000, value: 1100, startTimeMs: today - DAY };
    const c: InsightContext = { today: '2025-06-30', dates: ['2025-06-30'], daily: () => [null], fitness: null, newRecords: [...old, recent] };
    const r = newPr.detect(c, null);
    expect(r.findings).toHaveLength(2);
    expect(r.findings[0].title).toBe('40 new records from your history');
    expect(r.findings[0].date).toBe('2025-06-30');
    expect(r.findings[0].evidence).toMatchObject({ summary: true, records: 40, activities: 13, from: '2019-01-01' });
    expect(r.findings[1]).toMatchObject({ dedupeKey: 'new1', title: 'New personal record' });
    // A wider window makes the same records recent: one card per activity again.
    expect(newPr.detect({ ...c, recentDays: 10_000 }, null).findings).toHaveLength(14);
    // A single old activity keeps its own card (on its own day: too old to notify).
    const single = newPr.detect({ ...c, newRecords: old.filter((r) => r.activityId === 'old3') }, null).findings;
    expect(single.map((f) => f.dedupeKey)).toEqual(['old3']);
  });
});
