/**
 * How one record improved over time: a step line of the all-time best as of each date (from
 * GET /records/progression), with each year's best as dots. A dot or step opens its activity.
 */
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { RecordKind, RecordRowDto } from '../../../../shared/analysis-api.js';
import { useAsync } from '../../hooks/use-async';
import { href, navigate } from '../../hooks/use-route';
import { useUnits } from '../../hooks/use-units';
import { analysisApi } from '../../lib/analysis-client';
import { niceScale } from '../../lib/chart-data';
import { dayMs } from '../../lib/analysis-fitness';
import { chartReversed, chartValue, formatRecord, recordValue } from '../../lib/analysis-records';
import { formatDuration, formatMinSec } from '../../units';
import { Loading } from '../States';
import { AXIS_TICK, ChartTooltipBox } from './ChartTooltip';
import { recordKeyLabel } from './RecordsTable';

interface Point {
  t: number;
  date: string;
  v: number | null;
  raw: number;
  activityId: string;
  series: 'best' | 'year';
}

const dateFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const yearFmt = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });

export function ProgressionChart({ sport, kind, recordKey, yearBests }: { sport: string; kind: RecordKind; recordKey: number; yearBests: RecordRowDto[] }) {
  const { units } = useUnits();
  const prog = useAsync((signal) => analysisApi.progression(sport, kind, recordKey, signal), [sport, kind, recordKey]);
  const toPoint = (value: number, date: string, activityId: string, series: Point['series']): Point => ({
    t: dayMs(date),
    date,
    v: chartValue(kind, value, sport, units).v,
    raw: value,
    activityId,
    series,
  });
  const steps = (prog.data?.items ?? []).map((i) => toPoint(i.value, i.date, i.activityId, 'best')).sort((a, b) => a.t - b.t);
  const dots = yearBests.map((r) => toPoint(recordValue(r) ?? NaN, r.date, r.activityId, 'year')).filter((p) => p.v !== null && Number.isFinite(p.raw));
  // Carry the current record to today so the last step has a visible length.
  const last = steps[steps.length - 1];
  const line = last ? [...steps, { ...last, t: Math.max(last.t, Date.now()), activityId: last.activityId }] : [];
  const all = [...line, ...dots];
  const unit = chartValue(kind, 1, sport, units).unit;
  const vs = all.map((p) => p.v).filter((v): v is number => v !== null);
  // Round ticks: whole minutes for times and paces, 5/10/25 W steps for power (niceScale as on the activity charts).
  const scale = vs.length ? niceScale(Math.min(...vs), Math.max(...vs), 4, unit === 'time' || unit.startsWith('/')) : null;
  const tick = (v: number) => (unit === 'time' ? formatDuration(v) : unit.startsWith('/') ? formatMinSec(v) : String(Math.round(v)));
  const title = `${recordKeyLabel(kind, recordKey)}${kind === 'distance' ? '' : ` ${kind === 'hr' ? 'heart rate' : kind}`}`;

  return (
    <figure className="chart progression" data-testid="progression-chart">
      <figcaption>
        <strong>{title}</strong> <span className="muted">progression · line: all-time best over time · dots: best of each year</span>
      </figcaption>
      {prog.status === 'loading' && !prog.data && <Loading label="Loading progression…" />}
      {prog.status === 'error' && <p className="muted small">Progression unavailable; showing each year's best.</p>}
      {all.length > 0 && (
        <ResponsiveContainer width="100%" height={240}>
          <ComposedChart margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => yearFmt.format(new Date(v))} tick={AXIS_TICK} stroke="var(--border)" minTickGap={50} allowDuplicatedCategory={false} />
            <YAxis dataKey="v" width={64} domain={scale?.domain ?? ['auto', 'auto']} ticks={scale?.ticks} reversed={chartReversed(kind, sport, units)} tickFormatter={tick} tick={AXIS_TICK} stroke="var(--border)" />
            <Tooltip
              isAnimationActive={false}
              content={({ active, payload }) => {
                const p = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
                if (!p) return null;
                return (
                  <ChartTooltipBox
                    title={dateFmt.format(new Date(dayMs(p.date)))}
                    lines={[{ name: p.series === 'best' ? 'All-time best' : `Best of ${p.date.slice(0, 4)}`, value: formatRecord(kind, recordKey, p.raw, sport, units) }]}
                    footer="Click to open the activity"
                  />
                );
              }}
            />
            <Line data={line} dataKey="v" type="stepAfter" stroke="var(--accent)" strokeWidth={2} dot={{ r: 3, fill: 'var(--accent)' }} activeDot={{ r: 5, onClick: (_e: unknown, d: unknown) => open(d) }} isAnimationActive={false} />
            <Scatter data={dots} dataKey="v" fill="#1c7ed6" isAnimationActive={false} onClick={(d: unknown) => open(d)} cursor="pointer" />
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}

function open(d: unknown) {
  const p = (d as { payload?: Point })?.payload ?? (d as Point);
  if (p?.activityId) navigate(href(`/activities/${encodeURIComponent(p.activityId)}`));
}

