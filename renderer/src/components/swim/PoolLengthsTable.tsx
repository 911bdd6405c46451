/**
 * The lengths of a pool swim as the watch counted them: stroke, time, pace, strokes and SWOLF per
 * length, rests as rows of their own (never 0.00 km laps). From `swim` in the activity detail
 * (server/domain/swim/pool-swim.ts).
 */
import type { PoolSwimDto } from '../../../../shared/analysis-api.js';
import { useUnits } from '../../hooks/use-units';
import { formatDuration, formatSwimPace, NO_VALUE } from '../../units';

const strokeName = (s: string | null) => (s ? s.replace(/_/g, ' ') : NO_VALUE);
const oneDecimal = (v: number | null) => (v === null ? NO_VALUE : v.toFixed(1));

export function PoolLengthsTable({ swim }: { swim: PoolSwimDto }) {
  const { units } = useUnits();
  const pace = (secsPer100m: number | null) => (secsPer100m === null ? NO_VALUE : formatSwimPace(100 / secsPer100m, units));
  return (
    <section className="card" aria-labelledby="lengths-h" data-testid="pool-lengths">
      <h2 id="lengths-h" className="card-title">
        Lengths <span className="muted count">{swim.activeLengths}</span>
      </h2>
      <dl className="kv">
        <div><dt>Pool length</dt><dd>{Math.round(swim.poolLengthM * 100) / 100} m</dd></div>
        <div><dt>Avg pace</dt><dd>{pace(swim.pacePer100mS)}</dd></div>
        <div><dt>Avg SWOLF</dt><dd>{oneDecimal(swim.avgSwolf)}</dd></div>
        <div><dt>Swim / rest time</dt><dd>{formatDuration(swim.swimTimeS)} / {formatDuration(swim.restTimeS)}</dd></div>
      </dl>
      <div className="table-scroll">
        <table className="lap-table" data-testid="lengths-table">
          <thead>
            <tr>
              <th scope="col">Length</th>
              <th scope="col" className="num">Start</th>
              <th scope="col">Stroke</th>
              <th scope="col" className="num">Time</th>
              <th scope="col" className="num">Pace</th>
              <th scope="col" className="num">Strokes</th>
              <th scope="col" className="num">SWOLF</th>
            </tr>
          </thead>
          <tbody>
            {swim.rows.map((r, i) =>
              r.kind === 'rest' ? (
                <tr key={`r${i}`} className="rest-row" data-testid="rest-row">
                  <th scope="row" className="muted">Rest</th>
                  <td className="num">{formatDuration(r.startOffsetS)}</td>
                  <td className="muted">—</td>
                  <td className="num">{formatDuration(r.timeS)}</td>
                  <td colSpan={3} />
                </tr>
              ) : (
                <tr key={`l${r.number}`} data-testid="length-row" title={r.implausible ? 'Faster than a swimmer can swim: a miscounted length, left out of pace and best efforts' : undefined}>
                  <th scope="row">{r.number}{r.implausible ? ' ⚠' : ''}</th>
                  <td className="num">{formatDuration(r.startOffsetS)}</td>
                  <td>{strokeName(r.stroke)}</td>
                  <td className="num">{r.timeS.toFixed(1)} s</td>
                  <td className="num">{pace(r.pacePer100mS)}</td>
                  <td className="num">{r.strokes ?? NO_VALUE}</td>
                  <td className="num">{r.swolf ?? NO_VALUE}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
