/**
 * A Monday-first month grid with each day's activities (sport colour, distance or time, PR mark
 * for an all-time record, YB for a best of its year)
 * and a weekly total column. Days of the neighbouring months that complete the first and last
 * week are shown too, dimmed, so every week total covers the whole week. On phones (calendar.css)
 * the seven days fit the width with short figures and the week total becomes a row under them.
 */
import type { CalendarActivityDto, CalendarDayDto } from '../../../../shared/analysis-api.js';
import { href } from '../../hooks/use-route';
import { useUnits } from '../../hooks/use-units';
import type { CalendarDay } from '../../lib/analysis-calendar';
import { formatLoad } from '../../lib/analysis-format';
import { sportInfo } from '../../lib/sports';
import { distanceIn, formatDistance, formatDuration } from '../../units';
import './calendar.css';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Whole numbers from 10 up, one decimal below ("12", "8.2"). */
function shortNumber(v: number): string {
  return v >= 10 ? String(Math.round(v)) : v.toFixed(1);
}

/** "45m", "1h05". */
function shortTime(s: number | null): string {
  if (!s || !Number.isFinite(s)) return '—';
  const m = Math.round(s / 60);
  return m < 60 ? `${m}m` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}`;
}

export function MonthCalendar({ weeks, days, today }: { weeks: CalendarDay[][]; days: Map<string, CalendarDayDto>; today: string }) {
  const { units } = useUnits();
  const describe = (a: CalendarActivityDto) => {
    const parts = [a.name, sportInfo(a.sport).label];
    if (a.distanceM) parts.push(formatDistance(a.distanceM, units));
    if (a.movingTimeS) parts.push(formatDuration(a.movingTimeS));
    parts.push(`load ${formatLoad(a.load)}`);
    if (a.prCount > 0) parts.push(`${a.prCount} all-time record${a.prCount === 1 ? '' : 's'}`);
    if (a.yearBestCount > 0) parts.push(`${a.yearBestCount} best${a.yearBestCount === 1 ? '' : 's'} of the year`);
    return parts.join(' · ');
  };
  return (
    <div className="cal" role="grid" aria-label="Month calendar" data-testid="calendar">
      <div className="cal-row cal-head" role="row">
        {WEEKDAYS.map((d) => (
          <div key={d} role="columnheader" className="cal-wd">{d}</div>
        ))}
        <div role="columnheader" className="cal-wd cal-week-h">Week</div>
      </div>
      {weeks.map((w) => {
        const wk = w.map((d) => days.get(d.key)).filter((d): d is CalendarDayDto => !!d);
        const dist = wk.reduce((s, d) => s + d.distanceM, 0);
        const time = wk.reduce((s, d) => s + d.movingTimeS, 0);
        const load = wk.reduce((s, d) => s + d.load, 0);
        const count = wk.reduce((s, d) => s + d.activities.length, 0);
        return (
          <div key={w[0]!.key} className="cal-row" role="row">
            {w.map((d) => {
              const day = days.get(d.key);
              const cls = ['cal-day', d.inMonth ? '' : 'is-out', d.key === today ? 'is-today' : '', day?.activities.length ? 'has-acts' : ''].filter(Boolean).join(' ');
              return (
                <div key={d.key} role="gridcell" className={cls} data-testid="calendar-day" data-date={d.key} data-count={day?.activities.length ?? 0}>
                  <span className="cal-num">{d.date.getDate()}</span>
                  {day?.activities.map((a) => (
                    <a
                      key={a.id}
                      className="cal-act"
                      href={href(`/activities/${encodeURIComponent(a.id)}`)}
                      style={{ '--sport': sportInfo(a.sport).color } as React.CSSProperties}
                      title={describe(a)}
                      aria-label={describe(a)}
                      data-testid="calendar-activity"
                    >
                      <span className="cal-act-name">{a.name || sportInfo(a.sport).label}</span>
                      <span className="cal-act-fig">
                        <span className="cal-act-long">{a.distanceM ? formatDistance(a.distanceM, units) : formatDuration(a.movingTimeS)}</span>
                        {/* Phones: a figure that fits a seventh of 390 px (unit in the week row and the label). */}
                        <span className="cal-act-short" aria-hidden="true">{a.distanceM ? shortNumber(distanceIn(a.distanceM, units)) : shortTime(a.movingTimeS)}</span>
                        {a.prCount > 0 ? (
                          <span className="cal-pr" data-testid="calendar-pr">PR</span>
                        ) : a.yearBestCount > 0 ? (
                          <span className="cal-pr cal-yb" data-testid="calendar-year-best">YB</span>
                        ) : null}
                      </span>
                    </a>
                  ))}
                </div>
              );
            })}
            <div role="gridcell" className="cal-week" data-testid="calendar-week">
              {count > 0 ? (
                <>
                  <strong>{formatDistance(dist, units)}</strong>
                  <span>{formatDuration(time)}</span>
                  <span className="muted">
                    {count} · load {formatLoad(load)}
                  </span>
                </>
              ) : (
                <span className="muted">rest</span>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
