/**
 * Calendar and totals: months of activities day by day with week sums, and weekly / monthly /
 * yearly totals per sport against the same period a year earlier. State lives in the URL
 * (?from=&to=&period=&tsport=&metric=) so a view can be bookmarked; the old ?month=YYYY-MM still
 * opens that month. Issue 17: without a range the page opens on the month of the latest activity,
 * and any range from the shared picker shows each of its months (the last 12 of a longer one).
 */
import { useMemo } from 'react';
import type { CalendarDayDto, TotalsPeriod } from '../../../shared/analysis-api.js';
import { MonthCalendar } from '../components/analysis/MonthCalendar';
import { TotalsPanel } from '../components/analysis/TotalsPanel';
import { DateRangePicker } from '../components/range/DateRangePicker';
import { useDayRange } from '../components/range/use-day-range';
import { ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { analysisApi } from '../lib/analysis-client';
import { monthGrid, monthTitle, parseMonth, shiftMonth } from '../lib/analysis-calendar';
import { formatRange, minDay, monthRange } from '../lib/date-range';
import { TOTALS_METRICS, type TotalsMetric } from '../lib/analysis-totals';

/** More month grids than this on one page are slow to read and to load. */
const MAX_MONTHS = 12;

/** Months (YYYY-MM) from `from` to `to`, the last MAX_MONTHS of them. */
function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = to.slice(0, 7); m >= from.slice(0, 7) && out.length < MAX_MONTHS; m = shiftMonth(m, -1)) out.unshift(m);
  return out;
}

export function CalendarPage({ query }: { query: URLSearchParams }) {
  const period = (['week', 'month', 'year'] as TotalsPeriod[]).find((p) => p === query.get('period')) ?? 'week';
  const tsport = query.get('tsport') ?? 'all';
  const metric = TOTALS_METRICS.find((m) => m.key === query.get('metric'))?.key ?? 'distanceM';
  const keep = { period, tsport, metric };
  // A shared ?month=YYYY-MM link (before issue 17) still opens that month.
  const legacy = parseMonth(query.get('month'));
  const q = legacy && !query.get('from') ? new URLSearchParams({ ...Object.fromEntries(query), ...monthRange(legacy.year, legacy.month) }) : query;
  // The default is the whole month of the latest activity (this month while training is current).
  const dr = useDayRange({ path: '/calendar', query: q, extentOf: (e) => e.activities, defaultPreset: '4w', keep, initial: (today, e) => monthOfLatest(minDay(e?.last ?? today, today)) });
  const range = dr.range;
  const today = dr.today;
  const months = useMemo(() => (range ? monthsOf(range.from, range.to) : []), [range?.from, range?.to]); // eslint-disable-line react-hooks/exhaustive-deps
  const grids = useMemo(() => months.map((m) => ({ month: m, weeks: monthGrid(m) })), [months]);
  // The grids show the edges of the neighbouring months; ask for them too so week totals are whole.
  const fetchMonths = useMemo(() => [...new Set(grids.flatMap((g) => g.weeks.flat().map((d) => d.key.slice(0, 7))))], [grids]);

  const cal = useAsync(
    async (signal) => {
      if (!fetchMonths.length) return new Promise<never>(() => {});
      const res = await Promise.all(fetchMonths.map((m) => analysisApi.calendar(m, signal)));
      const days = new Map<string, CalendarDayDto>();
      for (const r of res) for (const d of r.days) days.set(d.date, d);
      return days;
    },
    [fetchMonths.join(',')],
  );
  const totals = useAsync((signal) => analysisApi.totals(period, undefined, signal), [period]);

  const go = (patch: Record<string, string | undefined>) => dr.setRange(range!, { ...keep, ...patch });
  const inRange = [...(cal.data?.values() ?? [])].filter((d) => range && d.date >= range.from && d.date <= range.to);
  const count = inRange.reduce((s, d) => s + d.activities.length, 0);
  const title = months.length === 1 && range && range.from === monthRange(Number(months[0]!.slice(0, 4)), Number(months[0]!.slice(5, 7))).from && range.to.slice(0, 7) === months[0] ? monthTitle(months[0]!) : range ? formatRange(range) : 'Calendar';

  return (
    <section className="page" data-testid="calendar-page">
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="muted" data-testid="calendar-count">{cal.data ? (count === 1 ? '1 activity' : `${count} activities`) : ' '}</p>
        </div>
      </div>
      {range && <DateRangePicker range={range} anchor={dr.anchor} today={today} extent={dr.extent} onChange={(r) => dr.setRange(r)} dataLabel="activity" />}

      {cal.status === 'error' && <ErrorBox error={cal.error} onRetry={cal.reload} />}
      {(!range || (cal.status === 'loading' && !cal.data)) && <Loading label="Loading calendar…" />}
      {cal.data &&
        grids.map((g) => (
          <div key={g.month} className={cal.status === 'loading' ? 'card cal-card is-stale' : 'card cal-card'}>
            {grids.length > 1 && <h2 className="card-title">{monthTitle(g.month)}</h2>}
            <MonthCalendar weeks={g.weeks} days={cal.data!} today={today} />
          </div>
        ))}

      {totals.status === 'error' && <ErrorBox error={totals.error} onRetry={totals.reload} />}
      {totals.status === 'loading' && !totals.data && <Loading label="Loading totals…" />}
      {totals.data && (
        <TotalsPanel
          data={totals.data}
          period={totals.data.period}
          sport={tsport}
          metric={metric as TotalsMetric}
          endDay={range ? minDay(range.to, today) : today}
          onChange={(p) => go({ period: p.period ?? period, tsport: p.tsport ?? tsport, metric: p.metric ?? metric })}
        />
      )}
    </section>
  );
}

/** The whole month that holds `day` (YYYY-MM-DD). */
function monthOfLatest(day: string) {
  return monthRange(Number(day.slice(0, 4)), Number(day.slice(5, 7)));
}
