import { describe, expect, it } from 'vitest';
import type { TotalsRowDto } from '../../../shared/analysis-api.js';
import { formatChange, metricValue, periodLabel, periodStartOf, previousYearStart, shiftPeriod, totalsFor, totalsSports, yoyChange } from './analysis-totals.js';

describe('totals', () => {
  const zero = { count: 0, distanceM: 0, movingTimeS: 0, elapsedTimeS: 0, ascentM: 0, load: 0 };
  const row = (sport: string, start: string, distanceM: number, prevM: number): TotalsRowDto => ({
    period: 'month',
    periodStart: start,
    sport,
    count: 1,
    distanceM,
    movingTimeS: distanceM / 3,
    elapsedTimeS: distanceM / 3,
    ascentM: 10,
    load: 20,
    previousYear: { ...zero, distanceM: prevM },
  });
  const items = [row('running', '2024-05-01', 10_000, 8000), row('all', '2024-05-01', 50_000, 0), row('cycling', '2024-04-01', 40_000, 0), row('running', '2024-04-01', 5000, 0)];
  it('orders sports and periods', () => {
    expect(totalsSports(items)).toEqual(['all', 'cycling', 'running']);
    expect(totalsFor(items, 'running', 'month', '2024-05-31', 2).map((r) => r.periodStart)).toEqual(['2024-04-01', '2024-05-01']);
    expect(totalsFor(items, 'running', 'month', '2024-05-02', 1).map((r) => r.distanceM)).toEqual([10_000]);
  });
  it('fills empty periods with zeros and finds their year-earlier figures', () => {
    const rows = totalsFor(items, 'running', 'month', '2025-06-10', 3);
    expect(rows.map((r) => r.periodStart)).toEqual(['2025-04-01', '2025-05-01', '2025-06-01']);
    expect(rows.map((r) => r.count)).toEqual([0, 0, 0]);
    // April and May 2025 are empty, but a year earlier there were 5 km and 10 km.
    expect(rows.map((r) => r.previousYear.distanceM)).toEqual([5000, 10_000, 0]);
  });
  it('steps weeks from Monday and matches ISO weeks a year earlier', () => {
    expect(periodStartOf('2024-05-05', 'week')).toBe('2024-04-29'); // a Sunday belongs to the week before
    expect(periodStartOf('2024-05-06', 'week')).toBe('2024-05-06');
    expect(shiftPeriod('2024-01-01', 'week', 1)).toBe('2023-12-25');
    expect(previousYearStart('2024-04-29', 'week')).toBe('2023-05-01'); // ISO week 18 both years
    expect(previousYearStart('2020-12-28', 'week')).toBeNull(); // 2020-W53; 2019 had 52 weeks
    expect(previousYearStart('2024-03-01', 'month')).toBe('2023-03-01');
    expect(previousYearStart('2024-01-01', 'year')).toBe('2023-01-01');
  });
  it('converts metrics and compares with last year', () => {
    expect(metricValue(items[0]!, 'distanceM', 'imperial')).toBeCloseTo(6.2137, 3);
    expect(metricValue(items[0]!, 'movingTimeS', 'metric')).toBeCloseTo(10_000 / 3 / 3600);
    expect(yoyChange(10_000, 8000)).toBeCloseTo(25);
    expect(formatChange(yoyChange(10_000, 8000))).toBe('+25%');
    expect(formatChange(yoyChange(6000, 8000))).toBe('−25%');
    expect(formatChange(yoyChange(5, 0))).toBe('new');
    expect(periodLabel('year', '2024-01-01')).toBe('2024');
    expect(periodLabel('week', '2024-04-29')).toMatch(/^Week of .*2024/);
  });
});
