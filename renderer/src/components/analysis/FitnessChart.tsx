/**
 * CTL/ATL with daily load bars, and TSB (form) below on the same day axis with a synced tooltip.
 * Projected days (after today, no load) are drawn dashed and labelled in the tooltip.
 */
import { Area, Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatLoad } from '../../lib/analysis-format';
import type { FitnessRow } from '../../lib/analysis-fitness';
import { AXIS_TICK, ChartTooltipBox } from './ChartTooltip';

export const FITNESS_COLORS = { ctl: '#1c7ed6', atl: '#e03131', tsb: '#f08c00', load: '#adb5bd' };

const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const tickFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

function FitnessTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const r = active ? (payload?.[0]?.payload as FitnessRow | undefined) : undefined;
  if (!r) return null;
  const ctl = r.ctl ?? r.ctlPlan;
  const atl = r.atl ?? r.atlPlan;
  const tsb = r.tsb ?? r.tsbPlan;
  return (
    <ChartTooltipBox
      title={dayFmt.format(new Date(r.t))}
      lines={[
        { name: 'Load', value: r.planned ? 'planned: none' : formatLoad(r.load), color: FITNESS_COLORS.load },
        { name: 'Fitness (CTL)', value: formatLoad(ctl), color: FITNESS_COLORS.ctl },
        { name: 'Fatigue (ATL)', value: formatLoad(atl), color: FITNESS_COLORS.atl },
        { name: 'Form (TSB)', value: formatLoad(tsb, true), color: FITNESS_COLORS.tsb },
        { name: 'Ramp rate', value: `${formatLoad(r.ramp, true)} /week` },
      ]}
      footer={r.planned ? 'Projection: decay with no training' : undefined}
    />
  );
}

/** Form axis from both the real and the projected TSB, symmetric enough to keep zero in view. */
function formScale(rows: FitnessRow[]): { domain: [number, number]; ticks: number[] } {
  let lo = 0;
  let hi = 0;
  for (const r of rows) for (const v of [r.tsb, r.tsbPlan]) if (v !== null) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const step = hi - lo > 60 ? 20 : hi - lo > 25 ? 10 : 5;
  const domain: [number, number] = [Math.floor((lo - 1) / step) * step, Math.ceil((hi + 1) / step) * step];
  const ticks: number[] = [];
  for (let t = domain[0]; t <= domain[1]; t += step) ticks.push(t);
  return { domain, ticks };
}

export function FitnessChart({ rows, today }: { rows: FitnessRow[]; today: number | null }) {
  const lo = rows[0]?.t ?? 0;
  const hi = rows[rows.length - 1]?.t ?? 1;
  const form = formScale(rows);
  const common = { data: rows, syncId: 'fitness', margin: { top: 8, right: 8, bottom: 0, left: 0 } };
  const xAxis = (
    <XAxis dataKey="t" type="number" scale="time" domain={[lo, hi]} tickFormatter={(v: number) => tickFmt.format(new Date(v))} tick={AXIS_TICK} stroke="var(--border)" minTickGap={48} />
  );
  const todayLine = today !== null && today >= lo && today <= hi ? <ReferenceLine x={today} stroke="var(--muted)" strokeDasharray="2 3" label={{ value: 'today', position: 'insideTopRight', fill: 'var(--muted)', fontSize: 11 }} /> : null;
  return (
    <div className="fitness-charts">
      <figure className="chart" data-testid="fitness-chart">
        <figcaption>
          <span className="chart-swatch" style={{ background: FITNESS_COLORS.ctl }} aria-hidden="true" />Fitness (CTL)
          <span className="chart-swatch" style={{ background: FITNESS_COLORS.atl }} aria-hidden="true" />Fatigue (ATL)
          <span className="chart-swatch" style={{ background: FITNESS_COLORS.load }} aria-hidden="true" />Daily load
          <span className="muted small">· dashed = projection</span>
        </figcaption>
        <ResponsiveContainer width="100%" height={300}>
          <ComposedChart {...common}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            {xAxis}
            <YAxis yAxisId="pmc" width={44} tick={AXIS_TICK} stroke="var(--border)" allowDecimals={false} />
            <YAxis yAxisId="load" orientation="right" width={40} tick={AXIS_TICK} stroke="var(--border)" allowDecimals={false} />
            <Tooltip content={FitnessTooltip} isAnimationActive={false} />
            <Bar yAxisId="load" dataKey="load" fill={FITNESS_COLORS.load} fillOpacity={0.55} isAnimationActive={false} maxBarSize={10} />
            <Line yAxisId="pmc" dataKey="ctl" stroke={FITNESS_COLORS.ctl} strokeWidth={2.2} dot={false} isAnimationActive={false} />
            <Line yAxisId="pmc" dataKey="atl" stroke={FITNESS_COLORS.atl} strokeWidth={1.5} dot={false} isAnimationActive={false} />
            <Line yAxisId="pmc" dataKey="ctlPlan" stroke={FITNESS_COLORS.ctl} strokeWidth={2} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
            <Line yAxisId="pmc" dataKey="atlPlan" stroke={FITNESS_COLORS.atl} strokeWidth={1.5} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
            {todayLine && <ReferenceLine yAxisId="pmc" x={today!} stroke="var(--muted)" strokeDasharray="2 3" label={{ value: 'today', position: 'insideTopRight', fill: 'var(--muted)', fontSize: 11 }} />}
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" data-testid="form-chart">
        <figcaption>
          <span className="chart-swatch" style={{ background: FITNESS_COLORS.tsb }} aria-hidden="true" />Form (TSB)
        </figcaption>
        <ResponsiveContainer width="100%" height={150}>
          <ComposedChart {...common}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            {xAxis}
            <YAxis width={44} tick={AXIS_TICK} stroke="var(--border)" allowDecimals={false} domain={form.domain} ticks={form.ticks} />
            <YAxis yAxisId="pad" orientation="right" width={40} tick={false} stroke="transparent" />
            {/* Synced cursor only: the chart above already shows the day's figures. */}
            <Tooltip content={() => null} isAnimationActive={false} />
            <ReferenceLine y={0} stroke="var(--border)" />
            <Area dataKey="tsb" stroke={FITNESS_COLORS.tsb} fill={FITNESS_COLORS.tsb} fillOpacity={0.18} strokeWidth={1.5} isAnimationActive={false} baseValue={0} />
            <Line dataKey="tsbPlan" stroke={FITNESS_COLORS.tsb} strokeWidth={1.5} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
            {todayLine}
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
