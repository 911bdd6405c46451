import { SERIES_METRICS } from '../../../shared/health.js';
import type { Storage } from '../../storage/port.js';
import { csvLine } from './csv.js';

/**
 * The health store as three CSVs for the account export (issue 16), in the layout that
 * ingest/health/milevault-health-csv.parser.ts reads back (upload them on the Import page):
 *   health/daily.csv    date,metric,source,value          one row per (day, metric, source)
 *   health/samples.csv  time,metric,source,value          intraday series, ISO 8601 UTC times
 *   health/sleep.csv    date,source,start,end,stages      stages as JSON [{stage,start,end}]
 * Metric names are MileVault's (SI unit in the name, shared/health.ts). Samples are read a month at
 * a time and streamed: a year of minute heart rate is never held in memory.
 */
export const HEALTH_DAILY_HEADER = ['date', 'metric', 'source', 'value'];
export const HEALTH_SAMPLES_HEADER = ['time', 'metric', 'source', 'value'];
export const HEALTH_SLEEP_HEADER = ['date', 'source', 'start', 'end', 'stages'];

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();
/** Far enough back for any wearable; samples are read in month windows from here. */
const SAMPLES_FROM = Date.UTC(1990, 0, 1);
const MONTH_MS = 31 * 86_400_000;

export async function healthDailyCsv(storage: Storage, userId: string): Promise<Buffer> {
  const rows = await storage.health.daily(userId, 0, Date.UTC(3000, 0, 1));
  return Buffer.from(csvLine(HEALTH_DAILY_HEADER) + rows.map((r) => csvLine([day(r.dayMs), r.metric, r.source, r.value])).join(''));
}

export async function healthSleepCsv(storage: Storage, userId: string): Promise<Buffer> {
  const rows = await storage.health.sleep(userId, 0, Date.UTC(3000, 0, 1));
  return Buffer.from(
    csvLine(HEALTH_SLEEP_HEADER) +
      rows.map((s) => csvLine([day(s.dayMs), s.source, iso(s.startMs), iso(s.endMs), JSON.stringify(s.stages.map((x) => ({ stage: x.stage, start: iso(x.startMs), end: iso(x.endMs) })))])).join(''),
  );
}

/** health/samples.csv as chunks, one month of rows per chunk. */
export async function* healthSamplesCsv(storage: Storage, userId: string, nowMs: number): AsyncGenerator<Buffer> {
  yield Buffer.from(csvLine(HEALTH_SAMPLES_HEADER));
  if (!(await storage.health.counts(userId)).samples) return;
  for (let from = SAMPLES_FROM; from < nowMs + MONTH_MS; from += MONTH_MS) {
    const rows = await storage.health.samples(userId, SERIES_METRICS, from, from + MONTH_MS, null);
    if (rows.length) yield Buffer.from(rows.map((r) => csvLine([iso(r.tMs), r.metric, r.source, r.value])).join(''));
  }
}
