/** One wellness metric per day with its personal baseline band (mean ± 1 SD of the 30 days before). */
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMetric, type BandPoint } from '../../lib/health-baseline';
import { AXIS_TICK, ChartTooltipBox } from '../analysis/ChartTooltip';

const tickFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Axis ticks: durations in hours, everything else rounded to what the range needs. */
function axisTick(metric: string, v: number): string {
  if (/^(sleep|inBed).*S$/.test(metric)) return `${Math.round((v / 3600) * 10) / 10} h`;
  return Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}

export function MetricBandChart({ metric, label, points, color = '#1c7ed6' }: { metric: string; label: string; points: BandPoint[]; color?: string }) {
  const hasData = points.some((p) => p.value !== null);
  return (
    <figure className="chart" data-testid={`health-chart-${metric}`}>
      <figcaption>
        <span className="chart-swatch" style={{ background: color }} aria-hidden="true" />
        {label}
        <span className="chart-swatch" style={{ background: color, opacity: 0.18 }} aria-hidden="true" />
        <span className="muted small">your normal range</span>
      </figcaption>
      {!hasData ? (
        <p className="muted small">No {label.toLowerCase()} in this period.</p>
      ) : (
        <ResponsiveContainer width="100%" height={200}>
          <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => tickFmt.format(new Date(v))} tick={AXIS_TICK} stroke="var(--border)" minTickGap={40} />
            <YAxis width={48} tick={AXIS_TICK} stroke="var(--border)" domain={['auto', 'auto']} tickFormatter={(v: number) => axisTick(metric, v)} />
            <Tooltip
              isAnimationActive={false}
              content={({ active, payload }) => {
                const p = active ? (payload?.[0]?.payload as BandPoint | undefined) : undefined;
                if (!p) return null;
                return (
                  <ChartTooltipBox
                    title={dayFmt.format(new Date(p.t))}
                    lines={[
                      { name: label, value: formatMetric(metric, p.value), color },
                      { name: 'Normal range', value: p.band ? `${formatMetric(metric, p.band[0])} – ${formatMetric(metric, p.band[1])}` : 'building…' },
                    ]}
                  />
                );
              }}
            />
            <Area dataKey="band" stroke="none" fill={color} fillOpacity={0.15} isAnimationActive={false} connectNulls />
            <Line dataKey="value" stroke={color} strokeWidth={2} dot={points.length <= 31 ? { r: 2 } : false} isAnimationActive={false} connectNulls />
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
