/**
 * Fitness: CTL (42-day), ATL (7-day), TSB and ramp rate from the daily training load, with four
 * weeks of projection so the athlete sees how fitness and fatigue decay without training.
 */
import { useMemo } from 'react';
import { FitnessChart, FITNESS_COLORS } from '../components/analysis/FitnessChart';
import { DateRangePicker } from '../components/range/DateRangePicker';
import { useDayRange } from '../components/range/use-day-range';
import { EmptyState, ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { analysisApi } from '../lib/analysis-client';
import { formatLoad } from '../lib/analysis-format';
import { currentRow, fitnessRows, formZone } from '../lib/analysis-fitness';
import { addDays, formatRange } from '../lib/date-range';

const PROJECTION_DAYS = 28;

/**
 * Issue 17: the page opens on the 3 months up to the latest activity (today while training is
 * current), with `from`/`to` in the URL; a range that reaches today gets four weeks of projection.
 */
export function FitnessPage({ query }: { query: URLSearchParams }) {
  const dr = useDayRange({ path: '/fitness', query, extentOf: (e) => e.activities, defaultPreset: '3m' });
  const range = dr.range;
  const from = range?.from ?? '';
  const to = range ? (range.to >= dr.today ? addDays(dr.today, PROJECTION_DAYS) : range.to) : '';
  const res = useAsync((signal) => (range ? analysisApi.fitness(from, to, signal) : new Promise<never>(() => {})), [from, to]);
  const rows = useMemo(() => fitnessRows(res.data?.items ?? []), [res.data]);
  const now = currentRow(rows);
  const hasLoad = rows.some((r) => (r.load ?? 0) > 0 || (r.ctl ?? 0) > 0.5);

  return (
    <section className="page" data-testid="fitness-page">
      <div className="page-head">
        <div>
          <h1>Fitness</h1>
          <p className="muted">Fitness (CTL, 42-day), fatigue (ATL, 7-day) and form (TSB = CTL − ATL) from each day's training load.</p>
        </div>
      </div>
      {range && <DateRangePicker range={range} anchor={dr.anchor} today={dr.today} extent={dr.extent} onChange={dr.setRange} dataLabel="activity" />}

      {res.status === 'error' && <ErrorBox error={res.error} onRetry={res.reload} />}
      {(!range || (res.status === 'loading' && !res.data)) && <Loading label="Loading fitness…" />}
      {res.data && !hasLoad && !dr.extent && (
        <EmptyState title="No training load yet" action={<a className="btn" href="#/settings/thresholds">Set thresholds</a>}>
          <p>Load comes from power (TSS), heart rate (hrTSS/TRIMP) or pace. Import activities with one of them, and set your FTP or threshold heart rate so the numbers mean something.</p>
        </EmptyState>
      )}
      {res.data && !hasLoad && dr.extent && range && (
        <EmptyState title={`No training load ${formatRange(range)}`} action={<a className="btn" href="#/settings/thresholds">Thresholds</a>}>
          <p>
            Your activities run from {dr.extent.first} to {dr.extent.last}. Pick a range with activities above; if those activities have no load either, they lack power, heart rate and pace, or no threshold applies (Settings → Thresholds can estimate them).
          </p>
        </EmptyState>
      )}
      {res.data && hasLoad && now && (
        <>
          <dl className="summary-grid fitness-stats" data-testid="fitness-stats">
            <Stat label="Fitness (CTL)" value={formatLoad(now.ctl)} color={FITNESS_COLORS.ctl} />
            <Stat label="Fatigue (ATL)" value={formatLoad(now.atl)} color={FITNESS_COLORS.atl} />
            <Stat label="Form (TSB)" value={formatLoad(now.tsb, true)} note={now.tsb !== null ? formZone(now.tsb).label : undefined} color={FITNESS_COLORS.tsb} />
            <Stat label="Ramp rate" value={`${formatLoad(now.ramp, true)} /wk`} note={now.ramp > 8 ? 'steep: injury risk' : now.ramp < -5 ? 'losing fitness' : 'sustainable'} />
            <Stat label={`Load on ${now.date}`} value={formatLoad(now.load)} />
          </dl>
          <section className={res.status === 'loading' ? 'card is-stale' : 'card'} aria-label="Fitness chart">
            <FitnessChart rows={rows} today={rows.some((r) => r.planned) ? now.t : null} />
          </section>
        </>
      )}
    </section>
  );
}

function Stat({ label, value, note, color }: { label: string; value: string; note?: string; color?: string }) {
  return (
    <div className="stat stat-primary" style={color ? { borderTopColor: color } : { borderTopColor: 'var(--border)' }}>
      <dt>{label}</dt>
      <dd>
        {value}
        {note && <span className="stat-note"> {note}</span>}
      </dd>
    </div>
  );
}
