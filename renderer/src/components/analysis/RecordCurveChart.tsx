/**
 * The all-time mean-max curve of a record kind (power, pace or heart rate) with each recent
 * year's curve beside it on a log duration axis: where this season stands against the best ever.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RecordKind } from '../../../../shared/analysis-api.js';
import { useUnits } from '../../hooks/use-units';
import { curveTicks } from '../../lib/analysis-curves';
import { durationLabel, durationTick } from '../../lib/analysis-format';
import { chartReversed, chartValue, formatRecord, recordValue, type RecordTable } from '../../lib/analysis-records';
import { formatMinSec } from '../../units';
import { AXIS_TICK, ChartTooltipBox } from './ChartTooltip';

const YEAR_COLORS = ['#1c7ed6', '#2f9e44', '#ae3ec9', '#f08c00'];
const MAX_YEARS = 4;

type Row = { durationS: number } & Record<string, number | null>;

/** `allLabel`: the name of the best line ("All-time", or the range the records page shows). */
export function RecordCurveChart({ table, sport, allLabel = 'All-time' }: { table: RecordTable; sport: string; allLabel?: string }) {
  const { units } = useUnits();
  const years = table.years.slice(0, MAX_YEARS);
  const kind: RecordKind = table.kind;
  const conv = (v: number | null) => (v === null ? null : chartValue(kind, v, sport, units).v);
  const rows: Row[] = table.rows.map((r) => {
    const row: Row = { durationS: r.key, all: conv(r.all ? recordValue(r.all) : null) };
    for (const y of years) {
      const c = r.byYear.get(y);
      row[`y${y}`] = conv(c ? recordValue(c) : null);
    }
    return row;
  });
  if (rows.length < 2) return null;
  const lo = rows[0]!.durationS;
  const hi = rows[rows.length - 1]!.durationS;
  const unit = chartValue(kind, 1, sport, units).unit;
  const tick = (v: number) => (unit.startsWith('/') ? formatMinSec(v) : String(Math.round(v)));
  const raw = (key: number, series: string) => {
    const r = table.rows.find((x) => x.key === key);
    const rec = series === 'all' ? r?.all : r?.byYear.get(Number(series.slice(1)));
    return rec ? formatRecord(kind, key, recordValue(rec), sport, units) : '—';
  };

  return (
    <figure className="chart record-curve" data-testid={`record-curve-${kind}`}>
      <ResponsiveContainer width="100%" height={230}>
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="durationS" type="number" scale="log" domain={[lo, hi]} ticks={curveTicks(lo, hi)} tickFormatter={durationTick} tick={AXIS_TICK} stroke="var(--border)" allowDataOverflow />
          <YAxis width={56} domain={['auto', 'auto']} reversed={chartReversed(kind, sport, units)} tickFormatter={tick} tick={AXIS_TICK} stroke="var(--border)" />
          <Tooltip
            isAnimationActive={false}
            content={({ active, payload }) => {
              const r = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
              if (!r) return null;
              const lines = [{ name: allLabel, value: raw(r.durationS, 'all'), color: 'var(--accent)' }, ...years.map((y, i) => ({ name: String(y), value: raw(r.durationS, `y${y}`), color: YEAR_COLORS[i] }))];
              return <ChartTooltipBox title={`Best ${durationLabel(r.durationS)}`} lines={lines} />;
            }}
          />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} formatter={(v: string) => <span style={{ color: 'var(--muted)' }}>{v === 'all' ? allLabel : v.slice(1)}</span>} />
          {years.map((y, i) => (
            <Line key={y} dataKey={`y${y}`} stroke={YEAR_COLORS[i]} strokeWidth={1.3} dot={false} isAnimationActive={false} connectNulls />
          ))}
          <Line dataKey="all" stroke="var(--accent)" strokeWidth={2.4} dot={false} activeDot={{ r: 3 }} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
