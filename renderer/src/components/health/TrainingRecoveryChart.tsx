/**
 * Training vs recovery: CTL/ATL/TSB from the analysis feature overlaid with HRV, resting HR and
 * sleep on one day axis. Without the training-load series (older server) recovery is shown alone.
 */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FitnessDayDto, HealthDayDto } from '../../../../shared/health.js';
import { AXIS_TICK } from '../analysis/ChartTooltip';

const tickFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

export interface TrainingRecoveryRow {
  t: number;
  ctl?: number;
  atl?: number;
  tsb?: number;
  hrv?: number;
  rhr?: number;
  sleepH?: number;
}

export function trainingRecoveryRows(days: readonly HealthDayDto[], fitness: readonly FitnessDayDto[] | null, from: string, to: string): TrainingRecoveryRow[] {
  const out = new Map<string, TrainingRecoveryRow>();
  const get = (date: string) => {
    let r = out.get(date);
    if (!r) out.set(date, (r = { t: Date.parse(`${date}T00:00:00Z`) }));
    return r;
  };
  for (const f of fitness ?? []) if (f.date >= from && f.date <= to) Object.assign(get(f.date), { ctl: f.ctl, atl: f.atl, tsb: f.tsb });
  for (const d of days) {
    if (d.date < from || d.date > to) continue;
    const r = get(d.date);
    const hrv = d.metrics.hrvMs ?? d.metrics.hrvSdnnMs;
    if (hrv !== undefined) r.hrv = hrv;
    if (d.metrics.restingHrBpm !== undefined) r.rhr = d.metrics.restingHrBpm;
    if (d.metrics.sleepS !== undefined) r.sleepH = Math.round((d.metrics.sleepS / 3600) * 10) / 10;
  }
  return [...out.values()].sort((a, b) => a.t - b.t);
}

export function TrainingRecoveryChart({ rows, hasFitness }: { rows: TrainingRecoveryRow[]; hasFitness: boolean }) {
  if (!rows.length) return <p className="muted small">No training or recovery data in this period.</p>;
  return (
    <figure className="chart" data-testid="training-recovery-chart">
      {!hasFitness && <p className="muted small">Training load (CTL/ATL/TSB) is not available on this server; showing recovery only.</p>}
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => tickFmt.format(new Date(v))} tick={AXIS_TICK} stroke="var(--border)" minTickGap={40} />
          <YAxis yAxisId="load" width={40} tick={AXIS_TICK} stroke="var(--border)" />
          <YAxis yAxisId="bio" orientation="right" width={40} tick={AXIS_TICK} stroke="var(--border)" />
          <YAxis yAxisId="sleep" hide domain={[0, 24]} />
          <Tooltip isAnimationActive={false} labelFormatter={(v) => tickFmt.format(new Date(Number(v)))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="sleep" dataKey="sleepH" name="Sleep (h)" fill="#a5d8ff" fillOpacity={0.6} isAnimationActive={false} maxBarSize={10} />
          {hasFitness && <Line yAxisId="load" dataKey="ctl" name="Fitness (CTL)" stroke="#1c7ed6" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />}
          {hasFitness && <Line yAxisId="load" dataKey="atl" name="Fatigue (ATL)" stroke="#e03131" dot={false} isAnimationActive={false} connectNulls />}
          {hasFitness && <Line yAxisId="load" dataKey="tsb" name="Form (TSB)" stroke="#f08c00" strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls />}
          <Line yAxisId="bio" dataKey="hrv" name="HRV (ms)" stroke="#2f9e44" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
          <Line yAxisId="bio" dataKey="rhr" name="Resting HR (bpm)" stroke="#862e9c" dot={false} isAnimationActive={false} connectNulls />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
