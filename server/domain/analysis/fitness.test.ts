import { describe, expect, it } from 'vitest';
import { addDays, daysOfMonth, isDay, monthStart, previousYearPeriod, weekStart } from './dates.js';
import { ATL_DAYS, CTL_DAYS, fitnessSeries } from './fitness.js';

describe('fitness (CTL/ATL/TSB)', () => {
  it('follows the exponential formulas on a synthetic load series', () => {
    const loads = new Map<string, number>();
    const start = '2024-01-01';
    const series: number[] = [];
    for (let i = 0; i < 120; i++) {
      const l = i % 7 === 6 ? 0 : 40 + ((i * 37) % 60);
      series.push(l);
      if (l) loads.set(addDays(start, i), l);
    }
    const rows = fitnessSeries(loads, start, start, addDays(start, 119), null);
    expect(rows).toHaveLength(120);
    let ctl = 0;
    let atl = 0;
    const ctls: number[] = [];
    series.forEach((l, i) => {
      ctl = ctl + (l - ctl) * (1 - Math.exp(-1 / CTL_DAYS));
      atl = atl + (l - atl) * (1 - Math.exp(-1 / ATL_DAYS));
      ctls.push(ctl);
      expect(rows[i].load).toBe(l);
      expect(rows[i].ctl).toBeCloseTo(ctl, 9);
      expect(rows[i].atl).toBeCloseTo(atl, 9);
      expect(rows[i].tsb).toBeCloseTo(ctl - atl, 9);
      expect(rows[i].rampRate).toBeCloseTo(ctl - (i >= 7 ? ctls[i - 7] : 0), 9);
    });
  });

  it('carries history into a window that starts later, and decays over planned days', () => {
    const loads = new Map([['2024-03-01', 100]]);
    const full = fitnessSeries(loads, '2024-03-01', '2024-03-01', '2024-03-20', '2024-03-05');
    const window = fitnessSeries(loads, '2024-03-01', '2024-03-10', '2024-03-20', '2024-03-05');
    expect(window[0]).toEqual(full[9]);
    const planned = full.filter((r) => r.planned);
    expect(planned[0].date).toBe('2024-03-06');
    for (let i = 1; i < planned.length; i++) expect(planned[i].ctl / planned[i - 1].ctl).toBeCloseTo(Math.exp(-1 / CTL_DAYS), 12);
  });
});

describe('calendar keys', () => {
  it('weeks start on Monday, previous-year weeks too; months and validation', () => {
    expect(weekStart('2024-06-02')).toBe('2024-05-27'); // a Sunday
    expect(weekStart('2024-05-27')).toBe('2024-05-27');
    const prev = previousYearPeriod('week', '2024-05-27');
    expect(weekStart(prev)).toBe(prev);
    expect(previousYearPeriod('month', '2024-02-01')).toBe('2023-02-01');
    expect(monthStart('2024-02-29')).toBe('2024-02-01');
    expect(daysOfMonth('2024-02')).toHaveLength(29);
    expect(isDay('2024-02-30')).toBe(false);
    expect(isDay('2024-02-29')).toBe(true);
  });
});

describe('period ends', () => {
  it('next period start for weeks, months (December), years', async () => {
    const { nextPeriodStart } = await import('./dates.js');
    expect(nextPeriodStart('week', '2024-12-30')).toBe('2025-01-06');
    expect(nextPeriodStart('month', '2024-12-01')).toBe('2025-01-01');
    expect(nextPeriodStart('month', '2024-02-01')).toBe('2024-03-01');
    expect(nextPeriodStart('year', '2024-01-01')).toBe('2025-01-01');
  });
});
