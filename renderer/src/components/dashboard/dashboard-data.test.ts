import { describe, expect, it } from 'vitest';
import type { TotalsRowDto } from '../../../../shared/analysis-api.js';
import { dashboardDay, sportTotals, standingRecords, trackPath, weekStart } from './dashboard-data';

const fig = (count: number, movingTimeS: number) => ({ count, distanceM: count * 1000, movingTimeS, elapsedTimeS: movingTimeS, ascentM: 0, load: 0 });
const row = (periodStart: string, sport: string, count: number, t: number): TotalsRowDto => ({ period: 'week', periodStart, sport, ...fig(count, t), previousYear: fig(1, 100) });

describe('dashboard data', () => {
  it('finds the ISO week and falls back to the last activity when the last two weeks are empty', () => {
    expect(weekStart('2026-12-02')).toBe('2026-11-30'); // Wednesday → Monday
    expect(weekStart('2026-11-30')).toBe('2026-11-30');
    expect(weekStart('2026-12-06')).toBe('2026-11-30'); // Sunday
    expect(dashboardDay('2026-12-02', '2019-06-10')).toBe('2019-06-10');
    expect(dashboardDay('2026-12-02', '2026-11-23')).toBe('2026-12-02'); // last week had one
    expect(dashboardDay('2026-12-02', '2026-11-22')).toBe('2026-11-22');
    expect(dashboardDay('2026-12-02', null)).toBe('2026-12-02');
    expect(dashboardDay('2026-12-02', '2031-01-01')).toBe('2026-12-02');
  });

  it('puts this week next to last week per sport, most time first and "all" last', () => {
    const rows = [row('2019-06-10', 'running', 3, 9000), row('2019-06-10', 'all', 4, 12000), row('2019-06-10', 'cycling', 1, 3000), row('2019-06-03', 'swimming', 2, 4000), row('2019-06-03', 'running', 1, 2000), row('2019-06-03', 'all', 3, 6000)];
    const t = sportTotals(rows, '2019-06-10', '2019-06-03');
    expect(t.map((x) => x.sport)).toEqual(['running', 'cycling', 'swimming', 'all']);
    expect(t[0]!.previous.count).toBe(1);
    expect(t[2]!.current.count).toBe(0);
    expect(t[2]!.previous.movingTimeS).toBe(4000);
    // Without a previous start, the row's own previous-year figures.
    expect(sportTotals(rows, '2019-06-10', null)[0]!.previous.movingTimeS).toBe(100);
  });

  it('keeps standing all-time records newest first, without heart rate', () => {
    const base = { activityId: 'a', year: 2019, startOffsetS: null, endOffsetS: null } as const;
    const items = [
      { ...base, sport: 'running', kind: 'distance' as const, key: 5000, valueS: 1200, date: '2019-05-01', scope: 'all' as const },
      { ...base, sport: 'running', kind: 'distance' as const, key: 5000, valueS: 1250, date: '2019-06-01', scope: 'year' as const },
      { ...base, sport: 'cycling', kind: 'power' as const, key: 1200, valueW: 300, date: '2019-06-02', scope: 'all' as const },
      { ...base, sport: 'cycling', kind: 'hr' as const, key: 10, valueBpm: 190, date: '2019-06-03', scope: 'all' as const },
    ];
    expect(standingRecords(items, 5).map((r) => `${r.kind}:${r.date}`)).toEqual(['power:2019-06-02', 'distance:2019-05-01']);
    expect(standingRecords(items, 1)).toHaveLength(1);
  });

  it('draws a track in its box keeping its shape, and nothing without two fixes', () => {
    // A square 0.01° on each side at 60° N is twice as tall as wide once longitude is scaled by cos 60°.
    const d = trackPath([60, 60, 60.01, 60.01], [10, 10.01, 10.01, 10], 100, 100, 0)!;
    const nums = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
    const xs = nums.filter((_, i) => i % 2 === 0);
    const ys = nums.filter((_, i) => i % 2 === 1);
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(100, 0);
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(50, 0);
    expect(trackPath([60, null], [10, 11], 100, 100)).toBeNull();
    expect(trackPath([60, null, 61], [10, 11, null], 100, 100)).toBeNull();
  });
});
