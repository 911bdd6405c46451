/**
 * Calendar and totals: a month of activities day by day with week sums, and weekly / monthly /
 * yearly totals per sport against the same period a year earlier. State lives in the URL
 * (?month=YYYY-MM&period=&tsport=&metric=) so a view can be bookmarked.
 */
import { useMemo } from 'react';
import type { CalendarDayDto, TotalsPeriod } from '../../../shared/analysis-api.js';
import { MonthCalendar } from '../components/analysis/MonthCalendar';
import { TotalsPanel } from '../components/analysis/TotalsPanel';
import { ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { href, navigate } from '../hooks/use-route';
import { analysisApi } from '../lib/analysis-client';
import { monthGrid, monthTitle, parseMonth, shiftMonth } from '../lib/analysis-calendar';

/** Last day of "YYYY-MM". */
function monthEnd(month: string): string {
  const p = parseMonth(month)!;
  return new Date(Date.UTC(p.year, p.month, 0)).toISOString().slice(0, 10);
}
import { utcDate } from '../lib/analysis-fitness';
import { TOTALS_METRICS, type TotalsMetric } from '../lib/analysis-totals';

export function CalendarPage({ query }: { query: URLSearchParams }) {
  const today = utcDate(new Date());
  const month = parseMonth(query.get('month')) ? query.get('month')! : today.slice(0, 7);
  const period = (['week', 'month', 'year'] as TotalsPeriod[]).find((p) => p === query.get('period')) ?? 'week';
  const tsport = query.get('tsport') ?? 'all';
  const metric = TOTALS_METRICS.find((m) => m.key === query.get('metric'))?.key ?? 'distanceM';
  const weeks = useMemo(() => monthGrid(month), [month]);
  // The grid shows the edges of the neighbouring months; ask for them too so week totals are whole.
  const months = useMemo(() => [...new Set(weeks.flat().map((d) => d.key.slice(0, 7)))], [weeks]);

  const cal = useAsync(
    async (signal) => {
      const res = await Promise.all(months.map((m) => analysisApi.calendar(m, signal)));
      const days = new Map<string, CalendarDayDto>();
      for (const r of res) for (const d of r.days) days.set(d.date, d);
      return days;
    },
    [months.join(',')],
  );
  const totals = useAsync((signal) => analysisApi.totals(period, undefined, signal), [period]);

  const go = (patch: Record<string, string | undefined>) =>
    navigate(href('/calendar', { month, period, tsport, metric, ...patch }), { replace: true });
  const monthDays = [...(cal.data?.values() ?? [])].filter((d) => d.date.startsWith(month));
  const count = monthDays.reduce((s, d) => s + d.activities.length, 0);

  return (
    <section className="page" data-testid="calendar-page">
      <div className="page-head">
        <div>
          <h1>{monthTitle(month)}</h1>
          <p className="muted">{cal.data ? (count === 1 ? '1 activity' : `${count} activities`) : ' '}</p>
        </div>
        <div className="cal-nav">
          <button type="button" className="btn" onClick={() => go({ month: shiftMonth(month, -1) })} aria-label="Previous month" data-testid="cal-prev">
            ←
          </button>
          <button type="button" className="btn" onClick={() => go({ month: today.slice(0, 7) })} disabled={month === today.slice(0, 7)}>
            This month
          </button>
          <button type="button" className="btn" onClick={() => go({ month: shiftMonth(month, 1) })} aria-label="Next month" data-testid="cal-next">
            →
          </button>
        </div>
      </div>

      {cal.status === 'error' && <ErrorBox error={cal.error} onRetry={cal.reload} />}
      {cal.status === 'loading' && !cal.data && <Loading label="Loading calendar…" />}
      {cal.data && (
        <div className={cal.status === 'loading' ? 'card cal-card is-stale' : 'card cal-card'}>
          <MonthCalendar weeks={weeks} days={cal.data} today={today} />
        </div>
      )}

      {totals.status === 'error' && <ErrorBox error={totals.error} onRetry={totals.reload} />}
      {totals.status === 'loading' && !totals.data && <Loading label="Loading totals…" />}
      {totals.data && (
        <TotalsPanel
          data={totals.data}
          period={totals.data.period}
          sport={tsport}
          metric={metric as TotalsMetric}
          endDay={monthEnd(month) < today ? monthEnd(month) : today}
          onChange={(p) => go({ period: p.period ?? period, tsport: p.tsport ?? tsport, metric: p.metric ?? metric })}
        />
      )}
    </section>
  );
}
