import { dailyAggsFor } from '../../ingest/health/hae-metric-map.js';
import { dateOfDayMs, dayMsOf, type WellnessBatch } from '../../ingest/health/wellness-batch.js';
import type { DailyRow } from '../../storage/repos/health-ports.js';
import type { Storage } from '../../storage/port.js';

export interface WriteCounts {
  samplesWritten: number;
  dailyWritten: number;
  sleepSessions: number;
}

/**
 * Writes parsed wellness batches. Every write is an idempotent upsert (health.repo.ts); daily
 * values of sources that send raw points (Health Auto Export) are recomputed from all the stored
 * points of the touched days, so a "since last sync" payload covering half a day never replaces
 * the full day's total with a partial one.
 */
export class HealthWriter {
  constructor(private readonly storage: Storage) {}

  async write(userId: string, batch: WellnessBatch): Promise<WriteCounts> {
    const h = this.storage.health;
    const samplesWritten = await h.upsertSamples(userId, batch.samples);
    const daily: DailyRow[] = [];
    for (const d of batch.daily) {
      const dayMs = dayMsOf(d.date);
      if (Number.isFinite(dayMs) && Number.isFinite(d.value)) daily.push({ metric: d.metric, dayMs, source: d.source, value: d.value });
    }
    const dailyWritten = await h.upsertDaily(userId, daily);
    const sleep = batch.sleep.map((s) => ({
      source: s.source,
      startMs: s.startMs,
      endMs: s.endMs,
      dayMs: dayMsOf(s.date),
      stages: s.stages.map((x) => ({ stage: x.stage, startMs: x.startMs, endMs: x.endMs })),
    }));
    await h.upsertSleep(userId, sleep.filter((s) => Number.isFinite(s.dayMs)));
    return { samplesWritten, dailyWritten, sleepSessions: sleep.length };
  }

  /**
   * Recomputes daily values of `source` for the (sample metric, local day) pairs given, from the
   * stored samples, aggregated in SQL. Points are bucketed into days with the UTC offset the
   * payload used most for that metric.
   */
  async recomputeDaily(userId: string, source: string, days: readonly { metric: string; date: string; offsetMin: number }[]): Promise<number> {
    const byMetric = new Map<string, { dates: Set<string>; offsets: Map<number, number> }>();
    for (const d of days) {
      const e = byMetric.get(d.metric) ?? { dates: new Set<string>(), offsets: new Map<number, number>() };
      e.dates.add(d.date);
      e.offsets.set(d.offsetMin, (e.offsets.get(d.offsetMin) ?? 0) + 1);
      byMetric.set(d.metric, e);
    }
    const rows: DailyRow[] = [];
    for (const [metric, { dates, offsets }] of byMetric) {
      const offsetMin = [...offsets.entries()].sort((a, b) => b[1] - a[1])[0][0];
      const dayList = [...dates].map(dayMsOf).filter(Number.isFinite).sort((a, b) => a - b);
      if (!dayList.length) continue;
      const from = dayList[0] - offsetMin * 60_000;
      const to = dayList[dayList.length - 1] + 86_400_000 - offsetMin * 60_000;
      const aggs = dailyAggsFor(metric);
      const withLast = aggs.some(([, a]) => a === 'last');
      for (const g of await this.storage.health.dailyAggregates(userId, metric, source, from, to, offsetMin * 60_000, withLast)) {
        const date = dateOfDayMs(g.dayMs);
        if (!dates.has(date) || g.n === 0) continue;
        for (const [dailyMetric, agg] of aggs) {
          const v = agg === 'sum' ? g.sum : agg === 'avg' ? g.sum / g.n : agg === 'min' ? g.min : agg === 'max' ? g.max : g.last;
          if (Number.isFinite(v)) rows.push({ metric: dailyMetric, dayMs: g.dayMs, source, value: Math.round(v * 1e6) / 1e6 });
        }
      }
    }
    return this.storage.health.upsertDaily(userId, rows);
  }
}
