import { DEFAULT_SOURCE_PRIORITY, type HealthDailyDto, type HealthDayDto, type HealthSeriesDto, type SleepSessionDto, type SourcePriorityDto } from '../../../shared/health.js';
import { MAX_HEALTH_RANGE_DAYS } from '../../../shared/health-schemas.js';
import { isCalendarDate } from '../../../shared/validators.js';
import { dateOfDayMs, dayMsOf } from '../../ingest/health/wellness-batch.js';
import type { Storage } from '../../storage/port.js';

const DAY_MS = 86_400_000;
/** Days between from and to (exclusive of from): the inclusive span is MAX_HEALTH_RANGE_DAYS. */
const MAX_RANGE_DAYS = MAX_HEALTH_RANGE_DAYS - 1;

function bad(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code: 'bad_request' });
}

/** Resolves a from/to pair of YYYY-MM-DD dates (defaults: the last 30 days up to `today`). */
export function dayRange(from: string | undefined, to: string | undefined, todayMs: number): { fromDayMs: number; toDayMs: number } {
  if ((from !== undefined && !isCalendarDate(from)) || (to !== undefined && !isCalendarDate(to))) throw bad('from and to must be dates as YYYY-MM-DD between 1900 and 2200');
  const toDayMs = to ? dayMsOf(to) : Math.floor(todayMs / DAY_MS) * DAY_MS;
  const fromDayMs = from ? dayMsOf(from) : toDayMs - 29 * DAY_MS;
  if (fromDayMs > toDayMs) throw bad('from must not be after to');
  if ((toDayMs - fromDayMs) / DAY_MS > MAX_RANGE_DAYS) throw bad(`at most ${MAX_RANGE_DAYS} days per request`);
  return { fromDayMs, toDayMs };
}

/** Rank of a source for a metric: configured order first, then the default order, then the rest. */
export function rankSources(metric: string, configured: Record<string, string[]>): (source: string) => number {
  const order = [...(configured[metric] ?? configured['*'] ?? []), ...DEFAULT_SOURCE_PRIORITY];
  return (s) => {
    const i = order.indexOf(s);
    return i < 0 ? order.length : i;
  };
}

/** Reads the wellness store the way the UI shows it: one value per metric and day, by source priority. */
export class HealthQuery {
  constructor(private readonly storage: Storage) {}

  async daily(userId: string, fromDayMs: number, toDayMs: number, metrics?: string[]): Promise<HealthDailyDto> {
    const [rows, prio] = await Promise.all([this.storage.health.daily(userId, fromDayMs, toDayMs, metrics), this.storage.health.priorities(userId)]);
    const days = new Map<number, HealthDayDto>();
    const ranks = new Map<string, number>();
    const rankers = new Map<string, (s: string) => number>();
    for (const r of rows) {
      let day = days.get(r.dayMs);
      if (!day) days.set(r.dayMs, (day = { date: dateOfDayMs(r.dayMs), metrics: {}, sources: {} }));
      let rank = rankers.get(r.metric);
      if (!rank) rankers.set(r.metric, (rank = rankSources(r.metric, prio)));
      const key = `${r.dayMs}:${r.metric}`;
      const k = rank(r.source);
      const prev = ranks.get(key);
      if (prev === undefined || k < prev || (k === prev && r.source < day.sources[r.metric])) {
        ranks.set(key, k);
        day.metrics[r.metric] = r.value;
        day.sources[r.metric] = r.source;
      }
    }
    return { from: dateOfDayMs(fromDayMs), to: dateOfDayMs(toDayMs), days: [...days.values()] };
  }

  /** Intraday series of one metric from its best source that has data in the range. */
  async series(userId: string, metric: string, fromMs: number, toMs: number): Promise<HealthSeriesDto> {
    const [rows, prio] = await Promise.all([this.storage.health.samples(userId, [metric], fromMs, toMs), this.storage.health.priorities(userId)]);
    if (!rows.length) return { metric, source: null, points: [] };
    const rank = rankSources(metric, prio);
    const source = [...new Set(rows.map((r) => r.source))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))[0];
    return { metric, source, points: rows.filter((r) => r.source === source).map((r) => [r.tMs, r.value]) };
  }

  async sleep(userId: string, fromDayMs: number, toDayMs: number): Promise<SleepSessionDto[]> {
    const [rows, prio] = await Promise.all([this.storage.health.sleep(userId, fromDayMs, toDayMs), this.storage.health.priorities(userId)]);
    const rank = rankSources('sleepS', prio);
    // One night per date: the preferred source's session(s).
    const best = new Map<number, string>();
    for (const r of rows) {
      const cur = best.get(r.dayMs);
      if (cur === undefined || rank(r.source) < rank(cur)) best.set(r.dayMs, r.source);
    }
    const iso = (ms: number) => new Date(ms).toISOString();
    return rows
      .filter((r) => best.get(r.dayMs) === r.source)
      .map((r) => ({
        date: dateOfDayMs(r.dayMs),
        source: r.source,
        startTime: iso(r.startMs),
        endTime: iso(r.endMs),
        stages: r.stages.map((s) => ({ stage: s.stage, startTime: iso(s.startMs), endTime: iso(s.endMs) })),
      }));
  }

  async priorities(userId: string): Promise<SourcePriorityDto> {
    return { default: [...DEFAULT_SOURCE_PRIORITY], metrics: await this.storage.health.priorities(userId) };
  }
}
