import { describe, expect, it } from 'vitest';
import { formatMetric, latest, rangeDates, withBaseline } from './health-baseline.js';

describe('health baseline helpers', () => {
  it('computes the range with a 30-day lead-in for the baseline', () => {
    expect(rangeDates('7d', Date.UTC(2025, 4, 10, 15))).toEqual({ from: '2025-05-04', to: '2025-05-10', fetchFrom: '2025-04-04' });
  });

  it('bands each day by the mean ± SD of the 30 days before it', () => {
    const days = Array.from({ length: 40 }, (_, i) => ({ date: new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), metrics: { restingHrBpm: i % 2 ? 52 : 48 }, sources: {} }));
    const pts = withBaseline(days, 'restingHrBpm', '2025-02-05', '2025-02-10', '2025-01-01');
    expect(pts.map((p) => p.date)).toEqual(['2025-02-05', '2025-02-06', '2025-02-07', '2025-02-08', '2025-02-09', '2025-02-10']);
    expect(pts[0].mean).toBe(50);
    expect(pts[0].band![1] - pts[0].band![0]).toBeCloseTo(2 * Math.sqrt((30 * 4) / 29), 9);
    expect(pts[5].value).toBeNull();
    expect(latest(pts)?.point.date).toBe('2025-02-09');
  });

  it('formats metrics by the unit in their name', () => {
    expect(formatMetric('sleepS', 27000)).toBe('7:30 h');
    expect(formatMetric('restingHrBpm', 48.4)).toBe('48 bpm');
    expect(formatMetric('hrvMs', null)).toBe('—');
  });
});
