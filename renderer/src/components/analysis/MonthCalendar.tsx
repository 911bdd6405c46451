/**
 * A Monday-first month grid with each day's activities (sport colour, distance or time, PR mark)
 * and a weekly total column. Days of the neighbouring months that complete the first and last
 * week are shown too, dimmed, so every week total covers the whole week.
 */
import type { CalendarDayDto } from '../../../../shared/analysis-api.js';
import { href } from '../../hooks/use-route';
import { useUnits } from '../../hooks/use-units';
import type { CalendarDay } from '../../lib/analysis-calendar';
import { formatLoad } from '../../lib/analysis-format';
import { sportInfo } from '../../lib/sports';
import { formatDistance, formatDuration } from '../../units';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function MonthCalendar({ weeks, days, today }: { weeks: CalendarDay[][]; days: Map<string, CalendarDayDto>; today: string }) {
  const { units } = useUnits();
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
                      title={`${a.name} · ${sportInfo(a.sport).label}${a.distanceM ? ` · ${formatDistance(a.distanceM, units)}` : ''}${a.movingTimeS ? ` · ${formatDuration(a.movingTimeS)}` : ''} · load ${formatLoad(a.load)}`}
                      data-testid="calendar-activity"
                    >
                      <span className="cal-act-name">{a.name || sportInfo(a.sport).label}</span>
                      <span className="cal-act-fig">
                        {a.distanceM ? formatDistance(a.distanceM, units) : formatDuration(a.movingTimeS)}
                        {a.prCount > 0 && <span className="cal-pr" title={`${a.prCount} personal record${a.prCount === 1 ? '' : 's'}`}>PR</span>}
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
