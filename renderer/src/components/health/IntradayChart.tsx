/** One day of intraday series (heart rate, stress, Body Battery, SpO2) from GET /health/series/:metric. */
import { useState } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAsync } from '../../hooks/use-async';
import { healthApi } from '../../lib/health-client';
import { AXIS_TICK } from '../analysis/ChartTooltip';
import { ErrorBox } from '../States';

const SERIES: { metric: string; name: string; color: string }[] = [
  { metric: 'hrBpm', name: 'Heart rate (bpm)', color: '#e03131' },
  { metric: 'stress', name: 'Stress', color: '#f08c00' },
  { metric: 'bodyBattery', name: 'Body Battery', color: '#0ca678' },
  { metric: 'spo2Pct', name: 'SpO2 (%)', color: '#1c7ed6' },
];
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function IntradayChart({ initialDate }: { initialDate: string }) {
  const [date, setDate] = useState(initialDate);
  const data = useAsync(async (signal) => {
    const all = await Promise.all(SERIES.map((s) => healthApi.series(s.metric, date, date, signal)));
    // The API widens the UTC day to cover every time zone; keep this browser's local day.
    const start = new Date(`${date}T00:00:00`).getTime();
    const rows = new Map<number, Record<string, number>>();
    all.forEach((r, i) => {
      for (const [t, v] of r.points) if (t >= start && t < start + 86_400_000) rows.set(t, { ...(rows.get(t) ?? { t }), [SERIES[i].metric]: v });
    });
    return { rows: [...rows.values()].sort((a, b) => a.t - b.t), present: SERIES.filter((_, i) => all[i].points.length) };
  }, [date]);
  return (
    <div data-testid="intraday-chart">
      <label className="small">
        Day <input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
      </label>
      {data.status === 'error' && <ErrorBox error={data.error} onRetry={data.reload} />}
      {data.data && !data.data.rows.length && <p className="muted small">No intraday data on this day.</p>}
      {data.data && data.data.rows.length > 0 && (
        <ResponsiveContainer width="100%" height={240}>
          <ComposedChart data={data.data.rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => timeFmt.format(new Date(v))} tick={AXIS_TICK} stroke="var(--border)" minTickGap={40} />
            <YAxis width={40} tick={AXIS_TICK} stroke="var(--border)" />
            <Tooltip isAnimationActive={false} labelFormatter={(v) => timeFmt.format(new Date(Number(v)))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {data.data.present.map((s) => (
              <Line key={s.metric} dataKey={s.metric} name={s.name} stroke={s.color} dot={false} isAnimationActive={false} connectNulls />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
