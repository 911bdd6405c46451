import { describe, expect, it } from 'vitest';
import { DayRangeError, daysOfMonth } from './dates.js';
import { fitnessSeries, MAX_SERIES_DAYS } from './fitness.js';

/** Issue 12, defect 2: every day walk is finite by construction, whatever dates reach it. */
describe('bounded day loops', () => {
  it('fitnessSeries refuses a walk longer than MAX_SERIES_DAYS before starting it', () => {
    const t0 = performance.now();
    // Before: `day <= to` compared strings, and past 9999 dayOf() yields "+010000-…", which sorts
    // before "9999-12-31", so the loop never ended (Node died growing the array).
    expect(() => fitnessSeries(new Map(), '2024-01-01', '2024-01-01', '9999-12-31', null)).toThrow(DayRangeError);
    expect(() => fitnessSeries(new Map(), '0001-01-01', '2024-01-01', '2024-01-02', null)).toThrow(DayRangeError);
    expect(() => fitnessSeries(new Map(), 'garbage', '2024-01-01', '2024-01-02', null)).toThrow(DayRangeError);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('the whole accepted span (1900–2200) is walked, and answers only from..to', () => {
    const rows = fitnessSeries(new Map([['1900-01-01', 100]]), '1900-01-01', '2200-12-30', '2200-12-31', '2024-01-01');
    expect(rows.map((r) => r.date)).toEqual(['2200-12-30', '2200-12-31']);
    expect(rows[0].planned).toBe(true);
    expect(MAX_SERIES_DAYS).toBeGreaterThanOrEqual(301 * 365 + 73);
  });

  it('daysOfMonth is at most 31 days and refuses a month that is not one', () => {
    expect(daysOfMonth('2024-02')).toHaveLength(29);
    expect(daysOfMonth('2023-12')).toHaveLength(31);
    expect(() => daysOfMonth('2024-13')).toThrow(DayRangeError);
    expect(() => daysOfMonth('+10000-01')).toThrow(DayRangeError);
  });
});
