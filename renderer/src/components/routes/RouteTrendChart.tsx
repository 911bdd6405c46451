import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RouteActivityDto } from '../../../../shared/routes-api.js';
import { formatDate } from '../../lib/dates';
import { formatDuration } from '../../units';

/** Time on the route (left axis) and average heart rate (right axis), oldest to newest. */
export function RouteTrendChart({ activities }: { activities: RouteActivityDto[] }) {
  const rows = activities.map((a) => ({ date: formatDate(a.startTime), timeS: a.timeS, hr: a.avgHrBpm }));
  const hasHr = rows.some((r) => r.hr !== null);
  return (
    <div className="chart" data-testid="route-trend" style={{ width: '100%', height: 240 }}>
      <ResponsiveContainer>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" />
          <YAxis yAxisId="t" tickFormatter={(v: number) => formatDuration(v)} domain={['auto', 'auto']} />
          {hasHr && <YAxis yAxisId="hr" orientation="right" domain={['auto', 'auto']} unit=" bpm" />}
          <Tooltip formatter={(v, name) => (name === 'Time' ? formatDuration(Number(v)) : `${Math.round(Number(v))} bpm`)} />
          <Legend />
          <Line yAxisId="t" type="monotone" dataKey="timeS" name="Time" stroke="#1c7ed6" dot isAnimationActive={false} />
          {hasHr && <Line yAxisId="hr" type="monotone" dataKey="hr" name="Avg HR" stroke="#e03131" dot isAnimationActive={false} />}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
