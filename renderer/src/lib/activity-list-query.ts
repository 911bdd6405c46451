/**
 * The activity list's state lives in the URL (#/activities?q=…&sort=distance&order=asc&dmin=5…),
 * so a search can be bookmarked and Back restores it. Distances in the URL are in the display unit
 * (km or mi) as typed, durations in minutes; this file converts them to the API's SI values.
 */
import { ACTIVITY_SORT_KEYS, type ActivitySortKey, type SortOrder } from '../../../shared/activity-list-api.js';
import { M_PER_MI, type UnitSystem } from '../units';

export interface ListState {
  q: string;
  sport: string;
  from: string;
  to: string;
  gear: string;
  route: string;
  dmin: string;
  dmax: string;
  tmin: string;
  tmax: string;
  sort: ActivitySortKey;
  order: SortOrder;
  page: number;
}

export const FILTER_KEYS = ['q', 'sport', 'from', 'to', 'gear', 'route', 'dmin', 'dmax', 'tmin', 'tmax'] as const;

export function defaultOrder(sort: ActivitySortKey): SortOrder {
  // Newest, longest, fastest first read best; names and sports alphabetically.
  return sort === 'name' || sort === 'sport' ? 'asc' : 'desc';
}

export function readListState(query: URLSearchParams): ListState {
  const rawSort = query.get('sort') ?? 'date';
  const sort = (ACTIVITY_SORT_KEYS as readonly string[]).includes(rawSort) ? (rawSort as ActivitySortKey) : 'date';
  const rawOrder = query.get('order');
  const order: SortOrder = rawOrder === 'asc' || rawOrder === 'desc' ? rawOrder : defaultOrder(sort);
  const get = (k: string) => query.get(k) ?? '';
  return {
    q: get('q'),
    sport: get('sport'),
    from: get('from'),
    to: get('to'),
    gear: get('gear'),
    route: get('route'),
    dmin: get('dmin'),
    dmax: get('dmax'),
    tmin: get('tmin'),
    tmax: get('tmax'),
    sort,
    order,
    page: Math.max(1, Math.floor(Number(query.get('page'))) || 1),
  };
}

export function isFiltered(s: ListState): boolean {
  return FILTER_KEYS.some((k) => s[k] !== '');
}

/** A non-negative finite number typed by the athlete, or undefined (ignored) when it is not one. */
function num(v: string): number | undefined {
  if (v.trim() === '') return undefined;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function distanceToM(v: string, units: UnitSystem): number | undefined {
  const n = num(v);
  return n === undefined ? undefined : Math.min(1_000_000, Math.round(n * (units === 'imperial' ? M_PER_MI : 1000)));
}

export function minutesToS(v: string): number | undefined {
  const n = num(v);
  return n === undefined ? undefined : Math.min(30 * 86_400, Math.round(n * 60));
}

/** The API filters of a list state (the date inputs are local days; see localDayStart/End). */
export function apiFilters(s: ListState, units: UnitSystem) {
  let minDistanceM = distanceToM(s.dmin, units);
  let maxDistanceM = distanceToM(s.dmax, units);
  if (minDistanceM !== undefined && maxDistanceM !== undefined && minDistanceM > maxDistanceM) [minDistanceM, maxDistanceM] = [maxDistanceM, minDistanceM];
  let minDurationS = minutesToS(s.tmin);
  let maxDurationS = minutesToS(s.tmax);
  if (minDurationS !== undefined && maxDurationS !== undefined && minDurationS > maxDurationS) [minDurationS, maxDurationS] = [maxDurationS, minDurationS];
  return {
    q: s.q.trim().slice(0, 200) || undefined,
    sport: s.sport || undefined,
    from: localDayStart(s.from),
    to: localDayEnd(s.to),
    gearId: s.gear || undefined,
    routeId: s.route || undefined,
    minDistanceM,
    maxDistanceM,
    minDurationS,
    maxDurationS,
    sort: s.sort,
    order: s.order,
  };
}

/**
 * The date inputs mean the viewer's local days; a bare YYYY-MM-DD would be read by the server as a
 * UTC day and drop an early-morning run east of Greenwich. So send exact instants.
 */
export function localDayStart(d: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
  const t = new Date(`${d}T00:00:00`);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

export function localDayEnd(d: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
  const t = new Date(`${d}T00:00:00`);
  if (Number.isNaN(t.getTime())) return undefined;
  t.setDate(t.getDate() + 1); // the server's `to` is exclusive: the next local midnight
  return t.toISOString();
}
