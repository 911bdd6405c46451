/**
 * Leaflet used directly (no react-leaflet): the map is created once per mount and the track is
 * redrawn when the data changes. The SVG renderer is forced so the track is a DOM path (crisp at
 * any zoom, and what the e2e test looks for). The track never depends on tiles: offline, or with a
 * tile server that refuses us, the polyline still draws over a neutral background.
 *
 * On top of the track: the chart cursor's position (a marker that follows the crosshair), the
 * selected stretch or lap (a thicker line), an optional colouring by pace/HR/power/gradient (runs
 * of equal colour from lib/chart-colors), a choice of base layers and a full-window mode.
 */
import { useEffect, useRef, useState } from 'react';
import L from 'leaflet';
import type { TileLayerDto } from '../../../shared/map-layers.js';
import type { ColorRun, ColorScale, TrackColorBy } from '../lib/chart-colors';
import type { IndexRange } from '../lib/chart-selection';
import { useCursor, type CursorStore } from './activity/cursor-store';
import { useUnits } from '../hooks/use-units';

export interface TrackColoring {
  by: TrackColorBy;
  runs: ColorRun[];
  scale: ColorScale;
  /** Legend labels for the scale's two ends, in display units. */
  lowLabel: string;
  highLabel: string;
  title: string;
}

interface Props {
  segments: [number, number][][];
  /** Base layers to offer (the first is the default); or, as before, one tile URL. */
  layers?: TileLayerDto[];
  tileUrl?: string | null;
  tileAttribution?: string | null;
  color?: string;
  /** Per-sample positions (the streams' lat/lon), for the cursor marker and the highlighted stretch. */
  lat?: readonly (number | null)[];
  lon?: readonly (number | null)[];
  cursor?: CursorStore;
  highlight?: IndexRange | null;
  coloring?: TrackColoring | null;
  /** Controls shown in the map's own toolbar (colour-by select), rendered by the page. */
  toolbar?: React.ReactNode;
}

function pointsIn(lat: readonly (number | null)[], lon: readonly (number | null)[], r: IndexRange): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  for (let i = Math.max(0, r.from); i <= Math.min(r.to, lat.length - 1); i++) {
    const a = lat[i];
    const b = lon[i];
    if (a == null || b == null || (a === 0 && b === 0)) {
      if (cur.length > 1) out.push(cur);
      cur = [];
    } else cur.push([a, b]);
  }
  if (cur.length > 1) out.push(cur);
  return out;
}

export function ActivityMap({ segments, layers: given, tileUrl, tileAttribution, color = '#e8590c', lat, lon, cursor, highlight, coloring, toolbar }: Props) {
  const layers: TileLayerDto[] = given ?? (tileUrl ? [{ id: 'street', name: 'Street', url: tileUrl, attribution: tileAttribution ?? '', maxZoom: 19 }] : []);
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const [full, setFull] = useState(false);
  // The athlete's base layer is a per-user setting on the server (issue 14), shared through the units context.
  const { mapLayer: layerId, setMapLayer: setLayerId } = useUnits();
  const layer = layers.find((l) => l.id === layerId) ?? layers[0] ?? null;

  // Create and destroy the map with the component (StrictMode mounts twice: remove() must be clean).
  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, {
      renderer: L.svg({ padding: 0.5 }),
      scrollWheelZoom: false, // a page that scrolls should not be hijacked by the map; enabled on focus
      attributionControl: true,
      zoomSnap: 0.25,
    });
    m.on('focus', () => m.scrollWheelZoom.enable());
    m.on('blur', () => m.scrollWheelZoom.disable());
    map.current = m;
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !layer) return;
    let errors = 0;
    let loaded = 0;
    setTilesFailed(false);
    const t = L.tileLayer(layer.url, { attribution: layer.attribution ?? '', maxZoom: layer.maxZoom ?? 19, crossOrigin: false });
    t.on('tileerror', () => {
      errors++;
      if (errors >= 2 && loaded === 0) setTilesFailed(true);
    });
    t.on('tileload', () => {
      loaded++;
      setTilesFailed(false);
    });
    t.addTo(m);
    return () => {
      t.remove();
    };
  }, [layer?.url, layer?.attribution, layer?.maxZoom]);

  // The track (plain or coloured), start and finish.
  useEffect(() => {
    const m = map.current;
    if (!m || segments.length === 0) return;
    const group = L.featureGroup();
    // A wide soft halo under the line keeps it legible over any tile colour.
    L.polyline(segments, { color: '#ffffff', weight: 7, opacity: 0.85, interactive: false }).addTo(group);
    if (coloring && coloring.runs.length) {
      // The plain line stays (thin, hidden under the colours) so the track is always one path to find.
      L.polyline(segments, { color, weight: 1, opacity: 0, className: 'track-line', interactive: false }).addTo(group);
      for (const run of coloring.runs) L.polyline(run.points, { color: run.color, weight: 4, opacity: 1, lineJoin: 'round', lineCap: 'round', interactive: false, className: 'track-colored' }).addTo(group);
    } else {
      L.polyline(segments, { color, weight: 3.5, opacity: 1, lineJoin: 'round', className: 'track-line' }).addTo(group);
    }
    const first = segments[0]![0]!;
    const lastSeg = segments[segments.length - 1]!;
    const last = lastSeg[lastSeg.length - 1]!;
    L.circleMarker(last, { radius: 7, color: '#fff', weight: 2.5, fillColor: '#c92a2a', fillOpacity: 1 }).bindTooltip('Finish').addTo(group);
    L.circleMarker(first, { radius: 7, color: '#fff', weight: 2.5, fillColor: '#2f9e44', fillOpacity: 1 }).bindTooltip('Start').addTo(group);
    group.addTo(m);
    return () => {
      group.remove();
    };
  }, [segments, color, coloring]);

  // Fit the whole track once per track (not when the colouring changes).
  useEffect(() => {
    const m = map.current;
    if (!m || segments.length === 0) return;
    m.fitBounds(L.latLngBounds(segments.flat()), { padding: [36, 36], maxZoom: 17 });
  }, [segments]);

  // The selected stretch or lap: a thick outline on top, and the view moves to it.
  useEffect(() => {
    const m = map.current;
    if (!m || !highlight || !lat || !lon) return;
    const parts = pointsIn(lat, lon, highlight);
    if (!parts.length) return;
    const group = L.featureGroup();
    L.polyline(parts, { color: '#ffffff', weight: 10, opacity: 0.95, interactive: false }).addTo(group);
    L.polyline(parts, { color: '#1b1f24', weight: 5.5, opacity: 0.9, interactive: false, className: 'track-highlight' }).addTo(group);
    group.addTo(m);
    const b = group.getBounds();
    if (!m.getBounds().contains(b)) m.fitBounds(b, { padding: [36, 36], maxZoom: 17 });
    return () => {
      group.remove();
    };
  }, [highlight, lat, lon]);

  useEffect(() => {
    const m = map.current;
    if (m) setTimeout(() => m.invalidateSize(), 0);
    if (!full) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setFull(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [full]);

  const chooseLayer = (id: string) => setLayerId(id);

  return (
    <div className={full ? 'map-wrap is-fullscreen' : 'map-wrap'} data-testid="map-wrap">
      <div className="map-toolbar">
        {layers.length > 1 && (
          <label className="map-control">
            <span>Map</span>
            <select value={layer?.id ?? ''} onChange={(e) => chooseLayer(e.target.value)} data-testid="map-layer">
              {layers.map((l) => (
                <option key={l.id} value={l.id}>{l.name}</option>
              ))}
            </select>
          </label>
        )}
        {toolbar}
        <button type="button" className="btn btn-small map-full-btn" aria-pressed={full} onClick={() => setFull((f) => !f)} data-testid="map-fullscreen">
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            {full ? <path d="M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5" /> : <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />}
          </svg>
          {full ? 'Exit full screen' : 'Full screen'}
        </button>
      </div>
      <div className="map-box">
        <div ref={el} className="activity-map" data-testid="activity-map" role="region" aria-label="Map of the route" />
        {cursor && lat && lon && <CursorMarker map={map} cursor={cursor} lat={lat} lon={lon} />}
        {coloring && (
          <div className="map-legend" data-testid="map-legend">
            <span className="map-legend-title">{coloring.title}</span>
            <span className="map-legend-bar" style={{ background: `linear-gradient(90deg, ${coloring.scale.palette.join(', ')})` }} aria-hidden="true" />
            <span className="map-legend-ends">
              <span>{coloring.lowLabel}</span>
              <span>{coloring.highLabel}</span>
            </span>
          </div>
        )}
        {(tilesFailed || !layer) && (
          <div className="map-note" role="status">
            {layer ? 'Map tiles unavailable — track only' : 'No tile server — track only'}
          </div>
        )}
      </div>
    </div>
  );
}

/** The chart cursor on the map: moves a marker, no React re-render of the map itself. */
function CursorMarker({ map, cursor, lat, lon }: { map: React.RefObject<L.Map | null>; cursor: CursorStore; lat: readonly (number | null)[]; lon: readonly (number | null)[] }) {
  const c = useCursor(cursor);
  const marker = useRef<L.CircleMarker | null>(null);
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const mk = L.circleMarker([0, 0], { radius: 7, color: '#fff', weight: 3, fillColor: '#1c7ed6', fillOpacity: 1, interactive: false, className: 'map-cursor' });
    marker.current = mk;
    return () => {
      mk.remove();
      marker.current = null;
    };
  }, [map]);
  useEffect(() => {
    const m = map.current;
    const mk = marker.current;
    if (!m || !mk) return;
    const a = c === null ? null : lat[c];
    const b = c === null ? null : lon[c];
    if (a == null || b == null || (a === 0 && b === 0)) {
      mk.remove();
      return;
    }
    mk.setLatLng([a, b]);
    if (!m.hasLayer(mk)) mk.addTo(m);
  }, [c, lat, lon, map]);
  return null;
}
