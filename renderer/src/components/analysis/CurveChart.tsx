/**
 * A mean-max curve (power, heart rate or pace) of one activity against the athlete's all-time curve
 * for the sport, on a log duration axis. The all-time curve is fetched here so a slow or failed
 * request never holds up the rest of the activity page.
 */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CurveDto, CurveKind } from '../../../../shared/analysis-api.js';
import { useAsync } from '../../hooks/use-async';
import { useUnits } from '../../hooks/use-units';
import { analysisApi } from '../../lib/analysis-client';
import { curveTicks, mergeCurves, type CurveRow } from '../../lib/analysis-curves';
import { durationLabel, durationTick, formatRateValue, rateUnit, rateValue } from '../../lib/analysis-format';
import { sportInfo } from '../../lib/sports';
import { formatMinSec } from '../../units';
import { AXIS_TICK, ChartTooltipBox } from './ChartTooltip';

const TITLE: Record<CurveKind, string> = { power: 'Power curve', hr: 'Heart-rate curve', pace: 'Pace curve' };

export function CurveChart({ curve, sport }: { curve: CurveDto; sport: string }) {
  const { units } = useUnits();
  const best = useAsync((signal) => analysisApi.curve(curve.kind, sport, signal), [curve.kind, sport]);
  const isPace = curve.kind === 'pace';
  const speedSport = sportInfo(sport).rate === 'speed';
  const convert = (v: number) => (isPace ? rateValue(sport, v, units) : v);
  const points = (c: CurveDto | undefined) => (c ? c.durationsS.map((d, i) => ({ durationS: d, value: c.values[i] ?? NaN })) : []);
  const rows = mergeCurves(points(curve), best.data ? points(best.data) : null, convert);
  if (rows.length < 2) return null;

  const unit = curve.kind === 'power' ? 'W' : curve.kind === 'hr' ? 'bpm' : rateUnit(sport, units);
  const fmt = (v: number) => (isPace ? formatRateValue(sport, v, units) : `${Math.round(v)} ${unit}`);
  const tick = (v: number) => (isPace && !speedSport ? formatMinSec(v) : String(Math.round(v)));
  const lo = rows[0]!.durationS;
  const hi = rows[rows.length - 1]!.durationS;
  const color = curve.kind === 'power' ? '#7048e8' : curve.kind === 'hr' ? '#e03131' : '#e8590c';

  return (
    <figure className="chart curve-chart" data-testid={`curve-${curve.kind}`}>
      <figcaption>
        <span className="chart-swatch" style={{ background: color }} aria-hidden="true" />
        {isPace && speedSport ? 'Speed curve' : TITLE[curve.kind]} <span className="muted">({unit})</span>
      </figcaption>
      <div className="curve-legend muted small">
        <span className="legend-line" style={{ borderColor: color }} /> this activity
        <span className="legend-line legend-dashed" /> all-time best ({sportInfo(sport).label.toLowerCase()}){best.status === 'error' ? ': unavailable' : ''}
      </div>
      <ResponsiveContainer width="100%" height={190}>
        <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="durationS" type="number" scale="log" domain={[lo, hi]} ticks={curveTicks(lo, hi)} tickFormatter={durationTick} tick={AXIS_TICK} stroke="var(--border)" allowDataOverflow />
          <YAxis width={52} domain={['auto', 'auto']} reversed={isPace && !speedSport} tickFormatter={tick} tick={AXIS_TICK} stroke="var(--border)" />
          <Tooltip
            isAnimationActive={false}
            content={({ active, payload }) => {
              const r = active ? (payload?.[0]?.payload as CurveRow | undefined) : undefined;
              if (!r) return null;
              const lines = [{ name: 'This activity', value: r.activity === null ? '—' : fmt(r.activity), color }];
              if (r.best !== null) lines.push({ name: 'All-time best', value: fmt(r.best), color: 'var(--muted)' });
              const pct = r.activity !== null && r.best ? (isPace && !speedSport ? r.best / r.activity : r.activity / r.best) : null;
              return <ChartTooltipBox title={`Best ${durationLabel(r.durationS)}`} lines={lines} footer={pct !== null ? `${Math.round(pct * 100)}% of your best` : undefined} />;
            }}
          />
          <Line type="monotone" dataKey="best" stroke="var(--muted)" strokeDasharray="5 4" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
          <Line type="monotone" dataKey="activity" stroke={color} strokeWidth={2} dot={false} activeDot={{ r: 3 }} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
