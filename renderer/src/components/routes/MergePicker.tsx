import { useMemo, useState } from 'react';
import type { RouteDetailDto, RouteDto } from '../../../../shared/routes-api.js';
import { useUnits } from '../../hooks/use-units';
import { sportInfo } from '../../lib/sports';
import { formatDistance } from '../../units';
import './routes.css';

/** Options listed at once; the search narrows the rest (a select of 98 routes was unusable). */
const MAX_OPTIONS = 100;

/**
 * "Merge with…": a search box over the other routes (name, sport), routes of the same sport and a
 * similar distance first, each option saying its distance and activity count.
 */
export function MergePicker({ route, others, value, onChange, onMerge }: { route: RouteDetailDto; others: RouteDto[]; value: string; onChange: (id: string) => void; onMerge: () => void }) {
  const { units } = useUnits();
  const [q, setQ] = useState('');
  const candidates = useMemo(() => {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const closeness = (o: RouteDto) => (o.sport === route.sport ? 0 : 1e9) + Math.abs(o.distanceM - route.distanceM);
    return others
      .filter((o) => o.id !== route.id)
      .filter((o) => words.every((w) => `${o.name} ${sportInfo(o.sport).label}`.toLowerCase().includes(w)))
      .sort((a, b) => closeness(a) - closeness(b) || a.name.localeCompare(b.name));
  }, [others, q, route.id, route.sport, route.distanceM]);
  const listed = candidates.slice(0, MAX_OPTIONS);
  const chosen = others.find((o) => o.id === value);
  return (
    <form className="merge-picker" onSubmit={(e) => { e.preventDefault(); if (value) onMerge(); }} aria-label="Merge another route into this one">
      <label className="stack-label">
        <span>Merge with</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={`Search ${others.length - 1} routes`} aria-label="Search routes to merge" data-testid="merge-search" />
      </label>
      <label>
        <span className="visually-hidden">Route to merge</span>
        <select value={value} onChange={(e) => onChange(e.target.value)} aria-label="Route to merge" data-testid="merge-select">
          <option value="">{candidates.length ? `choose one of ${candidates.length}…` : 'no route matches'}</option>
          {chosen && !listed.includes(chosen) && <option value={chosen.id}>{chosen.name}</option>}
          {listed.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} · {sportInfo(o.sport).label} · {formatDistance(o.distanceM, units)} · {o.activityCount} {o.activityCount === 1 ? 'activity' : 'activities'}
            </option>
          ))}
        </select>
      </label>
      <button className="btn" type="submit" disabled={!value}>Merge</button>
    </form>
  );
}
