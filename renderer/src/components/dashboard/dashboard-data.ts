/**
 * Pure pieces of the home dashboard (issue 17): which week to show, per-sport totals of a period,
 * the records that still stand newest first, and the SVG path of a mini map.
 */
import type { RecordRowDto, TotalsFigures, TotalsRowDto } from '../../../../shared/analysis-api.js';
import { addDays } from '../../lib/date-range';

/** Monday (ISO week start, as /totals periodStart) of a YYYY-MM-DD day. */
export function weekStart(day: string): string {
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -dow);
}

/**
 * The day the dashboard is "at": today, unless neither this week nor last week has an activity,
 * then the last activity's day (an athlete whose last run was in 2019 sees that week, not zeros).
 */
export function dashboardDay(today: string, lastActivity: string | null | undefined): string {
  if (!lastActivity || lastActivity > today) return today;
  return lastActivity >= addDays(weekStart(today), -7) ? today : lastActivity;
}

export interface SportTotals {
  sport: string;
  current: TotalsFigures;
  previous: TotalsFigures;
}

const ZERO: TotalsFigures = { count: 0, distanceM: 0, movingTimeS: 0, elapsedTimeS: 0, ascentM: 0, load: 0 };

/**
 * Per sport (most time first, "all" last): figures of the period starting `start` and of the
 * period starting `previousStart` (null: the row's own previousYear figures).
 */
export function sportTotals(rows: readonly TotalsRowDto[], start: string, previousStart: string | null): SportTotals[] {
  const at = (p: string) => new Map(rows.filter((r) => r.periodStart === p).map((r) => [r.sport, r]));
  const cur = at(start);
  const prev = previousStart ? at(previousStart) : new Map<string, TotalsRowDto>();
  const sports = new Set([...cur.keys(), ...prev.keys()]);
  const out: SportTotals[] = [];
  for (const sport of sports) {
    const c = cur.get(sport);
    const previous = previousStart ? prev.get(sport) ?? ZERO : c?.previousYear ?? ZERO;
    out.push({ sport, current: c ? pick(c) : ZERO, previous: pick(previous) });
  }
  return out.sort((a, b) => (a.sport === 'all' ? 1 : b.sport === 'all' ? -1 : b.current.movingTimeS - a.current.movingTimeS || b.previous.movingTimeS - a.previous.movingTimeS));
}

function pick(f: TotalsFigures): TotalsFigures {
  return { count: f.count, distanceM: f.distanceM, movingTimeS: f.movingTimeS, elapsedTimeS: f.elapsedTimeS, ascentM: f.ascentM, load: f.load };
}

/** All-time records that still stand (scope "all"), newest first; heart rate is a measurement, not an achievement. */
export function standingRecords(items: readonly (RecordRowDto & { sport: string })[], limit: number): (RecordRowDto & { sport: string })[] {
  return items
    .filter((r) => r.scope === 'all' && r.kind !== 'hr')
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.kind.localeCompare(b.kind) || a.key - b.key))
    .slice(0, limit);
}

/**
 * SVG path of a track in a `w`×`h` box: equirectangular with the longitude scaled by cos(latitude)
 * so a track keeps its shape, centred, null points skipped. Null when fewer than two fixes.
 */
export function trackPath(lat: readonly (number | null)[], lon: readonly (number | null)[], w: number, h: number, pad = 4): string | null {
  const pts: [number, number][] = [];
  for (let i = 0; i < Math.min(lat.length, lon.length); i++) {
    const a = lat[i];
    const o = lon[i];
    if (a === null || o === null || a === undefined || o === undefined || !Number.isFinite(a) || !Number.isFinite(o)) continue;
    pts.push([o, a]);
  }
  if (pts.length < 2) return null;
  const lats = pts.map((p) => p[1]);
  const k = Math.cos(((Math.min(...lats) + Math.max(...lats)) / 2) * (Math.PI / 180));
  const xs = pts.map((p) => p[0] * k);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...lats), Math.max(...lats)];
  const span = Math.max(x1 - x0, y1 - y0, 1e-9);
  const scale = Math.min((w - 2 * pad) / Math.max(x1 - x0, span * 1e-3), (h - 2 * pad) / Math.max(y1 - y0, span * 1e-3));
  const ox = (w - (x1 - x0) * scale) / 2;
  const oy = (h - (y1 - y0) * scale) / 2;
  return pts.map((p, i) => `${i ? 'L' : 'M'}${(ox + (p[0] * k - x0) * scale).toFixed(1)} ${(oy + (y1 - p[1]) * scale).toFixed(1)}`).join('');
}
