/**
 * The athlete's data extents (shared/extents.ts): first/last activity day and first/last day of
 * each health metric. Read through the storage port with two cheap queries for activities (the
 * newest and the oldest row by start time) and one grouped query per health table.
 */
import type { DataExtentsDto, DayExtent } from '../../shared/extents.js';
import type { ActivitySummaryDto } from '../../shared/api.js';
import { EARLIEST_TRUSTED_START_MS, FUTURE_SLACK_MS } from '../domain/clean/record-dates.js';
import type { Storage } from '../storage/port.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The activity's own local day (issue 13 §2), falling back to its UTC day. */
const localDay = (a: ActivitySummaryDto) => (a.localStartTime ?? a.startTime).slice(0, 10);

export async function dataExtents(storage: Storage, userId: string, nowMs: number): Promise<DataExtentsDto> {
  // A device that never set its clock writes 1990 or 2080 (domain/clean/record-dates.ts): such
  // an activity would make "all time" start in 1990 or "latest" sit in the future, so the extents
  // keep to the same trusted window the records use.
  const toMs = nowMs + FUTURE_SLACK_MS;
  const [newest, oldest] = await Promise.all([
    storage.activities.list(userId, { fromMs: EARLIEST_TRUSTED_START_MS, toMs, limit: 1, offset: 0 }),
    storage.activities.startingBetween(userId, EARLIEST_TRUSTED_START_MS, toMs, 1),
  ]);
  const last = newest.items[0];
  const first = oldest[0];
  const activities = last && first ? { first: localDay(first), last: localDay(last), count: newest.total } : null;

  const healthMetrics: Record<string, DayExtent> = {};
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const e of await storage.health.extents(userId)) {
    healthMetrics[e.metric] = { first: day(e.firstDayMs), last: day(e.lastDayMs) };
    firstMs = Math.min(firstMs, e.firstDayMs);
    lastMs = Math.max(lastMs, e.lastDayMs);
  }
  const health = Number.isFinite(firstMs) ? { first: day(firstMs), last: day(lastMs) } : null;
  return { today: day(nowMs), activities, health, healthMetrics };
}
