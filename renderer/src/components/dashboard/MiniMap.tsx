/**
 * A track drawn as one SVG path from ~100 downsampled fixes: one small request per card, no map
 * tiles or Leaflet (the dashboard must stay light and work offline).
 */
import { api } from '../../lib/api-client';
import { useAsync } from '../../hooks/use-async';
import { sportInfo } from '../../lib/sports';
import { trackPath } from './dashboard-data';

const W = 160;
const H = 100;

export function MiniMap({ activityId, sport, label }: { activityId: string; sport: string; label: string }) {
  const res = useAsync((signal) => api.streams(activityId, ['latDeg', 'lonDeg'], 120, signal), [activityId]);
  const d = res.data ? trackPath(res.data.channels.latDeg ?? [], res.data.channels.lonDeg ?? [], W, H) : null;
  return (
    <svg className="mini-map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={d ? `Map of ${label}` : `${label}: no GPS track`} data-testid={d ? 'mini-map-track' : 'mini-map-empty'}>
      <rect width={W} height={H} rx="6" className="mini-map-bg" />
      {d && <path d={d} fill="none" stroke={sportInfo(sport).color} strokeWidth="2.5" strokeLinejoin="round" strokeLinecap="round" />}
    </svg>
  );
}
