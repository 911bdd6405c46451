import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RouteActivityDto } from '../../../../shared/routes-api.js';
import { formatDate } from '../../lib/dates';
import { formatDuration } from '../../units';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A short tick label: "May 24" (month and two-digit year) so many efforts do not overlap. */
function shortDate(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCFullYear()).slice(2)}`;
}

/**
 * Time on the route (left axis) and average heart rate (right axis), oldest to newest. The x axis
 * is real time (efforts years apart stand apart) with short labels and a minimum gap between them:
 * one full date per effort overlapped as soon as a route had a dozen (issue 17).
 */
export function RouteTrendChart({ activities }: { activities: RouteActivityDto[] }) {
  const rows = activities.map((a) => ({ t: Date.parse(a.startTime), date: formatDate(a.startTime), timeS: a.timeS, hr: a.avgHrBpm }));
  const hasHr = rows.some((r) => r.hr !== null);
  const one = rows.length === 1;
  return (
    <div className="chart" data-testid="route-trend" style={{ width: '100%', height: 240 }}>
      <ResponsiveContainer>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={one ? [rows[0]!.t - 86_400_000 * 15, rows[0]!.t + 86_400_000 * 15] : ['dataMin', 'dataMax']}
            tickFormatter={shortDate}
            minTickGap={28}
            tickCount={6}
            interval="preserveStartEnd"
          />
          <YAxis yAxisId="t" tickFormatter={(v: number) => formatDuration(v)} domain={['auto', 'auto']} width={64} />
          {hasHr && <YAxis yAxisId="hr" orientation="right" domain={['auto', 'auto']} unit=" bpm" width={64} />}
          <Tooltip
            labelFormatter={(v) => formatDate(new Date(Number(v)).toISOString())}
            formatter={(v, name) => (name === 'Time' ? formatDuration(Number(v)) : `${Math.round(Number(v))} bpm`)}
          />
          <Legend />
          <Line yAxisId="t" type="monotone" dataKey="timeS" name="Time" stroke="#1c7ed6" dot isAnimationActive={false} />
          {hasHr && <Line yAxisId="hr" type="monotone" dataKey="hr" name="Avg HR" stroke="#e03131" dot isAnimationActive={false} />}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
