import { useState } from 'react';
import type { RouteDetailDto, RouteDto } from '../../../../shared/routes-api.js';
import { useAsync } from '../../hooks/use-async';
import { useUnits } from '../../hooks/use-units';
import { routePage } from '../../lib/route-list-client';
import { sportInfo } from '../../lib/sports';
import { formatDistance } from '../../units';
import { DebouncedInput } from '../list/DebouncedInput';
import './routes.css';

/** Options listed at once; the search narrows the rest (a select of 98 routes was unusable). */
const MAX_OPTIONS = 100;

/**
 * "Merge with…": a search over the other routes, run on the server (GET /routes?q=, issue 17) so it
 * works with any number of routes. Without a search it offers the likeliest candidates: routes of
 * the same sport within ±25 % of this one's distance; with one, every route whose name has the
 * words. Same sport and closest distance first, each option saying its distance and activity count.
 */
export function MergePicker({ route, value, onChange, onMerge }: { route: RouteDetailDto; value: string; onChange: (id: string) => void; onMerge: () => void }) {
  const { units } = useUnits();
  const [q, setQ] = useState('');
  const res = useAsync(
    (signal) =>
      q.trim()
        ? routePage({ q }, MAX_OPTIONS + 1, 0, signal)
        : routePage({ sport: route.sport, minDistanceM: Math.floor(route.distanceM * 0.75), maxDistanceM: Math.ceil(route.distanceM * 1.25) }, MAX_OPTIONS + 1, 0, signal),
    [q, route.id, route.sport, route.distanceM],
  );
  const closeness = (o: RouteDto) => (o.sport === route.sport ? 0 : 1e9) + Math.abs(o.distanceM - route.distanceM);
  const candidates = (res.data?.items ?? []).filter((o) => o.id !== route.id).sort((a, b) => closeness(a) - closeness(b) || a.name.localeCompare(b.name));
  const listed = candidates.slice(0, MAX_OPTIONS);
  const more = res.data ? Math.max(0, res.data.total - (res.data.items.some((o) => o.id === route.id) ? 1 : 0) - listed.length) : 0;
  const [chosen, setChosen] = useState<RouteDto | null>(null);
  const pick = (id: string) => {
    setChosen(listed.find((o) => o.id === id) ?? null);
    onChange(id);
  };
  const placeholder = !res.data ? 'searching…' : listed.length ? `choose one of ${listed.length}${more ? ` (${more} more: search)` : ''}…` : q.trim() ? 'no route matches' : 'no similar route: search by name';
  return (
    <form className="merge-picker" onSubmit={(e) => { e.preventDefault(); if (value) onMerge(); }} aria-label="Merge another route into this one">
      <label className="stack-label">
        <span>Merge with</span>
        <DebouncedInput type="search" value={q} onCommit={setQ} delayMs={300} maxLength={100} placeholder="Search routes by name" aria-label="Search routes to merge" data-testid="merge-search" />
      </label>
      <label>
        <span className="visually-hidden">Route to merge</span>
        <select value={value} onChange={(e) => pick(e.target.value)} aria-label="Route to merge" data-testid="merge-select">
          <option value="">{placeholder}</option>
          {chosen && value === chosen.id && !listed.some((o) => o.id === chosen.id) && <option value={chosen.id}>{chosen.name}</option>}
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
