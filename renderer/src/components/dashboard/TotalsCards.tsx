/** This week against last week, and the year so far against last year, per sport. */
import type { TotalsFigures, TotalsRowDto } from '../../../../shared/analysis-api.js';
import { useUnits } from '../../hooks/use-units';
import { addDays } from '../../lib/date-range';
import { sportInfo } from '../../lib/sports';
import { formatDistance, formatDuration } from '../../units';
import { sportTotals, weekStart } from './dashboard-data';

function Delta({ now, before }: { now: number; before: number }) {
  if (!before) return null;
  const pct = Math.round(((now - before) / before) * 100);
  return <span className={pct >= 0 ? 'dash-up' : 'dash-down'}>{pct >= 0 ? `+${pct}` : `−${Math.abs(pct)}`}%</span>;
}

function Figures({ f }: { f: TotalsFigures }) {
  const { units } = useUnits();
  return (
    <>
      {f.count} · {formatDuration(f.movingTimeS)}
      {f.distanceM > 0 && <> · {formatDistance(f.distanceM, units)}</>}
    </>
  );
}

export function WeekCard({ rows, day }: { rows: TotalsRowDto[]; day: string }) {
  const start = weekStart(day);
  const list = sportTotals(rows, start, addDays(start, -7)).filter((s) => s.current.count || s.previous.count);
  return (
    <section className="card dash-card" aria-labelledby="dash-week" data-testid="dash-week">
      <h2 className="card-title" id="dash-week">Week of {start}</h2>
      {!list.length ? (
        <p className="muted small">No activities this week or last week.</p>
      ) : (
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">Sport</th>
              <th scope="col">This week</th>
              <th scope="col">Last week</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.sport} className={s.sport === 'all' ? 'dash-total' : undefined}>
                <th scope="row">{s.sport === 'all' ? 'All' : sportInfo(s.sport).label}</th>
                <td><Figures f={s.current} /></td>
                <td className="muted"><Figures f={s.previous} /></td>
                <td><Delta now={s.current.movingTimeS} before={s.previous.movingTimeS} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function YearCard({ rows, day }: { rows: TotalsRowDto[]; day: string }) {
  const year = Number(day.slice(0, 4));
  const list = sportTotals(rows, `${year}-01-01`, null).filter((s) => s.current.count);
  return (
    <section className="card dash-card" aria-labelledby="dash-year" data-testid="dash-year">
      <h2 className="card-title" id="dash-year">Year {year} so far</h2>
      {!list.length ? (
        <p className="muted small">No activities in {year}.</p>
      ) : (
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">Sport</th>
              <th scope="col">{year}</th>
              <th scope="col">All of {year - 1}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.sport} className={s.sport === 'all' ? 'dash-total' : undefined}>
                <th scope="row">{s.sport === 'all' ? 'All' : sportInfo(s.sport).label}</th>
                <td><Figures f={s.current} /></td>
                <td className="muted"><Figures f={s.previous} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
