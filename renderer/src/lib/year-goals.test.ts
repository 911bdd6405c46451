import { describe, expect, it } from 'vitest';
import { goalProgress, yearFraction } from './year-goals';

describe('yearFraction', () => {
  it('counts whole days, leap years included, and is 0 before and 1 after the year', () => {
    expect(yearFraction(2026, '2026-01-01')).toBeCloseTo(1 / 365);
    expect(yearFraction(2026, '2026-07-02')).toBeCloseTo(183 / 365);
    expect(yearFraction(2024, '2024-12-31')).toBe(1);
    expect(yearFraction(2024, '2024-02-29')).toBeCloseTo(60 / 366);
    expect(yearFraction(2026, '2025-12-31')).toBe(0);
    expect(yearFraction(2026, '2027-01-01')).toBe(1);
    expect(yearFraction(2026, 'not a day')).toBe(0);
  });
});

describe('goalProgress', () => {
  const actual = (s: string) => (s === 'running' ? { distanceM: 600_000, movingTimeS: 180_000 } : { distanceM: 0, movingTimeS: 0 });
  it('compares each measure with its goal and with the pro-rata point', () => {
    const [run, ride] = goalProgress(
      [
        { sport: 'running', distanceM: 2_000_000, movingTimeS: null },
        { sport: 'cycling', distanceM: null, movingTimeS: 360_000 },
      ],
      actual,
      0.5,
    );
    expect(run).toEqual({ sport: 'running', distance: { target: 2_000_000, actual: 600_000, expected: 1_000_000, done: 0.3, ahead: -400_000 }, time: null });
    expect(ride!.distance).toBeNull();
    expect(ride!.time).toEqual({ target: 360_000, actual: 0, expected: 180_000, done: 0, ahead: -180_000 });
  });
  it('shows an exceeded goal above 100 %', () => {
    const [g] = goalProgress([{ sport: 'running', distanceM: 500_000, movingTimeS: null }], actual, 1);
    expect(g!.distance!.done).toBeCloseTo(1.2);
    expect(g!.distance!.ahead).toBe(100_000);
  });
});
