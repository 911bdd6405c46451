/**
 * A Health Auto Export REST payload `{ data: { metrics, workouts, stateOfMind?, ... } }`
 * (FORMATS.md §7) → wellness samples, sleep, workouts and per-metric errors. A bad metric is
 * reported and the others are kept. The 2025 arrays (stateOfMind, medications, symptoms, ecg…)
 * are accepted and counted but not stored yet. Pure; never throws.
 */
import { parseHaeMetric } from './hae-metrics.js';
import { parseHaeSleep } from './hae-sleep.js';
import { parseHaeWorkout, type HaeWorkout } from './hae-workout.js';
import { emptyBatch, type WellnessBatch } from './wellness-batch.js';

export interface HaeParseResult {
  batch: WellnessBatch;
  /** Per sample metric: the local days touched and their UTC offset, to recompute daily values. */
  days: { metric: string; date: string; offsetMin: number }[];
  workouts: HaeWorkout[];
  errors: { item: string; message: string }[];
  metricsRead: number;
  pointsSkipped: number;
  ignored: string[];
}

const LATER_ARRAYS = ['stateOfMind', 'medications', 'symptoms', 'cycleTracking', 'ecg', 'heartRateNotifications'];

export function parseHaePayload(body: unknown): HaeParseResult | { fatal: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { fatal: 'the payload must be a JSON object with a "data" member' };
  const data = (body as { data?: unknown }).data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { fatal: 'the payload has no "data" object' };
  const d = data as Record<string, unknown>;
  const res: HaeParseResult = { batch: emptyBatch(), days: [], workouts: [], errors: [], metricsRead: 0, pointsSkipped: 0, ignored: [] };
  if (d.metrics !== undefined && !Array.isArray(d.metrics)) res.errors.push({ item: 'metrics', message: '"metrics" must be an array' });
  for (const m of Array.isArray(d.metrics) ? d.metrics : []) {
    const mm = m as { name?: unknown; units?: unknown; data?: unknown };
    if (mm && typeof mm === 'object' && mm.name === 'sleep_analysis') {
      if (!Array.isArray(mm.data)) {
        res.errors.push({ item: 'sleep_analysis', message: 'sleep_analysis: "data" must be an array' });
        continue;
      }
      const s = parseHaeSleep(typeof mm.units === 'string' ? mm.units : 'hr', mm.data);
      res.batch.sleep.push(...s.sessions);
      res.batch.daily.push(...s.daily);
      res.pointsSkipped += s.skipped;
      if (mm.data.length && !s.sessions.length && !s.daily.length) res.errors.push({ item: 'sleep_analysis', message: 'sleep_analysis: no readable sleep interval or night' });
      else res.metricsRead++;
      continue;
    }
    const o = parseHaeMetric(m);
    if (o.error) {
      res.errors.push({ item: o.name, message: o.error });
      continue;
    }
    res.metricsRead++;
    res.pointsSkipped += o.skipped;
    for (const s of o.samples) res.batch.samples.push(s);
    for (const x of o.days) res.days.push(x);
  }
  if (d.workouts !== undefined && !Array.isArray(d.workouts)) res.errors.push({ item: 'workouts', message: '"workouts" must be an array' });
  for (const [i, w] of (Array.isArray(d.workouts) ? d.workouts : []).entries()) {
    const r = parseHaeWorkout(w);
    if ('error' in r) res.errors.push({ item: `workouts[${i}]`, message: r.error });
    else res.workouts.push(r);
  }
  for (const k of LATER_ARRAYS) if (Array.isArray(d[k]) && (d[k] as unknown[]).length) res.ignored.push(k);
  if (res.pointsSkipped) res.batch.warnings.push(`${res.pointsSkipped} data point(s) without a readable date or value were skipped`);
  return res;
}
