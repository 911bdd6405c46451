/**
 * Pure helpers of the Health page: day ranges, per-metric series aligned on days, the personal
 * baseline band (mean ± 1 SD of the 30 days before each day, as the insight detectors use it),
 * and display formatting of wellness metrics.
 */
import type { HealthDayDto } from '../../../shared/health.js';

export const DAY_MS = 86_400_000;
export type RangeKey = '7d' | '30d' | '1y';
export const RANGE_DAYS: Record<RangeKey, number> = { '7d': 7, '30d': 30, '1y': 365 };
export const BASELINE_DAYS = 30;

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** [from, to] of a range ending today, plus the baseline lead-in before `from`. */
export function rangeDates(range: RangeKey, todayMs: number): { from: string; to: string; fetchFrom: string } {
  const today = Math.floor(todayMs / DAY_MS) * DAY_MS;
  const from = today - (RANGE_DAYS[range] - 1) * DAY_MS;
  return { from: isoDay(from), to: isoDay(today), fetchFrom: isoDay(from - BASELINE_DAYS * DAY_MS) };
}

export interface BandPoint {
  t: number;
  date: string;
  value: number | null;
  /** [low, high] of the personal baseline, null until there are 7 earlier values. */
  band: [number, number] | null;
  mean: number | null;
}

/** One metric per day from `fetchFrom` to `to`, with its rolling baseline; only days ≥ from are returned. */
export function withBaseline(days: readonly HealthDayDto[], metric: string, from: string, to: string, fetchFrom: string): BandPoint[] {
  const byDate = new Map(days.map((d) => [d.date, d.metrics[metric]]));
  const start = Date.parse(`${fetchFrom}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const fromMs = Date.parse(`${from}T00:00:00Z`);
  const all: { t: number; date: string; value: number | null }[] = [];
  for (let t = start; t <= end; t += DAY_MS) {
    const date = isoDay(t);
    const v = byDate.get(date);
    all.push({ t, date, value: typeof v === 'number' && Number.isFinite(v) ? v : null });
  }
  const out: BandPoint[] = [];
  for (let i = 0; i < all.length; i++) {
    if (all[i].t < fromMs) continue;
    const prev = all.slice(Math.max(0, i - BASELINE_DAYS), i).map((p) => p.value).filter((v): v is number => v !== null);
    let band: [number, number] | null = null;
    let mean: number | null = null;
    if (prev.length >= 7) {
      mean = prev.reduce((a, b) => a + b, 0) / prev.length;
      const sd = Math.sqrt(prev.reduce((a, b) => a + (b - mean!) ** 2, 0) / (prev.length - 1));
      band = [mean - sd, mean + sd];
    }
    out.push({ ...all[i], band, mean });
  }
  return out;
}

/** The value of the latest day that has one, and how it compares with its baseline. */
export function latest(points: readonly BandPoint[]): { point: BandPoint; delta: number | null } | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i];
    if (p.value !== null) return { point: p, delta: p.mean === null ? null : p.value - p.mean };
  }
  return null;
}

/** A wellness value for display; seconds become h:mm. */
export function formatMetric(metric: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (metric.endsWith('S') && /sleep|inBed/i.test(metric)) {
    const m = Math.round(v / 60);
    return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')} h`;
  }
  if (metric.endsWith('Bpm')) return `${Math.round(v)} bpm`;
  if (metric.endsWith('Ms')) return `${Math.round(v)} ms`;
  if (metric.endsWith('Pct')) return `${Math.round(v * 10) / 10} %`;
  if (metric.endsWith('Kg')) return `${Math.round(v * 10) / 10} kg`;
  if (metric.endsWith('Kcal')) return `${Math.round(v)} kcal`;
  if (metric.endsWith('Brpm')) return `${Math.round(v * 10) / 10} brpm`;
  if (metric.endsWith('C')) return `${Math.round(v * 10) / 10} °C`;
  return String(Math.round(v * 10) / 10);
}
