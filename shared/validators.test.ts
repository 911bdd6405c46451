import { describe, expect, it } from 'vitest';
import { dayRangeProblem, isCalendarDate, isWellFormedText, parseInstant } from './validators.js';

describe('shared validators', () => {
  it('isCalendarDate accepts real dates in 1900–2200 only', () => {
    for (const d of ['1900-01-01', '2020-02-29', '2000-02-29', '2200-12-31', '2024-12-31']) expect(isCalendarDate(d), d).toBe(true);
    for (const d of ['2021-02-31', '2020-13-45', '0000-00-00', '1900-02-29', '2100-02-29', '1899-12-31', '2201-01-01', '9999-12-31', '5000-01-01', '2024-1-01', '2024-01-01T00:00:00Z', '', ' 2024-01-01'])
      expect(isCalendarDate(d), d).toBe(false);
    expect(isCalendarDate(20240101)).toBe(false);
  });

  it('parseInstant: bare dates are UTC days (to includes the day), date-times keep their zone, impossible dates are NaN', () => {
    expect(parseInstant('2024-05-06', false)).toBe(Date.UTC(2024, 4, 6));
    expect(parseInstant('2024-05-06', true)).toBe(Date.UTC(2024, 4, 7));
    expect(parseInstant('2024-05-06T10:00:00+02:00', false)).toBe(Date.UTC(2024, 4, 6, 8));
    expect(parseInstant('2024-05-06T10:00', false)).toBe(Date.UTC(2024, 4, 6, 10));
    expect(parseInstant('2021-02-31', false)).toBeNaN();
    expect(parseInstant('2021-02-31T00:00:00Z', false)).toBeNaN();
  });

  it('dayRangeProblem: order and span, inclusive', () => {
    expect(dayRangeProblem('2024-01-01', '2024-01-10', 10)).toBeNull();
    expect(dayRangeProblem('2024-01-01', '2024-01-11', 10)).toMatch(/at most 10 days/);
    expect(dayRangeProblem('2024-01-02', '2024-01-01', 10)).toMatch(/after/);
    expect(dayRangeProblem('2021-02-31', undefined, 10)).toMatch(/from must be a date/);
    expect(dayRangeProblem(undefined, undefined, 10)).toBeNull();
  });

  it('well-formed text: no NUL, no lone surrogate; surrogate pairs are fine', () => {
    expect(isWellFormedText('Bike 🚲')).toBe(true);
    expect(isWellFormedText('\ud800')).toBe(false);
    expect(isWellFormedText('a\udfffb')).toBe(false);
    expect(isWellFormedText('a\u0000b')).toBe(false);
  });
});
