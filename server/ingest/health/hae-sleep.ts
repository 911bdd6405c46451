/**
 * Health Auto Export `sleep_analysis` (FORMATS.md §7), both shapes:
 * - unaggregated: one interval per stage `{startDate, endDate, value: Core|Deep|REM|Awake|InBed|Asleep, source}`
 *   (corpus apple_health/hae-rest-sleep_analysis-unaggregated.json);
 * - aggregated: one row per night `{date, totalSleep, asleep, core, deep, rem, awake?, inBed, sleepStart, sleepEnd, ...}`
 *   in hours; older revisions lack core/deep/rem.
 * Intervals are grouped into nights (a gap over 3 h starts a new one). When two Apple sources
 * report the same night (the Watch and the "Health" app), the one with more staged sleep wins,
 * so a night is never counted twice.
 */
import { parseHaeDate } from './hae-date.js';
import { HAE_SOURCE } from './hae-metrics.js';
import { convertUnit } from './hae-units.js';
import { finite, localDate, sleepDaily, stageSeconds, type DailyValue, type SleepSession, type SleepStage, type SleepStageInterval } from './wellness-batch.js';

const STAGES: Record<string, SleepStage | 'inBed'> = {
  core: 'light',
  light: 'light',
  deep: 'deep',
  rem: 'rem',
  awake: 'awake',
  asleep: 'asleep',
  asleepunspecified: 'asleep',
  inbed: 'inBed',
};

const NIGHT_GAP_MS = 3 * 3600_000;

export interface SleepOutcome {
  sessions: SleepSession[];
  daily: DailyValue[];
  skipped: number;
}

export function parseHaeSleep(units: string, data: unknown[]): SleepOutcome {
  const out: SleepOutcome = { sessions: [], daily: [], skipped: 0 };
  const hours = (v: unknown) => {
    const n = finite(v);
    return n === null ? null : convertUnit(n, units || 'hr', 's');
  };
  const bySource = new Map<string, { stage: SleepStage | 'inBed'; startMs: number; endMs: number; offsetMin: number }[]>();
  for (const p of data) {
    const pt = (p ?? {}) as Record<string, unknown>;
    if ('startDate' in pt || 'endDate' in pt) {
      const s = parseHaeDate(pt.startDate);
      const e = parseHaeDate(pt.endDate);
      const stage = STAGES[String(pt.value ?? '').toLowerCase().replace(/[\s_]+/g, '')];
      if (!s || !e || !stage || e.ms < s.ms) {
        out.skipped++;
        continue;
      }
      const src = typeof pt.source === 'string' ? pt.source : '';
      const list = bySource.get(src) ?? [];
      list.push({ stage, startMs: s.ms, endMs: e.ms, offsetMin: e.offsetMin });
      bySource.set(src, list);
    } else if (typeof pt.date === 'string') {
      const night = aggregatedNight(pt, hours);
      if (!night) out.skipped++;
      else {
        out.daily.push(...night.daily);
        if (night.session) out.sessions.push(night.session);
      }
    } else out.skipped++;
  }

  const best = new Map<string, { session: SleepSession; asleepS: number; inBedS: number }>();
  for (const list of bySource.values()) {
    list.sort((a, b) => a.startMs - b.startMs);
    let cur: typeof list = [];
    const flush = () => {
      if (!cur.length) return;
      const stages: SleepStageInterval[] = cur.filter((x) => x.stage !== 'inBed').map((x) => ({ stage: x.stage as SleepStage, startMs: x.startMs, endMs: x.endMs }));
      const inBedS = cur.filter((x) => x.stage === 'inBed').reduce((a, x) => a + (x.endMs - x.startMs) / 1000, 0);
      const startMs = Math.min(...cur.map((x) => x.startMs));
      const endMs = Math.max(...cur.map((x) => x.endMs));
      const last = cur[cur.length - 1];
      const date = localDate(endMs, last.offsetMin);
      const sec = stageSeconds(stages);
      const asleepS = sec.light + sec.deep + sec.rem + sec.asleep;
      const prev = best.get(date);
      if (!prev || asleepS > prev.asleepS) best.set(date, { session: { source: HAE_SOURCE, startMs, endMs, date, stages }, asleepS, inBedS });
      cur = [];
    };
    for (const x of list) {
      const lastEnd = cur.length ? Math.max(...cur.map((c) => c.endMs)) : -Infinity;
      if (cur.length && x.startMs - lastEnd > NIGHT_GAP_MS) flush();
      cur.push(x);
    }
    flush();
  }
  for (const { session, inBedS } of best.values()) {
    out.sessions.push(session);
    out.daily.push(...sleepDaily(session));
    if (inBedS > 0) out.daily.push({ metric: 'inBedS', date: session.date, value: inBedS, source: HAE_SOURCE });
  }
  return out;
}

function aggregatedNight(pt: Record<string, unknown>, hours: (v: unknown) => number | null): { daily: DailyValue[]; session: SleepSession | null } | null {
  const date = String(pt.date).slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const daily: DailyValue[] = [];
  const add = (metric: string, v: number | null) => {
    if (v !== null && Number.isFinite(v)) daily.push({ metric, date, value: v, source: HAE_SOURCE });
  };
  const total = hours(pt.totalSleep) ?? hours(pt.asleep);
  add('sleepS', total);
  add('sleepDeepS', hours(pt.deep));
  add('sleepLightS', hours(pt.core));
  add('sleepRemS', hours(pt.rem));
  add('sleepAwakeS', hours(pt.awake));
  add('inBedS', hours(pt.inBed));
  if (!daily.length) return null;
  const s = parseHaeDate(pt.sleepStart ?? pt.inBedStart);
  const e = parseHaeDate(pt.sleepEnd ?? pt.inBedEnd);
  const session = s && e && e.ms > s.ms ? { source: HAE_SOURCE, startMs: s.ms, endMs: e.ms, date, stages: [] } : null;
  return { daily, session };
}
