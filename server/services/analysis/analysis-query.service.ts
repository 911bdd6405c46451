/**
 * The read side of the analysis: everything answers from the stored aggregates (records,
 * daily_load, period_totals, activity_metrics), never from streams, so the pages stay fast at
 * thousands of activities. The fitness curve is the one computed series, a linear pass over one
 * row per training day.
 */
import type {
  ActivityAnalysisDto,
  ActivityLegDto,
  PoolSwimDto,
  ActivityCurvesDto,
  ActivityZonesDto,
  AllTimeCurveDto,
  BestEffortDto,
  CalendarDto,
  CurveKind,
  FitnessDto,
  FitnessRowDto,
  LoadSource,
  PrBadgesDto,
  RecordKind,
  RecordProgressionDto,
  RecordRowDto,
  RecordsDto,
  TotalsDto,
  TotalsFigures,
  TotalsPeriod,
} from '../../../shared/analysis-api.js';
import { isBetter } from '../../domain/analysis/activity-metrics.js';
import { MAX_FITNESS_DAYS, MAX_RECORDS_RANGE_DAYS } from '../../../shared/analysis-schemas.js';

/** Efforts read for one range of records: ~40 per activity, so about 12,000 activities. */
const MAX_RANGE_EFFORTS = 500_000;
import { dayRangeProblem, isCalendarDate } from '../../../shared/validators.js';
import { addDays, dayOf, DayRangeError, daysOfMonth, previousYearPeriod } from '../../domain/analysis/dates.js';
import { fitnessSeries } from '../../domain/analysis/fitness.js';
import { analysePoolSwim, poolLengthOf } from '../../domain/swim/pool-swim.js';
import type { Storage } from '../../storage/port.js';
import type { ActivityDetailDto } from '../../../shared/api.js';
import type { MetricsRow, RecordRow } from '../../storage/repos/analysis.repo.js';
import type { RecordExclusion } from '../../storage/repos/record-exclusions.repo.js';
import type { AnalysisService } from './analysis.service.js';
import { startTimeProblem, startTimeWarning } from '../../domain/clean/record-dates.js';
import { withSpans } from '../records/record-spans.js';
import { FitnessCache } from './fitness-cache.js';

const round2 = (x: number) => Math.round(x * 100) / 100;

function compactFitnessRow(r: FitnessRowDto): FitnessRowDto {
  const row: FitnessRowDto = { date: r.date, load: r.load, ctl: round2(r.ctl), atl: round2(r.atl), tsb: round2(r.tsb), rampRate: round2(r.rampRate) };
  if (r.planned) row.planned = true;
  return row;
}

const VALUE_FIELD: Record<RecordKind, 'valueS' | 'valueW' | 'valueBpm' | 'valueMps'> = { distance: 'valueS', power: 'valueW', hr: 'valueBpm', pace: 'valueMps' };

/** `localDay`: the activity's own local day (issue 13 §2); the UTC day only when it has no metrics row. */
function recordDto(r: RecordRow, localDay?: string): RecordRowDto {
  const date = localDay ?? dayOf(r.startTimeMs);
  const kind = r.kind as RecordKind;
  return {
    kind,
    key: r.key,
    [VALUE_FIELD[kind]]: r.value,
    activityId: r.activityId,
    date,
    year: r.year === 0 ? Number(date.slice(0, 4)) : r.year,
    scope: r.year === 0 ? 'all' : 'year',
  };
}

/** What activityAnalysis reads from storage (storedAnalysis, or the activity page's one round). */
export interface PrefetchedAnalysis {
  metrics: MetricsRow | null;
  held: RecordRow[];
  exclusions: RecordExclusion[];
}

/** The parts of an activity a pool swim's table is made from. */
export type SwimSource = Pick<ActivityDetailDto, 'lengths' | 'sessions' | 'distanceM'>;

const ZERO: TotalsFigures = { count: 0, distanceM: 0, movingTimeS: 0, elapsedTimeS: 0, ascentM: 0, load: 0 };

export class AnalysisQueryService {
  constructor(private deps: { storage: Storage; analysis: AnalysisService; now?: () => number }) {}

  private today(): string {
    return dayOf(this.deps.now ? this.deps.now() : Date.now());
  }

  /**
   * The stored reads behind an activity's analysis, all at once and none of them computing (the
   * activity page reads them with the rest of the page instead: activity-page.repo.ts). `metrics`
   * is null when the activity is not analysed yet (or does not exist).
   */
  private async storedAnalysis(userId: string, activityId: string): Promise<PrefetchedAnalysis> {
    const [metrics, held, exclusions] = await Promise.all([
      this.deps.storage.analysis.getMetrics(userId, activityId),
      this.deps.storage.analysis.recordsHeldBy(userId, activityId),
      // Issue 13 §3: the athlete's exclusions.
      this.deps.storage.recordExclusions.list(userId, activityId),
    ]);
    return { metrics, held, exclusions };
  }

  /**
   * The fields GET /activities/:id gains; computes on first view for activities older than the
   * analysis. `pre`: reads already made (the activity page's); `detail`: the activity, when the
   * caller has it (a pool swim's lengths table is made from it).
   */
  async activityAnalysis(userId: string, activityId: string, pre?: PrefetchedAnalysis, detail?: SwimSource | null): Promise<ActivityAnalysisDto | null> {
    // The activity page must open even if the analysis of one odd file fails.
    const computed = async (): Promise<MetricsRow | null> =>
      this.deps.analysis.ensure(userId, activityId).catch((err: unknown) => {
        console.error(`[analysis] activity ${activityId}: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      });
    let reads = pre;
    let m = reads?.metrics ?? null;
    if (!m) {
      m = await computed();
      if (!m) return null;
      reads = undefined; // computed just now: the records it set are read after it
    }
    const [{ held, exclusions }, swim] = await Promise.all([
      reads ?? this.storedAnalysis(userId, activityId),
      m.sport === 'swimming' ? this.poolSwim(userId, activityId, detail) : null,
    ]);
    // Issue 13 §3: a start the records cannot trust.
    const problem = startTimeProblem(m.startTimeMs, this.deps.now ? this.deps.now() : Date.now());
    return {
      startTimeProblem: problem,
      startTimeWarning: problem ? startTimeWarning(problem, new Date(m.startTimeMs).toISOString()) : null,
      recordExclusions: exclusions.map((e) => ({ activityId: e.activityId, sport: e.sport, kind: e.kind as RecordKind | '*', key: e.key })),
      ...(m.legsJson ? { legs: JSON.parse(m.legsJson) as ActivityLegDto[] } : {}),
      ...(swim ? { swim } : {}),
      bestEfforts: JSON.parse(m.bestEffortsJson) as BestEffortDto[],
      zones: JSON.parse(m.zonesJson) as ActivityZonesDto,
      curves: JSON.parse(m.curvesJson) as ActivityCurvesDto,
      load: {
        load: m.load,
        loadSource: m.loadSource as LoadSource,
        tss: m.tss,
        intensityFactor: m.intensityFactor,
        normalizedPowerW: m.normalizedPowerW,
        variabilityIndex: m.variabilityIndex,
        workKj: m.workKj,
        hrTss: m.hrTss,
        trimp: m.trimp,
        gradeAdjustedPaceMps: m.gapMps,
        movingTimeS: m.movingTimeS,
        ascentM: m.ascentM,
        descentM: m.descentM,
      },
      newPrs: held.map((r) => ({ kind: r.kind as RecordKind, key: r.key, scope: r.year === 0 ? 'all' : 'year', year: r.year === 0 ? Number(m.day.slice(0, 4)) : r.year })),
    };
  }

  /** The lengths table of a pool swim (computed from the stored lengths: cheap, and always current). */
  private async poolSwim(userId: string, activityId: string, detail?: SwimSource | null): Promise<PoolSwimDto | null> {
    const a = detail ?? (await this.deps.storage.activities.get(userId, activityId));
    if (!a || !a.lengths.length) return null;
    const s = a.sessions.length === 1 ? a.sessions[0] : null;
    return analysePoolSwim(a.lengths, poolLengthOf(a.lengths, s?.poolLengthM, s ? s.distanceM : a.distanceM));
  }

  private recordsCache = new FitnessCache();

  /**
   * GET /records as the JSON it sends, cached per user and sport until the analysis changes: the
   * spans of curve records read and clean one activity's streams each (record-spans.ts), seconds
   * for an athlete with eight years of yearly records (issue 14).
   */
  async recordsJson(userId: string, sport: string): Promise<string> {
    const generation = this.deps.analysis.aggregatesGeneration(userId);
    const hit = this.recordsCache.get(userId, sport, generation, '');
    if (hit !== null) return hit;
    const json = JSON.stringify(await this.records(userId, sport));
    if (this.deps.analysis.aggregatesGeneration(userId) === generation) this.recordsCache.set(userId, sport, { generation, today: '', json });
    return json;
  }

  async records(userId: string, sport: string): Promise<RecordsDto> {
    const rows = await this.deps.storage.analysis.records(userId, sport);
    const days = await this.deps.storage.analysis.localDays(userId, rows.map((r) => r.activityId));
    // Each record with the time span it came from (issue 13 §3), dated on its local day.
    return { sport, items: await withSpans(this.deps.storage, userId, sport, rows.map((r) => recordDto(r, days.get(r.activityId)))) };
  }

  /**
   * Issue 17: the bests of a sport among activities of the local days `from`..`to`, as records of
   * that range (scope "all", `range` set). Efforts are read once for the range (UTC ± 14 h, then
   * each activity's own local day decides) and reduced per kind and key; ties go to the earlier.
   */
  async recordsInRange(userId: string, sport: string, from: string, to: string): Promise<RecordsDto> {
    const problem = dayRangeProblem(from, to, MAX_RECORDS_RANGE_DAYS);
    if (problem) throw new DayRangeError(problem);
    const pad = 14 * 3600_000;
    const rows = await this.deps.storage.analysis.effortsBetween(userId, sport, Date.parse(`${from}T00:00:00Z`) - pad, Date.parse(`${addDays(to, 1)}T00:00:00Z`) + pad, MAX_RANGE_EFFORTS);
    const days = await this.deps.storage.analysis.localDays(userId, [...new Set(rows.map((r) => r.activityId))]);
    const best = new Map<string, { row: (typeof rows)[number]; day: string }>();
    for (const r of rows) {
      const day = days.get(r.activityId) ?? dayOf(r.startTimeMs);
      if (day < from || day > to) continue;
      const k = `${r.kind}|${r.key}`;
      const cur = best.get(k);
      if (!cur || isBetter(r.kind as RecordKind, r.value, cur.row.value)) best.set(k, { row: r, day });
    }
    const items = [...best.values()].map(({ row, day }) => recordDto({ userId, sport, kind: row.kind, key: row.key, year: 0, value: row.value, activityId: row.activityId, startTimeMs: row.startTimeMs } as RecordRow, day));
    items.sort((a, b) => a.kind.localeCompare(b.kind) || a.key - b.key);
    return { sport, range: { from, to, truncated: rows.length >= MAX_RANGE_EFFORTS }, items: await withSpans(this.deps.storage, userId, sport, items) };
  }

  async progression(userId: string, sport: string, kind: RecordKind, key: number): Promise<RecordProgressionDto> {
    const rows = await this.deps.storage.analysis.effortsForKey(userId, sport, kind, key);
    const items: RecordProgressionDto['items'] = [];
    for (const e of rows) {
      const last = items[items.length - 1];
      if (!last || isBetter(kind, e.value, last.value)) items.push({ value: e.value, activityId: e.activityId, date: dayOf(e.startTimeMs) });
    }
    // Local days (issue 13 §2): a record set on a Tokyo evening is dated in Tokyo.
    const days = await this.deps.storage.analysis.localDays(userId, items.map((i) => i.activityId));
    for (const i of items) i.date = days.get(i.activityId) ?? i.date;
    return { sport, kind, key, items };
  }

  async badges(userId: string, ids: string[]): Promise<PrBadgesDto> {
    return { items: (await this.deps.storage.analysis.recordCounts(userId, ids)).map((c) => ({ activityId: c.activityId, count: c.count })) };
  }

  async curve(userId: string, kind: CurveKind, sport: string): Promise<AllTimeCurveDto> {
    const rows = (await this.deps.storage.analysis.records(userId, sport, kind)).filter((r) => r.year === 0).sort((a, b) => a.key - b.key);
    return { kind, sport, durationsS: rows.map((r) => r.key), values: rows.map((r) => r.value), activityIds: rows.map((r) => r.activityId) };
  }

  async fitness(userId: string, from: string | undefined, to: string | undefined): Promise<FitnessDto> {
    const today = this.today();
    const end = to ?? today;
    const start = from ?? addDays(end, -180);
    // The route checked what the client sent; this checks the range after the defaults.
    const problem = dayRangeProblem(start, end, MAX_FITNESS_DAYS);
    if (problem) throw new DayRangeError(problem);
    await this.deps.analysis.flushIfDirty(userId);
    const rows = await this.deps.storage.analysisAggregates.dailyLoads(userId, end);
    const loads = new Map(rows.map((r) => [r.day, Number(r.load)]));
    // The walk starts at the first training day: the first stored day that is a real date in the
    // accepted years (a bogus device clock must not stretch or break every later fitness request).
    const first = rows.find((r) => isCalendarDate(r.day))?.day ?? start;
    return { from: start, to: end, items: fitnessSeries(loads, first, start, end, today) };
  }

  private fitnessCache = new FitnessCache();

  /**
   * GET /fitness as the JSON it sends, cached per user until the daily loads change (FitnessCache):
   * repeated page loads cost a map lookup instead of a walk over every day since the first
   * activity and a serialisation of thousands of rows. The curves are rounded to 0.01 (charts
   * draw whole numbers; a full double is 18 characters a value); the day's load is kept as stored.
   */
  async fitnessJson(userId: string, from: string | undefined, to: string | undefined): Promise<string> {
    await this.deps.analysis.flushIfDirty(userId);
    const today = this.today();
    const range = `${from ?? ''}|${to ?? ''}`;
    const generation = this.deps.analysis.aggregatesGeneration(userId);
    const hit = this.fitnessCache.get(userId, range, generation, today);
    if (hit !== null) return hit;
    const dto = await this.fitness(userId, from, to);
    const json = JSON.stringify({ from: dto.from, to: dto.to, items: dto.items.map(compactFitnessRow) });
    // A write that landed while this was computed moved the generation: answer, but do not keep it.
    if (this.deps.analysis.aggregatesGeneration(userId) === generation) this.fitnessCache.set(userId, range, { generation, today, json });
    return json;
  }

  async totals(userId: string, period: TotalsPeriod, sport: string | undefined): Promise<TotalsDto> {
    await this.deps.analysis.flushIfDirty(userId);
    const rows = await this.deps.storage.analysisAggregates.totals(userId, period, sport);
    const byKey = new Map(rows.map((r) => [`${r.periodStart}|${r.sport}`, r]));
    const figures = (r: TotalsFigures | undefined): TotalsFigures =>
      r ? { count: Number(r.count), distanceM: r.distanceM, movingTimeS: r.movingTimeS, elapsedTimeS: r.elapsedTimeS, ascentM: r.ascentM, load: r.load } : { ...ZERO };
    return {
      period,
      items: rows.map((r) => ({
        period,
        periodStart: r.periodStart,
        sport: r.sport,
        ...figures(r),
        previousYear: figures(byKey.get(`${previousYearPeriod(period, r.periodStart)}|${r.sport}`)),
      })),
    };
  }

  async calendar(userId: string, month: string): Promise<CalendarDto> {
    const days = daysOfMonth(month);
    await this.deps.analysis.flushIfDirty(userId);
    const rows = await this.deps.storage.analysisAggregates.calendar(userId, days[0], days[days.length - 1]);
    const counts = new Map((await this.deps.storage.analysis.recordCounts(userId, rows.map((r) => r.activityId))).map((c) => [c.activityId, c]));
    const byDay = new Map(days.map((date) => [date, { date, activities: [] as CalendarDto['days'][number]['activities'], load: 0, distanceM: 0, movingTimeS: 0 }]));
    for (const r of rows) {
      const d = byDay.get(r.day);
      if (!d) continue;
      d.activities.push({
        id: r.activityId,
        name: r.name,
        sport: r.sport,
        startTime: new Date(r.startTimeMs).toISOString(),
        distanceM: r.distanceM,
        movingTimeS: r.movingTimeS,
        load: r.load,
        prCount: counts.get(r.activityId)?.allTimeCount ?? 0,
        yearBestCount: (counts.get(r.activityId)?.count ?? 0) - (counts.get(r.activityId)?.allTimeCount ?? 0),
      });
      d.load += r.load;
      d.distanceM += r.distanceM ?? 0;
      d.movingTimeS += r.movingTimeS ?? 0;
    }
    return { month, days: [...byDay.values()] };
  }
}
