/**
 * The analysis block of the activity page: load figures, time in zones, best efforts and mean-max
 * curves against the all-time curve. Every part is optional: before the server's first compute the
 * detail has none of these fields and the block says so instead of showing zeros.
 */
import type { ActivityAnalysisDto, CurveKind } from '../../../../shared/analysis-api.js';
import type { ActivityDetailDto } from '../../../../shared/api.js';
import { BestEffortsTable } from './BestEffortsTable';
import { CurveChart } from './CurveChart';
import { LoadFigures } from './LoadFigures';
import { MultisportLegs } from './MultisportLegs';
import { ZoneBars } from './ZoneBars';

export type AnalysedActivity = ActivityDetailDto & Partial<ActivityAnalysisDto>;

export function ActivityAnalysis({ a }: { a: AnalysedActivity }) {
  const analysed = a.bestEfforts !== undefined || a.load !== undefined || a.zones !== undefined || a.curves !== undefined;
  if (!analysed)
    return (
      <section className="card" aria-labelledby="analysis-h" data-testid="analysis-pending">
        <h2 id="analysis-h" className="card-title">Analysis</h2>
        <p className="muted">Not analysed yet: load, zones, best efforts and curves appear once the server has processed this activity.</p>
      </section>
    );
  const curves = (['power', 'hr', 'pace'] as CurveKind[]).map((k) => a.curves?.[k]).filter((c) => c && c.durationsS.length > 1);
  // Multisport: load and zones of the whole event here, everything else leg by leg.
  if (a.legs?.length)
    return (
      <>
        {a.load && (
          <section className="card" aria-labelledby="load-h">
            <h2 id="load-h" className="card-title">Training load</h2>
            <LoadFigures load={a.load} sport={a.sport} />
          </section>
        )}
        {a.zones && (
          <section className="card" aria-labelledby="zones-h">
            <h2 id="zones-h" className="card-title">Time in zones (whole event)</h2>
            <ZoneBars zones={a.zones} sport={a.sport} />
          </section>
        )}
        <MultisportLegs activityId={a.id} legs={a.legs} sessions={a.sessions} prs={a.newPrs ?? []} />
      </>
    );
  return (
    <>
      {a.load && (
        <section className="card" aria-labelledby="load-h">
          <h2 id="load-h" className="card-title">Training load</h2>
          <LoadFigures load={a.load} sport={a.sport} />
        </section>
      )}
      <div className="analysis-grid">
        <section className="card" aria-labelledby="zones-h">
          <h2 id="zones-h" className="card-title">Time in zones</h2>
          {a.zones ? <ZoneBars zones={a.zones} sport={a.sport} /> : <p className="muted">No zones computed.</p>}
        </section>
        <section className="card" aria-labelledby="efforts-h">
          <h2 id="efforts-h" className="card-title">
            Best efforts <span className="muted count">{a.bestEfforts?.length ?? 0}</span>
          </h2>
          <BestEffortsTable efforts={a.bestEfforts ?? []} prs={a.newPrs ?? []} sport={a.sport} />
        </section>
      </div>
      {curves.length > 0 && (
        <section className="card" aria-labelledby="curves-h">
          <h2 id="curves-h" className="card-title">Mean-max curves</h2>
          <div className="curve-grid">
            {curves.map((c) => (
              <CurveChart key={c!.kind} curve={c!} sport={a.sport} />
            ))}
          </div>
        </section>
      )}
    </>
  );
}
