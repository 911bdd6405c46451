/**
 * Stacked Recharts panels sharing one x axis (time or distance), with one crosshair for all of
 * them: a transparent layer over the plot area turns the pointer into a sample index (shared with
 * the map through the cursor store), draws one vertical line across every panel and one readout
 * with every channel's value. Dragging across it selects a stretch (the page shows its stats and
 * can zoom into it); a selected lap is shaded the same way. Only channels the activity has get a
 * panel. Animations are off: with ~1500 points they only cost.
 */
import { memo, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Area, AreaChart, CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { ChartRow, ChartSeries } from '../lib/chart-data';
import { niceScale, robustDomain } from '../lib/chart-data';
import { lowerBound, type IndexRange } from '../lib/chart-selection';
import { useUnits } from '../hooks/use-units';
import { distanceUnit, elevationUnit, formatDuration, formatMinSec, paceUnit, speedUnit, swimPaceUnit, temperatureUnit } from '../units';
import { useCursor, type CursorStore } from './activity/cursor-store';

type XMode = 'time' | 'distance';

/** The plot area inside each panel: YAxis width on the left, margin on the right (kept in sync with the overlay). */
const PLOT_LEFT_PX = 48;
const PLOT_RIGHT_PX = 10;
const PANEL_HEIGHT = 118;
const AXIS_HEIGHT = 22;

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

export interface ActivityChartsProps {
  series: ChartSeries;
  cursor: CursorStore;
  /** Shaded stretch (a drag selection or a lap), sample indices. */
  selection: IndexRange | null;
  onSelect: (r: IndexRange | null) => void;
  /** Visible stretch; null shows everything. */
  zoom: IndexRange | null;
}

export function ActivityCharts({ series, cursor, selection, onSelect, zoom }: ActivityChartsProps) {
  const { units } = useUnits();
  const [mode, setMode] = useState<XMode>('time');
  const xMode: XMode = series.has.dist ? mode : 'time';
  const xKey: keyof ChartRow = xMode === 'time' ? 'timeS' : 'dist';

  const rows = useMemo(() => {
    let r = xMode === 'distance' ? series.rows.filter((row) => row.dist !== null) : series.rows;
    if (zoom) r = r.filter((row) => row.i >= zoom.from && row.i <= zoom.to);
    return r;
  }, [series, xMode, zoom]);

  const panels = useMemo(() => {
    const out: Panel[] = [];
    if (series.has.speed) {
      if (series.rate === 'speed') out.push({ key: 'speed', title: 'Speed', unit: speedUnit(units), color: '#1c7ed6', testId: 'speed-chart', format: oneDecimal, robust: true });
      else {
        const unit = series.rate === 'swim-pace' ? swimPaceUnit(units) : paceUnit(units);
        out.push({ key: 'pace', title: 'Pace', unit, color: '#e8590c', testId: 'pace-chart', reversed: true, format: formatMinSec, robust: true });
      }
    }
    if (series.has.hr) out.push({ key: 'hr', title: 'Heart rate', unit: 'bpm', color: '#e03131', testId: 'hr-chart', format: int, robust: true });
    if (series.has.power) {
      const title = series.powerSource?.kind === 'developer' ? `Power (${series.powerSource.name === 'Power' ? 'running power' : series.powerSource.name})` : 'Power';
      out.push({ key: 'power', title, unit: 'W', color: '#7048e8', testId: 'power-chart', format: int, robust: true });
    }
    if (series.has.alt) out.push({ key: 'alt', title: 'Elevation', unit: elevationUnit(units), color: '#5c940d', testId: 'elevation-chart', area: true, format: int });
    if (series.has.cadence)
      out.push({ key: 'cadence', title: 'Cadence', unit: series.cadenceSteps ? 'spm' : series.rate === 'swim-pace' ? 'strokes/min' : 'rpm', color: '#0c8599', testId: 'cadence-chart', format: int, robust: true });
    if (series.has.temp) out.push({ key: 'temp', title: 'Temperature', unit: temperatureUnit(units), color: '#f08c00', testId: 'temperature-chart', format: int });
    return out;
  }, [series, units]);

  const xs = useMemo(() => rows.map((r) => (xMode === 'time' ? r.timeS : r.dist ?? 0)), [rows, xMode]);
  const idx = useMemo(() => rows.map((r) => r.i), [rows]);
  const xLo = xs[0] ?? 0; // time and distance only grow along the samples
  const xHi = xs.length > 1 ? xs[xs.length - 1]! : xLo + 1;
  const xTicks = useMemo(() => niceScale(xLo, xHi, 6, xMode === 'time').ticks.filter((t) => t >= xLo && t <= xHi), [xLo, xHi, xMode]);
  const xFormat = useMemo(() => (xMode === 'time' ? (v: number) => formatDuration(v) : (v: number) => `${v.toFixed(v < 10 ? 1 : 0)}`), [xMode]);
  const xLabel = xMode === 'time' ? 'Time' : `Distance (${distanceUnit(units)})`;

  if (!panels.length) return <p className="muted">This activity has no sample data to chart.</p>;

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
        <span className="muted small">Drag across the charts to select a stretch</span>
      </div>
      <div className="charts-stack">
        <Panels panels={panels} rows={rows} xKey={xKey} xLo={xLo} xHi={xHi} xTicks={xTicks} xFormat={xFormat} />
        <Crosshair
          panels={panels}
          rows={rows}
          xs={xs}
          idx={idx}
          xLo={xLo}
          xHi={xHi}
          xLabel={(x) => (xMode === 'time' ? formatDuration(x) : `${x.toFixed(2)} ${distanceUnit(units)}`)}
          cursor={cursor}
          selection={selection}
          onSelect={onSelect}
        />
      </div>
      <p className="visually-hidden">x axis: {xLabel}</p>
    </div>
  );
}

interface PanelsProps {
  panels: Panel[];
  rows: ChartRow[];
  xKey: keyof ChartRow;
  xLo: number;
  xHi: number;
  xTicks: number[];
  xFormat: (v: number) => string;
}

/** The charts themselves, memoised: the crosshair moving must not re-render Recharts. */
const Panels = memo(function Panels({ panels, rows, xKey, xLo, xHi, xTicks, xFormat }: PanelsProps) {
  return (
    <>
      {panels.map((p, k) => {
        const last = k === panels.length - 1;
        const values = rows.map((r) => r[p.key] as number | null);
        const present = values.filter((v) => v !== null).length;
        // Pool swims record speed once per length, with gaps between: joining the dots is the honest
        // picture there, while for dense streams a gap is a real dropout and stays visible.
        const sparse = present < values.length * 0.5;
        let dom = p.robust ? robustDomain(values) : robustDomain(values, 0, 1, 0.04);
        if (dom && p.key === 'pace') dom = [dom[0], Math.min(dom[1], 2 * median(values))];
        // Rates, HR, power and cadence cannot be negative: never let padding push the axis below zero.
        const floorZero = p.key !== 'alt' && p.key !== 'temp';
        const scale = dom ? niceScale(floorZero ? Math.max(0, dom[0]) : dom[0], dom[1], 3, p.key === 'pace') : null;
        const gradId = `grad-${p.key}`;
        const common = { data: rows, margin: { top: 4, right: PLOT_RIGHT_PX, bottom: 0, left: 0 } };
        const axes = (
          <>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis dataKey={xKey} type="number" domain={[xLo, xHi]} allowDataOverflow ticks={xTicks} tickFormatter={xFormat} tick={{ fontSize: 11, fill: 'var(--muted)' }} stroke="var(--border)" hide={!last} height={AXIS_HEIGHT} />
            <YAxis
              width={PLOT_LEFT_PX}
              domain={scale?.domain ?? ['auto', 'auto']}
              ticks={scale?.ticks}
              reversed={p.reversed}
              allowDataOverflow
              tickFormatter={p.format}
              tick={{ fontSize: 11, fill: 'var(--muted)' }}
              stroke="var(--border)"
            />
          </>
        );
        return (
          <figure key={p.key} className="chart" data-testid={p.testId}>
            <figcaption>
              <span className="chart-swatch" style={{ background: p.color }} aria-hidden="true" />
              {p.title} <span className="muted">({p.unit})</span>
            </figcaption>
            <ResponsiveContainer width="100%" height={PANEL_HEIGHT + (last ? AXIS_HEIGHT : 0)}>
              {p.area ? (
                <AreaChart {...common}>
                  <defs>
                    <linearGradient id={gradId} x1="0" y1="0" x2="0" y2="1">
                      <stop offset="0%" stopColor={p.color} stopOpacity={0.45} />
                      <stop offset="100%" stopColor={p.color} stopOpacity={0.05} />
                    </linearGradient>
                  </defs>
                  {axes}
                  <Area type="monotone" dataKey={p.key} stroke={p.color} strokeWidth={1.5} fill={`url(#${gradId})`} dot={false} activeDot={false} isAnimationActive={false} connectNulls={sparse} baseValue="dataMin" />
                </AreaChart>
              ) : (
                <LineChart {...common}>
                  {axes}
                  <Line type="monotone" dataKey={p.key} stroke={p.color} strokeWidth={1.5} dot={false} activeDot={false} isAnimationActive={false} connectNulls={sparse} />
                </LineChart>
              )}
            </ResponsiveContainer>
          </figure>
        );
      })}
    </>
  );
});

interface CrosshairProps {
  panels: Panel[];
  rows: ChartRow[];
  /** x value and sample index of each row (ascending). */
  xs: number[];
  idx: number[];
  xLo: number;
  xHi: number;
  xLabel: (x: number) => string;
  cursor: CursorStore;
  selection: IndexRange | null;
  onSelect: (r: IndexRange | null) => void;
}

/** Fraction (0..1) of the plot width where the row of sample index i sits, or null when not shown. */
function fractionOf(i: number, idx: number[], xs: number[], xLo: number, xHi: number): number | null {
  if (!idx.length) return null;
  const k = lowerBound(idx, i);
  if (k >= idx.length && i > idx[idx.length - 1]!) return 1;
  const x = xs[Math.min(k, xs.length - 1)]!;
  return Math.min(1, Math.max(0, (x - xLo) / (xHi - xLo || 1)));
}

function Crosshair({ panels, rows, xs, idx, xLo, xHi, xLabel, cursor, selection, onSelect }: CrosshairProps) {
  const layer = useRef<HTMLDivElement>(null);
  const c = useCursor(cursor);
  const [pointerY, setPointerY] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);

  /** Row position (0..rows-1) under a client x coordinate. */
  const rowAt = (clientX: number): number => {
    const box = layer.current!.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - box.left) / (box.width || 1)));
    const x = xLo + f * (xHi - xLo);
    const k = lowerBound(xs, x);
    if (k <= 0) return 0;
    if (k >= xs.length) return xs.length - 1;
    return x - xs[k - 1]! <= xs[k]! - x ? k - 1 : k;
  };

  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!rows.length) return;
    const k = rowAt(e.clientX);
    cursor.set(rows[k]!.i);
    setPointerY(e.clientY - layer.current!.getBoundingClientRect().top);
    if (drag) setDrag({ a: drag.a, b: k });
  };
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!rows.length || e.button !== 0) return;
    const k = rowAt(e.clientX);
    setDrag({ a: k, b: k });
    if (e.pointerType === 'mouse') layer.current!.setPointerCapture(e.pointerId);
  };
  const onUp = () => {
    if (!drag) return;
    const a = Math.min(drag.a, drag.b);
    const b = Math.max(drag.a, drag.b);
    setDrag(null);
    // A click (no real drag) keeps the current selection; a drag over at least 3 rows selects.
    if (b - a >= 2) onSelect({ from: rows[a]!.i, to: rows[b]!.i });
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!rows.length) return;
    const cur = c === null ? -1 : Math.min(rows.length - 1, lowerBound(idx, c));
    const step = Math.max(1, Math.round(rows.length / (e.shiftKey ? 10 : 100)));
    let k: number | null = null;
    if (e.key === 'ArrowRight') k = Math.min(rows.length - 1, cur + step);
    else if (e.key === 'ArrowLeft') k = Math.max(0, (cur < 0 ? rows.length : cur) - step);
    else if (e.key === 'Home') k = 0;
    else if (e.key === 'End') k = rows.length - 1;
    else if (e.key === 'Escape') {
      cursor.set(null);
      onSelect(null);
      return;
    }
    if (k === null) return;
    e.preventDefault();
    setPointerY(null);
    cursor.set(rows[k]!.i);
  };

  const k = c === null ? -1 : lowerBound(idx, c);
  const row = k >= 0 && k < rows.length && rows[k]!.i === c ? rows[k]! : null;
  const f = row ? fractionOf(row.i, idx, xs, xLo, xHi) : null;
  const sel = drag
    ? { a: (xs[Math.min(drag.a, drag.b)]! - xLo) / (xHi - xLo || 1), b: (xs[Math.max(drag.a, drag.b)]! - xLo) / (xHi - xLo || 1) }
    : selection
      ? { a: fractionOf(selection.from, idx, xs, xLo, xHi) ?? 0, b: fractionOf(selection.to, idx, xs, xLo, xHi) ?? 1 }
      : null;
  const readout = row ? `${xLabel(xs[k]!)}: ${panels.map((p) => `${p.title} ${fmt(row, p)}`).join(', ')}` : 'no position';

  return (
    <div
      ref={layer}
      className="chart-overlay"
      style={{ left: PLOT_LEFT_PX, right: PLOT_RIGHT_PX }}
      data-testid="chart-overlay"
      role="slider"
      tabIndex={0}
      aria-label="Position along the activity (arrow keys move, Escape clears)"
      aria-valuemin={0}
      aria-valuemax={Math.max(0, rows.length - 1)}
      aria-valuenow={row ? k : 0}
      aria-valuetext={readout}
      onPointerMove={onMove}
      onPointerDown={onDown}
      onPointerUp={onUp}
      onPointerCancel={() => setDrag(null)}
      onPointerLeave={() => {
        if (!drag) {
          cursor.set(null);
          setPointerY(null);
        }
      }}
      onKeyDown={onKey}
      onBlur={() => cursor.set(null)}
    >
      {sel && sel.b > sel.a && <div className="chart-selection" data-testid="chart-selection" style={{ left: `${sel.a * 100}%`, width: `${(sel.b - sel.a) * 100}%` }} />}
      {row && f !== null && (
        <>
          <div className="chart-crosshair" style={{ left: `${f * 100}%` }} />
          <div
            className={f > 0.6 ? 'chart-readout flip' : 'chart-readout'}
            data-testid="chart-readout"
            style={{ left: `${f * 100}%`, top: pointerY !== null ? Math.max(0, pointerY - 40) : 0 }}
          >
            <div className="chart-readout-x">{xLabel(xs[k]!)}</div>
            <dl>
              {panels.map((p) => (
                <div key={p.key} data-channel={p.key}>
                  <dt>
                    <span className="chart-swatch" style={{ background: p.color }} aria-hidden="true" />
                    {p.title}
                  </dt>
                  <dd>
                    {fmt(row, p)} <span className="muted">{p.unit}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        </>
      )}
    </div>
  );
}

function fmt(row: ChartRow, p: Panel): string {
  const v = row[p.key];
  return typeof v === 'number' && Number.isFinite(v) ? p.format(v) : '—';
}
