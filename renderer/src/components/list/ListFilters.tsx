import type { GearDto } from '../../../../shared/gear-api.js';
import type { RouteDto } from '../../../../shared/routes-api.js';
import { SPORT_CHOICES, sportInfo } from '../../lib/sports';
import type { ListState } from '../../lib/activity-list-query';
import { distanceUnit, type UnitSystem } from '../../units';
import { DebouncedInput, isDate, isNonNegativeNumber } from './DebouncedInput';

const SORT_CHOICES: [string, string][] = [
  ['date:desc', 'Newest first'],
  ['date:asc', 'Oldest first'],
  ['distance:desc', 'Longest distance'],
  ['duration:desc', 'Longest time'],
  ['speed:desc', 'Fastest'],
  ['elevation:desc', 'Most climbing'],
  ['hr:desc', 'Highest heart rate'],
  ['name:asc', 'Name A–Z'],
  ['sport:asc', 'Sport'],
];

type Patch = Partial<Record<keyof ListState, string | number | undefined>>;

/**
 * Search box and filters of the activity list. Routes with a single activity are left out of the
 * route choice (92 of 99 after the corpus: a route of one is not something to filter by).
 */
export function ListFilters({
  s,
  units,
  gear,
  routes,
  filtered,
  onChange,
  onClear,
}: {
  s: ListState;
  units: UnitSystem;
  gear: GearDto[];
  routes: RouteDto[];
  filtered: boolean;
  onChange: (p: Patch) => void;
  onClear: () => void;
}) {
  const du = distanceUnit(units);
  const shownRoutes = routes.filter((r) => r.activityCount > 1 || r.id === s.route).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <form className="filters list-filters" role="search" aria-label="Search and filter activities" onSubmit={(e) => e.preventDefault()}>
      <label className="list-search">
        <span>Search</span>
        <DebouncedInput type="search" value={s.q} onCommit={(v) => onChange({ q: v })} placeholder="Name or description" maxLength={200} data-testid="list-search" />
      </label>
      <label>
        <span>Sport</span>
        <select value={s.sport} onChange={(e) => onChange({ sport: e.target.value })}>
          <option value="">All sports</option>
          {SPORT_CHOICES.map((sp) => (
            <option key={sp} value={sp}>{sportInfo(sp).label}</option>
          ))}
        </select>
      </label>
      <label>
        <span>From</span>
        <DebouncedInput type="date" max="9999-12-31" value={s.from} valid={isDate} delayMs={500} onCommit={(v) => onChange({ from: v })} />
      </label>
      <label>
        <span>To</span>
        <DebouncedInput type="date" max="9999-12-31" value={s.to} valid={isDate} delayMs={500} onCommit={(v) => onChange({ to: v })} />
      </label>
      {gear.length > 0 && (
        <label>
          <span>Gear</span>
          <select value={s.gear} onChange={(e) => onChange({ gear: e.target.value })} data-testid="list-gear">
            <option value="">Any gear</option>
            {gear.map((g) => (
              <option key={g.id} value={g.id}>{g.name}{g.retired ? ' (retired)' : ''}</option>
            ))}
          </select>
        </label>
      )}
      {shownRoutes.length > 0 && (
        <label>
          <span>Route</span>
          <select value={s.route} onChange={(e) => onChange({ route: e.target.value })} data-testid="list-route">
            <option value="">Any route</option>
            {shownRoutes.map((r) => (
              <option key={r.id} value={r.id}>{r.name} ({r.activityCount})</option>
            ))}
          </select>
        </label>
      )}
      <fieldset className="range-filter">
        <legend>Distance ({du})</legend>
        <DebouncedInput inputMode="decimal" aria-label={`Shortest distance in ${du}`} placeholder="min" value={s.dmin} valid={isNonNegativeNumber} onCommit={(v) => onChange({ dmin: v })} data-testid="list-dmin" />
        <span aria-hidden="true">–</span>
        <DebouncedInput inputMode="decimal" aria-label={`Longest distance in ${du}`} placeholder="max" value={s.dmax} valid={isNonNegativeNumber} onCommit={(v) => onChange({ dmax: v })} data-testid="list-dmax" />
      </fieldset>
      <fieldset className="range-filter">
        <legend>Duration (min)</legend>
        <DebouncedInput inputMode="decimal" aria-label="Shortest duration in minutes" placeholder="min" value={s.tmin} valid={isNonNegativeNumber} onCommit={(v) => onChange({ tmin: v })} />
        <span aria-hidden="true">–</span>
        <DebouncedInput inputMode="decimal" aria-label="Longest duration in minutes" placeholder="max" value={s.tmax} valid={isNonNegativeNumber} onCommit={(v) => onChange({ tmax: v })} />
      </fieldset>
      <label className="mobile-sort">
        <span>Sort</span>
        <select value={`${s.sort}:${s.order}`} onChange={(e) => { const [sort, order] = e.target.value.split(':'); onChange({ sort, order }); }}>
          {SORT_CHOICES.map(([v, label]) => (
            <option key={v} value={v}>{label}</option>
          ))}
        </select>
      </label>
      {filtered && (
        <button type="button" className="btn btn-ghost" onClick={onClear}>
          Clear filters
        </button>
      )}
    </form>
  );
}
