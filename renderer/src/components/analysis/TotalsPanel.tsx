/**
 * Weekly, monthly or yearly totals per sport with the same period a year earlier beside each
 * bar, and a table of every figure with the year-over-year change of the chosen one.
 */
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TotalsDto, TotalsPeriod, TotalsRowDto } from '../../../../shared/analysis-api.js';
import { useUnits } from '../../hooks/use-units';
import { formatLoad } from '../../lib/analysis-format';
import { sportInfo } from '../../lib/sports';
import { formatChange, formatMetric, metricValue, PERIOD_LIMIT, periodLabel, TOTALS_METRICS, totalsFor, totalsSports, yoyChange, type TotalsMetric } from '../../lib/analysis-totals';
import { distanceUnit, elevationUnit, formatDistance, formatDuration, formatElevation } from '../../units';
import { AXIS_TICK, ChartTooltipBox } from './ChartTooltip';

interface Props {
  data: TotalsDto;
  period: TotalsPeriod;
  sport: string;
  metric: TotalsMetric;
  /** Last day (YYYY-MM-DD) of the window: the chart shows the periods up to it. */
  endDay: string;
  onChange: (patch: { period?: TotalsPeriod; tsport?: string; metric?: TotalsMetric }) => void;
}

const PERIODS: { key: TotalsPeriod; label: string }[] = [
  { key: 'week', label: 'Weekly' },
  { key: 'month', label: 'Monthly' },
  { key: 'year', label: 'Yearly' },
];

export function TotalsPanel({ data, period, sport, metric, endDay, onChange }: Props) {
  const { units } = useUnits();
  const sports = totalsSports(data.items);
  const shownSport = sports.includes(sport) ? sport : (sports[0] ?? 'all');
  const rows = useMemo(() => totalsFor(data.items, shownSport, period, endDay, PERIOD_LIMIT[period]), [data, shownSport, period, endDay]);
  const active = rows.filter((r) => r.count > 0 || r.previousYear.count > 0);
  const chart = rows.map((r) => ({ label: periodLabel(period, r.periodStart, true), cur: metricValue(r, metric, units), prev: metricValue(r.previousYear, metric, units), row: r }));
  const unit = metric === 'distanceM' ? distanceUnit(units) : metric === 'movingTimeS' ? 'h' : metric === 'ascentM' ? elevationUnit(units) : metric === 'count' ? '' : 'load';
  const color = shownSport === 'all' ? 'var(--accent)' : sportInfo(shownSport).color;
  const metricLabel = TOTALS_METRICS.find((m) => m.key === metric)!.label;

  return (
    <section className="card" aria-labelledby="totals-h" data-testid="totals">
      <div className="totals-head">
        <h2 id="totals-h" className="card-title">Totals</h2>
        <div className="segmented" role="group" aria-label="Period">
          {PERIODS.map((p) => (
            <button key={p.key} type="button" aria-pressed={p.key === period} onClick={() => onChange({ period: p.key })} data-testid={`totals-${p.key}`}>
              {p.label}
            </button>
          ))}
        </div>
        <label className="inline-field">
          <span>Sport</span>
          <select value={shownSport} onChange={(e) => onChange({ tsport: e.target.value })}>
            {sports.map((s) => (
              <option key={s} value={s}>{s === 'all' ? 'All sports' : sportInfo(s).label}</option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Show</span>
          <select value={metric} onChange={(e) => onChange({ metric: e.target.value as TotalsMetric })}>
            {TOTALS_METRICS.map((m) => (
              <option key={m.key} value={m.key}>{m.label}</option>
            ))}
          </select>
        </label>
      </div>
      {active.length === 0 ? (
        <p className="muted" data-testid="totals-empty">No activities in these {PERIODS.find((p) => p.key === period)!.label.toLowerCase()} periods, nor a year before them.</p>
      ) : (
        <>
          <figure className="chart" data-testid="totals-chart">
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={chart} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barGap={2}>
                <CartesianGrid stroke="var(--grid)" vertical={false} />
                <XAxis dataKey="label" tick={AXIS_TICK} stroke="var(--border)" interval="preserveStartEnd" minTickGap={12} />
                <YAxis width={48} tick={AXIS_TICK} stroke="var(--border)" tickFormatter={(v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1))} />
                <Tooltip
                  isAnimationActive={false}
                  cursor={{ fill: 'var(--surface-2)' }}
                  content={({ active, payload }) => {
                    const r = active ? (payload?.[0]?.payload as { row: TotalsRowDto } | undefined)?.row : undefined;
                    if (!r) return null;
                    return (
                      <ChartTooltipBox
                        title={periodLabel(period, r.periodStart)}
                        lines={[
                          { name: 'This year', value: formatMetric(r, metric, units), color },
                          { name: 'A year earlier', value: formatMetric(r.previousYear, metric, units), color: 'var(--muted)' },
                        ]}
                        footer={`${metricLabel}: ${formatChange(yoyChange(metricValue(r, metric, units), metricValue(r.previousYear, metric, units)))} year over year`}
                      />
                    );
                  }}
                />
                <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12 }} formatter={(v: string) => <span style={{ color: 'var(--muted)' }}>{v === 'cur' ? `${metricLabel}${unit ? ` (${unit})` : ''}` : 'Same period a year earlier'}</span>} />
                <Bar dataKey="prev" fill="#ced4da" isAnimationActive={false} radius={[3, 3, 0, 0]} maxBarSize={22} />
                <Bar dataKey="cur" fill={color} isAnimationActive={false} radius={[3, 3, 0, 0]} maxBarSize={22} />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <div className="table-scroll">
            <table className="lap-table totals-table" data-testid="totals-table">
              <thead>
                <tr>
                  <th scope="col">{period === 'week' ? 'Week' : period === 'month' ? 'Month' : 'Year'}</th>
                  <th scope="col" className="num">Activities</th>
                  <th scope="col" className="num">Distance</th>
                  <th scope="col" className="num">Time</th>
                  <th scope="col" className="num">Elevation</th>
                  <th scope="col" className="num">Load</th>
                  <th scope="col" className="num" title={`${metricLabel} against the same period a year earlier`}>vs last year</th>
                </tr>
              </thead>
              <tbody>
                {[...active].reverse().map((r) => {
                  const pct = yoyChange(metricValue(r, metric, units), metricValue(r.previousYear, metric, units));
                  return (
                    <tr key={r.periodStart} data-testid="totals-row">
                      <th scope="row">{periodLabel(period, r.periodStart)}</th>
                      <td className="num">{r.count}</td>
                      <td className="num">{formatDistance(r.distanceM, units)}</td>
                      <td className="num">{formatDuration(r.movingTimeS)}</td>
                      <td className="num">{formatElevation(r.ascentM, units)}</td>
                      <td className="num">{formatLoad(r.load)}</td>
                      <td className={`num yoy ${pct === null ? 'yoy-new' : pct >= 0 ? 'yoy-up' : 'yoy-down'}`} title={`A year earlier: ${formatMetric(r.previousYear, metric, units)}`}>
                        {formatChange(pct)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
