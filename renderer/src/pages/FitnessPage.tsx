/**
 * Fitness: CTL (42-day), ATL (7-day), TSB and ramp rate from the daily training load, with four
 * weeks of projection so the athlete sees how fitness and fatigue decay without training.
 */
import { useEffect, useMemo, useState } from 'react';
import { FitnessChart, FITNESS_COLORS } from '../components/analysis/FitnessChart';
import { EmptyState, ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { href, navigate } from '../hooks/use-route';
import { analysisApi } from '../lib/analysis-client';
import { formatLoad } from '../lib/analysis-format';
import { currentRow, fitnessRows, formZone, utcDate } from '../lib/analysis-fitness';

const RANGES = [
  { key: '6w', label: '6 weeks', days: 42 },
  { key: '3m', label: '3 months', days: 91 },
  { key: '6m', label: '6 months', days: 182 },
  { key: '1y', label: '1 year', days: 365 },
  { key: '2y', label: '2 years', days: 730 },
];
const PROJECTION_DAYS = 28;

export function FitnessPage({ query }: { query: URLSearchParams }) {
  const range = RANGES.find((r) => r.key === query.get('range')) ?? RANGES[1]!;
  // An explicit `to` (YYYY-MM-DD) looks at the past, e.g. last season; without it the range ends today.
  const end = /^\d{4}-\d{2}-\d{2}$/.test(query.get('to') ?? '') ? new Date(`${query.get('to')}T00:00:00Z`) : new Date();
  const from = utcDate(end, -range.days);
  const to = utcDate(end, query.get('to') ? 0 : PROJECTION_DAYS);
  const res = useAsync((signal) => analysisApi.fitness(from, to, signal), [from, to]);
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
        <div className="fitness-controls">
          <div className="segmented" role="group" aria-label="Range">
            {RANGES.map((r) => (
              <button key={r.key} type="button" aria-pressed={r.key === range.key} onClick={() => navigate(href('/fitness', { range: r.key, to: query.get('to') }), { replace: true })}>
                {r.label}
              </button>
            ))}
          </div>
          <label className="inline-field" title="Look back at a past season; empty = today, with four weeks of projection">
            <span>Ending</span>
            <EndDate value={query.get('to') ?? ''} onChange={(to) => navigate(href('/fitness', { range: range.key, to: to || undefined }), { replace: true })} />
          </label>
        </div>
      </div>

      {res.status === 'error' && <ErrorBox error={res.error} onRetry={res.reload} />}
      {res.status === 'loading' && !res.data && <Loading label="Loading fitness…" />}
      {res.data && !hasLoad && (
        <EmptyState title="No training load yet" action={<a className="btn" href="#/settings/thresholds">Set thresholds</a>}>
          <p>Load comes from power (TSS), heart rate (hrTSS/TRIMP) or pace. Import activities with one of them, and set your FTP or threshold heart rate so the numbers mean something.</p>
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

/**
 * Debounced like the activity list's date filters: Chrome emits 0002-…, 0020-… while a year is
 * typed, and each would otherwise load a chart.
 */
function EndDate({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value || !/^((19|20)\d{2}-\d{2}-\d{2})?$/.test(draft)) return;
    const t = setTimeout(() => onChange(draft), 400);
    return () => clearTimeout(t);
  }, [draft, value, onChange]);
  return <input type="date" value={draft} max="9999-12-31" onChange={(e) => setDraft(e.target.value)} data-testid="fitness-end" />;
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
