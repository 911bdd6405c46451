/**
 * A multisport event leg by leg: each leg's summary (its session), then its own zones, best
 * efforts and curves under its own sport. Transitions are listed with their time and get no
 * analysis. The event's totals stay at the top of the page (SummaryGrid).
 */
import { CHART_MAX_POINTS, STREAM_CHANNELS, type Session } from '../../../../shared/activity.js';
import type { ActivityLegDto, ActivityPrDto, CurveKind } from '../../../../shared/analysis-api.js';
import { useAsync } from '../../hooks/use-async';
import { useUnits } from '../../hooks/use-units';
import { api } from '../../lib/api-client';
import { formatRate, sportInfo } from '../../lib/sports';
import { formatDistance, formatDuration, NO_VALUE } from '../../units';
import { BestEffortsTable } from './BestEffortsTable';
import { CurveChart } from './CurveChart';
import { LegCharts } from './LegCharts';
import { ZoneBars } from './ZoneBars';

/**
 * The same grain as the event charts: each leg gets its share of 1,500 points. The activity
 * page's own request, so the server answers it from the chart it keeps ready.
 */
const LEG_MAX_POINTS = CHART_MAX_POINTS;

export function MultisportLegs({ activityId, legs, sessions, prs }: { activityId: string; legs: ActivityLegDto[]; sessions: Session[]; prs: ActivityPrDto[] }) {
  const { units } = useUnits();
  const streams = useAsync((signal) => api.streams(activityId, [...STREAM_CHANNELS], LEG_MAX_POINTS, signal), [activityId]);
  const sessionOf = (l: ActivityLegDto) => sessions.find((s) => s.index === l.sessionIndex);
  return (
    <>
      <section className="card" aria-labelledby="legs-h" data-testid="multisport-legs">
        <h2 id="legs-h" className="card-title">Legs <span className="muted count">{legs.filter((l) => !l.transition).length}</span></h2>
        <div className="table-scroll">
          <table className="lap-table">
            <thead>
              <tr>
                <th scope="col">Leg</th>
                <th scope="col" className="num">Start</th>
                <th scope="col" className="num">Time</th>
                <th scope="col" className="num">Distance</th>
                <th scope="col" className="num">Pace / speed</th>
                <th scope="col" className="num">Avg HR</th>
              </tr>
            </thead>
            <tbody>
              {legs.map((l) => {
                const s = sessionOf(l);
                return (
                  <tr key={l.sessionIndex} data-testid="leg-row" className={l.transition ? 'rest-row' : undefined}>
                    <th scope="row">{l.transition ? 'Transition' : sportInfo(l.sport).label}</th>
                    <td className="num">{formatDuration(l.startOffsetS)}</td>
                    <td className="num">{formatDuration(s?.timerTimeS ?? s?.elapsedTimeS ?? l.endOffsetS - l.startOffsetS)}</td>
                    <td className="num">{formatDistance(s?.distanceM, units)}</td>
                    <td className="num">{l.transition ? NO_VALUE : formatRate(l.sport, s?.avgSpeedMps, units)}</td>
                    <td className="num">{s?.avgHrBpm != null ? Math.round(s.avgHrBpm) : NO_VALUE}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      {legs
        .filter((l) => !l.transition)
        .map((l) => {
          const curves = (['power', 'hr', 'pace'] as CurveKind[]).map((k) => l.curves[k]).filter((c) => c && c.durationsS.length > 1);
          const label = sportInfo(l.sport).label;
          return (
            <section key={l.sessionIndex} className="card" aria-label={`${label} leg`} data-testid="leg-analysis">
              <h2 className="card-title">{label} leg</h2>
              <div className="analysis-grid">
                <div>
                  <h3 className="card-subtitle">Time in zones</h3>
                  <ZoneBars zones={l.zones} sport={l.sport} />
                </div>
                <div>
                  <h3 className="card-subtitle">Best efforts <span className="muted count">{l.bestEfforts.length}</span></h3>
                  <BestEffortsTable efforts={l.bestEfforts} prs={prs} sport={l.sport} />
                </div>
              </div>
              <h3 className="card-subtitle">Charts</h3>
              {streams.data ? <LegCharts streams={streams.data} sport={l.sport} fromS={l.startOffsetS} toS={l.endOffsetS} /> : <p className="muted">{streams.status === 'error' ? 'Samples could not be loaded.' : 'Loading samples…'}</p>}
              {curves.length > 0 && (
                <div className="curve-grid">
                  {curves.map((c) => (
                    <CurveChart key={c!.kind} curve={c!} sport={l.sport} />
                  ))}
                </div>
              )}
            </section>
          );
        })}
    </>
  );
}
