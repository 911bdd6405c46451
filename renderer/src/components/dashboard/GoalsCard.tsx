/**
 * Plan of the year (issue 17): the athlete's yearly distance/time goals per sport, each with the
 * year's progress and where it should stand today if spread evenly over the year (the marker),
 * and a small form to set them (stored per user: GET/PUT /api/v1/goals).
 */
import { useEffect, useState } from 'react';
import type { TotalsRowDto } from '../../../../shared/analysis-api.js';
import type { YearGoalDto } from '../../../../shared/goals-api.js';
import { useAsync } from '../../hooks/use-async';
import { useUnits } from '../../hooks/use-units';
import { goalsApi } from '../../lib/goals-client';
import { SPORT_CHOICES, sportInfo } from '../../lib/sports';
import { goalProgress, yearFraction, type GoalMeasure } from '../../lib/year-goals';
import { distanceIn, distanceUnit, formatDistance, formatDuration, M_PER_MI, type UnitSystem } from '../../units';
import { ErrorBox, Loading } from '../States';

const sportLabel = (s: string) => (s === 'all' ? 'All sports' : sportInfo(s).label);

export function GoalsCard({ rows, year, today }: { rows: TotalsRowDto[]; year: number; today: string }) {
  const { units } = useUnits();
  const res = useAsync((signal) => goalsApi.get(year, signal), [year]);
  const [editing, setEditing] = useState(false);
  const fraction = yearFraction(year, today);
  const start = `${year}-01-01`;
  const actual = (sport: string) => {
    const r = rows.find((x) => x.periodStart === start && x.sport === sport);
    return { distanceM: r?.distanceM ?? 0, movingTimeS: r?.movingTimeS ?? 0 };
  };
  const goals = res.data?.items ?? [];
  const progress = goalProgress(goals, actual, fraction);
  const yearSports = [...new Set(rows.filter((r) => r.periodStart.startsWith(String(year - 1)) || r.periodStart === start).map((r) => r.sport))];

  return (
    <section className="card dash-card" aria-labelledby="dash-goals" data-testid="dash-goals">
      <h2 className="card-title" id="dash-goals">
        Plan {year}
        {!editing && res.data && (
          <button type="button" className="btn btn-ghost small" onClick={() => setEditing(true)} data-testid="goals-edit">
            {goals.length ? 'Edit goals' : 'Set goals'}
          </button>
        )}
      </h2>
      {res.status === 'error' && <ErrorBox error={res.error} onRetry={res.reload} />}
      {!res.data && res.status === 'loading' && <Loading />}
      {res.data && editing && (
        <GoalsForm
          year={year}
          goals={goals}
          units={units}
          suggest={yearSports}
          onDone={(saved) => {
            setEditing(false);
            if (saved) res.reload();
          }}
        />
      )}
      {res.data && !editing && goals.length === 0 && (
        <p className="muted small">No goals for {year} yet. Set a distance or time per sport and see here whether you are ahead of plan.</p>
      )}
      {res.data && !editing && goals.length > 0 && (
        <>
          <ul className="goal-list">
            {progress.map((p) => (
              <li key={p.sport} data-testid="goal" data-sport={p.sport}>
                <strong>{sportLabel(p.sport)}</strong>
                {p.distance && <GoalBar m={p.distance} fmt={(v) => formatDistance(v, units)} what="distance" color={p.sport === 'all' ? 'var(--accent)' : sportInfo(p.sport).color} />}
                {p.time && <GoalBar m={p.time} fmt={(v) => formatDuration(v)} what="time" color={p.sport === 'all' ? 'var(--accent)' : sportInfo(p.sport).color} />}
              </li>
            ))}
          </ul>
          <p className="muted small">
            {fraction >= 1 ? `${year} is over.` : fraction <= 0 ? `${year} has not started.` : `The marker shows where an even pace through ${year} would be today (${Math.round(fraction * 100)} % of the year).`}
          </p>
        </>
      )}
    </section>
  );
}

function GoalBar({ m, fmt, what, color }: { m: GoalMeasure; fmt: (v: number) => string; what: string; color: string }) {
  const pct = Math.round(m.done * 100);
  const ahead = m.ahead >= 0;
  return (
    <div className="goal-measure" data-testid={`goal-${what}`}>
      <div className="goal-figures">
        <span>
          {fmt(m.actual)} <span className="muted">of {fmt(m.target)}</span> · {pct} %
        </span>
        <span className={ahead ? 'dash-up' : 'dash-down'} data-testid="goal-vs-plan">
          {ahead ? `${fmt(m.ahead)} ahead of plan` : `${fmt(-m.ahead)} behind plan`}
        </span>
      </div>
      <div
        className="goal-bar"
        role="meter"
        aria-label={`${what}: ${pct} % of the goal, plan today ${Math.round((m.expected / m.target) * 100)} %`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, pct)}
      >
        <span className="goal-fill" style={{ width: `${Math.min(100, m.done * 100)}%`, background: color }} />
        <span className="goal-plan" style={{ left: `${Math.min(100, (m.expected / m.target) * 100)}%` }} title={`Plan today: ${fmt(m.expected)}`} />
      </div>
    </div>
  );
}

interface Draft {
  key: number;
  sport: string;
  distance: string;
  hours: string;
}

const toDistance = (m: number | null, units: UnitSystem) => (m === null ? '' : String(Math.round(distanceIn(m, units) * 10) / 10));
const fromDistance = (v: string, units: UnitSystem): number | null | 'bad' => {
  if (!v.trim()) return null;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) && n > 0 && n <= 100_000 ? Math.round(n * (units === 'imperial' ? M_PER_MI : 1000)) : 'bad';
};
const fromHours = (v: string): number | null | 'bad' => {
  if (!v.trim()) return null;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) && n > 0 && n <= 8784 ? Math.round(n * 3600) : 'bad';
};

function GoalsForm({ year, goals, units, suggest, onDone }: { year: number; goals: YearGoalDto[]; units: UnitSystem; suggest: string[]; onDone: (saved: boolean) => void }) {
  const [seq, setSeq] = useState(goals.length + 1);
  const [drafts, setDrafts] = useState<Draft[]>(() =>
    goals.length
      ? goals.map((g, i) => ({ key: i, sport: g.sport, distance: toDistance(g.distanceM, units), hours: g.movingTimeS === null ? '' : String(Math.round((g.movingTimeS / 3600) * 10) / 10) }))
      : [{ key: 0, sport: suggest.find((s) => s !== 'all') ?? 'running', distance: '', hours: '' }],
  );
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => setError(null), [drafts]);
  const choices = ['all', ...new Set([...suggest.filter((s) => s !== 'all'), ...SPORT_CHOICES])];
  const set = (key: number, patch: Partial<Draft>) => setDrafts((ds) => ds.map((d) => (d.key === key ? { ...d, ...patch } : d)));

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const items: YearGoalDto[] = [];
    for (const d of drafts) {
      const distanceM = fromDistance(d.distance, units);
      const movingTimeS = fromHours(d.hours);
      if (distanceM === 'bad' || movingTimeS === 'bad') return setError(`${sportLabel(d.sport)}: the distance and hours must be positive numbers.`);
      if (distanceM === null && movingTimeS === null) return setError(`${sportLabel(d.sport)}: give a distance, hours, or both (or remove the row).`);
      if (items.some((i) => i.sport === d.sport)) return setError(`${sportLabel(d.sport)} has two rows: keep one.`);
      items.push({ sport: d.sport, distanceM, movingTimeS });
    }
    setSaving(true);
    try {
      await goalsApi.put(year, items);
      onDone(true);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="goal-form" onSubmit={save} data-testid="goals-form">
      {drafts.map((d, i) => (
        <fieldset key={d.key} className="goal-row">
          <legend className="visually-hidden">Goal {i + 1}</legend>
          <label>
            <span>Sport</span>
            <select value={d.sport} onChange={(e) => set(d.key, { sport: e.target.value })} data-testid="goal-sport">
              {choices.map((s) => (
                <option key={s} value={s}>
                  {sportLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Distance ({distanceUnit(units)})</span>
            <input inputMode="decimal" value={d.distance} onChange={(e) => set(d.key, { distance: e.target.value })} data-testid="goal-distance" size={7} />
          </label>
          <label>
            <span>Hours</span>
            <input inputMode="decimal" value={d.hours} onChange={(e) => set(d.key, { hours: e.target.value })} data-testid="goal-hours" size={5} />
          </label>
          <button type="button" className="btn btn-ghost-danger" onClick={() => setDrafts((ds) => ds.filter((x) => x.key !== d.key))} aria-label={`Remove the ${sportLabel(d.sport)} goal`}>
            Remove
          </button>
        </fieldset>
      ))}
      {error && (
        <p className="dash-down small" role="alert" data-testid="goals-error">
          {error}
        </p>
      )}
      <div className="goal-actions">
        <button
          type="button"
          className="btn"
          onClick={() => {
            setDrafts((ds) => [...ds, { key: seq, sport: choices.find((s) => !ds.some((x) => x.sport === s)) ?? 'running', distance: '', hours: '' }]);
            setSeq(seq + 1);
          }}
          data-testid="goal-add"
        >
          Add sport
        </button>
        <span className="goal-spacer" />
        <button type="button" className="btn btn-ghost" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={saving} data-testid="goals-save">
          Save goals
        </button>
      </div>
    </form>
  );
}
