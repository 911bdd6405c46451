import type { StoredRoute } from './route-match.js';
import type { TrackSummary } from './track.js';

/** Grid cell size in degrees of latitude (~1.1 km), larger than twice the endpoint tolerance. */
const CELL_DEG = 0.01;

function key(lat: number, lon: number): string {
  return `${Math.floor(lat / CELL_DEG)}:${Math.floor(lon / CELL_DEG)}`;
}

/**
 * In-memory grid of routes by start point, so a new track only meets the routes that start
 * nearby (the 3×3 cells around its start, or around its end for the reverse test). Storage does
 * the same with a range query on the start coordinates; this is the index the bench uses to
 * show the matching cost itself.
 */
export class RouteIndex {
  private cells = new Map<string, StoredRoute[]>();

  add(r: StoredRoute): void {
    const k = key(r.summary.startLat, r.summary.startLon);
    const list = this.cells.get(k);
    if (list) list.push(r);
    else this.cells.set(k, [r]);
  }

  /** Routes whose start lies near (lat, lon). */
  near(lat: number, lon: number): StoredRoute[] {
    const cy = Math.floor(lat / CELL_DEG);
    const cx = Math.floor(lon / CELL_DEG);
    const out: StoredRoute[] = [];
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) out.push(...(this.cells.get(`${cy + dy}:${cx + dx}`) ?? []));
    return out;
  }

  /** Candidates for a track in both directions: near its start, and near its end (for the reverse). */
  candidates(s: TrackSummary): StoredRoute[] {
    const set = new Set([...this.near(s.startLat, s.startLon), ...this.near(s.endLat, s.endLon)]);
    return [...set];
  }
}
