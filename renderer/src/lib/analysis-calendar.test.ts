import { describe, expect, it } from 'vitest';
import { daysByKey, monthGrid, parseMonth, shiftMonth } from './analysis-calendar.js';

describe('calendar grid', () => {
  it('covers the month in whole Monday-first weeks', () => {
    const weeks = monthGrid('2024-05'); // 1 May 2024 was a Wednesday
    expect(weeks[0]!.map((d) => d.key)).toEqual(['2024-04-29', '2024-04-30', '2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-05']);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    const inMonth = weeks.flat().filter((d) => d.inMonth);
    expect(inMonth).toHaveLength(31);
    expect(inMonth[30]!.key).toBe('2024-05-31');
    expect(weeks[weeks.length - 1]![6]!.key).toBe('2024-06-02');
  });
  it('handles a month that starts on a Monday and year boundaries', () => {
    expect(monthGrid('2024-01')[0]![0]!.key).toBe('2024-01-01');
    expect(shiftMonth('2024-01', -1)).toBe('2023-12');
    expect(shiftMonth('2023-12', 1)).toBe('2024-01');
    expect(parseMonth('2024-13')).toBeNull();
    expect(monthGrid('nonsense')).toEqual([]);
  });
  it('indexes server days by key', () => {
    const m = daysByKey([{ date: '2024-05-04', n: 1 }]);
    expect(m.get('2024-05-04')).toEqual({ date: '2024-05-04', n: 1 });
  });
});
