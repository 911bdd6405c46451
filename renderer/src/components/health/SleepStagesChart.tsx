/** Sleep stages per night as stacked hours (deep, light, REM, unspecified, awake). */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SleepSessionDto } from '../../../../shared/health.js';
import { AXIS_TICK } from '../analysis/ChartTooltip';

export const STAGE_COLORS: Record<string, string> = { deep: '#364fc7', light: '#74c0fc', rem: '#be4bdb', asleep: '#91a7ff', awake: '#ffa94d' };
const STAGES = ['deep', 'light', 'rem', 'asleep', 'awake'] as const;

export interface NightRow {
  date: string;
  deep: number;
  light: number;
  rem: number;
  asleep: number;
  awake: number;
  source: string;
}

/** Hours per stage per night; a night without stage detail (Garmin export) counts as unspecified sleep. */
export function nightRows(sessions: readonly SleepSessionDto[], sleepS: (date: string) => number | undefined): NightRow[] {
  const rows = new Map<string, NightRow>();
  for (const s of sessions) {
    const r = rows.get(s.date) ?? { date: s.date, deep: 0, light: 0, rem: 0, asleep: 0, awake: 0, source: s.source };
    for (const st of s.stages) {
      const h = (Date.parse(st.endTime) - Date.parse(st.startTime)) / 3_600_000;
      if (st.stage in r && st.stage !== 'date' && st.stage !== 'source') (r as unknown as Record<string, number>)[st.stage] += h;
    }
    if (!s.stages.length) r.asleep += (sleepS(s.date) ?? (Date.parse(s.endTime) - Date.parse(s.startTime)) / 1000) / 3600;
    rows.set(s.date, r);
  }
  return [...rows.values()].sort((a, b) => a.date.localeCompare(b.date));
}

export function SleepStagesChart({ rows }: { rows: NightRow[] }) {
  if (!rows.length) return <p className="muted small">No sleep recorded in this period.</p>;
  return (
    <figure className="chart" data-testid="sleep-stages-chart">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="date" tick={AXIS_TICK} stroke="var(--border)" minTickGap={24} tickFormatter={(d: string) => d.slice(5)} />
          <YAxis width={36} tick={AXIS_TICK} stroke="var(--border)" unit=" h" />
          <Tooltip isAnimationActive={false} formatter={(v) => (typeof v === 'number' ? `${Math.floor(v)}:${String(Math.round((v % 1) * 60)).padStart(2, '0')} h` : String(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {STAGES.map((s) => (
            <Bar key={s} dataKey={s} stackId="night" fill={STAGE_COLORS[s]} name={s === 'asleep' ? 'unspecified' : s} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
