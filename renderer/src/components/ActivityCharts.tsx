/**
 * Stacked Recharts panels sharing one x axis (time or distance) and one synced tooltip.
 * Only channels the activity has get a panel. Animations are off: with ~1500 points they only cost.
 */
import { useMemo, useState } from 'react';
import { Area, AreaChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartRow, ChartSeries } from '../lib/chart-data';
import { niceScale, robustDomain } from '../lib/chart-data';
import { useUnits } from '../hooks/use-units';
import { distanceUnit, elevationUnit, formatDuration, formatMinSec, paceUnit, speedUnit, swimPaceUnit, temperatureUnit } from '../units';

type XMode = 'time' | 'distance';

/** Whole-number ticks without the "-0" that toFixed gives for tiny negatives. */
const int = (v: number) => String(Math.round(v) || 0);
const oneDecimal = (v: number) => (Math.abs(v) < 0.05 ? '0.0' : v.toFixed(1));

interface Panel {
  key: keyof ChartRow;
  title: string;
  unit: string;
  color: string;
  testId: string;
  area?: boolean;
  /** Pace: lower is faster, so the axis is flipped to keep "up = better". */
  reversed?: boolean;
  format: (v: number) => string;
  robust?: boolean;
}

function median(values: (number | null)[]): number {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)]! : Infinity;
}

export function ActivityCharts({ series }: { series: ChartSeries }) {
  const { units } = useUnits();
  const [mode, setMode] = useState<XMode>('time');
  const xMode: XMode = series.has.dist ? mode : 'time';
  const xKey = xMode === 'time' ? 'timeS' : 'dist';
  const rows = useMemo(() => (xMode === 'distance' ? series.rows.filter((r) => r.dist !== null) : series.rows), [series, xMode]);

  const panels: Panel[] = [];
  if (series.has.speed) {
    if (series.rate === 'speed') {
      panels.push({ key: 'speed', title: 'Speed', unit: speedUnit(units), color: '#1c7ed6', testId: 'speed-chart', format: oneDecimal, robust: true });
    } else {
      const unit = series.rate === 'swim-pace' ? swimPaceUnit(units) : paceUnit(units);
      panels.push({ key: 'pace', title: 'Pace', unit, color: '#e8590c', testId: 'pace-chart', reversed: true, format: formatMinSec, robust: true });
    }
  }
  if (series.has.hr) panels.push({ key: 'hr', title: 'Heart rate', unit: 'bpm', color: '#e03131', testId: 'hr-chart', format: int, robust: true });
  if (series.has.alt) panels.push({ key: 'alt', title: 'Elevation', unit: elevationUnit(units), color: '#5c940d', testId: 'elevation-chart', area: true, format: int });
  if (series.has.power) panels.push({ key: 'power', title: 'Power', unit: 'W', color: '#7048e8', testId: 'power-chart', format: int, robust: true });
  if (series.has.cadence)
    panels.push({ key: 'cadence', title: 'Cadence', unit: series.cadenceSteps ? 'spm' : series.rate === 'swim-pace' ? 'strokes/min' : 'rpm', color: '#0c8599', testId: 'cadence-chart', format: int, robust: true });
  if (series.has.temp) panels.push({ key: 'temp', title: 'Temperature', unit: temperatureUnit(units), color: '#f08c00', testId: 'temperature-chart', format: int });

  if (!panels.length) return <p className="muted">This activity has no sample data to chart.</p>;

  const xs = rows.map((r) => (xMode === 'time' ? r.timeS : r.dist ?? 0));
  const xLo = xs[0] ?? 0; // time and distance only grow along the samples
  const xHi = xs.length ? xs[xs.length - 1]! : 1;
  // Ticks on round values (0:15:00, 0:30:00 / 2 km, 4 km) within the data, not at arbitrary fifths.
  const xTicks = niceScale(xLo, xHi, 6, xMode === 'time').ticks.filter((t) => t >= xLo && t <= xHi);

  const xFormat = xMode === 'time' ? (v: number) => formatDuration(v) : (v: number) => `${v.toFixed(v < 10 ? 1 : 0)}`;
  const xLabel = xMode === 'time' ? 'Time' : `Distance (${distanceUnit(units)})`;

  return (
    <div className="charts">
      <div className="charts-toolbar">
        <div className="segmented" role="group" aria-label="Chart x axis">
          <button type="button" aria-pressed={xMode === 'time'} onClick={() => setMode('time')}>
            Time
          </button>
          <button type="button" aria-pressed={xMode === 'distance'} disabled={!series.has.dist} onClick={() => setMode('distance')} title={series.has.dist ? undefined : 'No distance recorded'}>
            Distance
          </button>
        </div>
        <span className="muted small">x axis: {xLabel}</span>
      </div>
      {panels.map((p) => {
        const values = rows.map((r) => r[p.key] as number | null);
        const present = values.filter((v) => v !== null).length;
        // Pool swims record speed once per length, with gaps between: joining the dots is the honest
        // picture there, while for dense streams a gap is a real dropout and stays visible.
        const sparse = present < values.length * 0.5;
        let dom = p.robust ? robustDomain(values) : robustDomain(values, 0, 1, 0.04);
        if (dom && p.key === 'pace') dom = [dom[0], Math.min(dom[1], 2 * median(values))];
        // Rates, HR, power and cadence cannot be negative: never let padding push the axis below zero.
        const floorZero = p.key !== 'alt' && p.key !== 'temp';
        const scale = dom ? niceScale(floorZero ? Math.max(0, dom[0]) : dom[0], dom[1], 4, p.key === 'pace') : null;
        const gradId = `grad-${p.key}`;
        const common = {
          data: rows,
          syncId: 'activity',
          margin: { top: 6, right: 12, bottom: 0, left: 0 },
        };
        const axes = (
          <>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis dataKey={xKey} type="number" domain={['dataMin', 'dataMax']} ticks={xTicks} tickFormatter={xFormat} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" minTickGap={40} />
            <YAxis
              width={52}
              domain={scale?.domain ?? ['auto', 'auto']}
              ticks={scale?.ticks}
              reversed={p.reversed}
              allowDataOverflow
              tickFormatter={p.format}
              tick={{ fontSize: 11, fill: 'var(--muted)' }}
              stroke="var(--border)"
            />
            <Tooltip
              isAnimationActive={false}
              separator=": "
              labelFormatter={(v) => (typeof v === 'number' ? (xMode === 'time' ? formatDuration(v) : `${v.toFixed(2)} ${distanceUnit(units)}`) : String(v))}
              formatter={(v) => [typeof v === 'number' ? `${p.format(v)} ${p.unit}` : '—', p.title]}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8, fontSize: 12 }}
            />
          </>
        );
        return (
          <figure key={p.key} className="chart" data-testid={p.testId}>
            <figcaption>
              <span className="chart-swatch" style={{ background: p.color }} aria-hidden="true" />
              {p.title} <span className="muted">({p.unit})</span>
            </figcaption>
            <ResponsiveContainer width="100%" height={150}>
              {p.area ? (
                <AreaChart {...common}>
                  <defs>
                    <linearGradient id={gradId} x1="0" y1="0" x2="0" y2="1">
                      <stop offset="0%" stopColor={p.color} stopOpacity={0.45} />
                      <stop offset="100%" stopColor={p.color} stopOpacity={0.05} />
                    </linearGradient>
                  </defs>
                  {axes}
                  <Area type="monotone" dataKey={p.key} stroke={p.color} strokeWidth={1.5} fill={`url(#${gradId})`} dot={false} isAnimationActive={false} connectNulls={sparse} baseValue="dataMin" />
                </AreaChart>
              ) : (
                <LineChart {...common}>
                  {axes}
                  <Line type="monotone" dataKey={p.key} stroke={p.color} strokeWidth={1.5} dot={false} activeDot={{ r: 3 }} isAnimationActive={false} connectNulls={sparse} />
                </LineChart>
              )}
            </ResponsiveContainer>
          </figure>
        );
      })}
    </div>
  );
}
