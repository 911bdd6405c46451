/**
 * Leaflet used directly (no react-leaflet): the map is created once per mount and the track is
 * redrawn when the data changes. The SVG renderer is forced so the track is a DOM path (crisp at
 * any zoom, and what the e2e test looks for). The track never depends on tiles: offline, or with a
 * tile server that refuses us, the polyline still draws over a neutral background.
 */
import { useEffect, useRef, useState } from 'react';
import L from 'leaflet';

interface Props {
  segments: [number, number][][];
  tileUrl: string | null;
  tileAttribution: string | null;
  color?: string;
}

export function ActivityMap({ segments, tileUrl, tileAttribution, color = '#e8590c' }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);

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
    if (!m || !tileUrl) return;
    let errors = 0;
    let loaded = 0;
    const layer = L.tileLayer(tileUrl, { attribution: tileAttribution ?? '', maxZoom: 19, crossOrigin: false });
    layer.on('tileerror', () => {
      errors++;
      if (errors >= 2 && loaded === 0) setTilesFailed(true);
    });
    layer.on('tileload', () => {
      loaded++;
      setTilesFailed(false);
    });
    layer.addTo(m);
    return () => {
      layer.remove();
    };
  }, [tileUrl, tileAttribution]);

  useEffect(() => {
    const m = map.current;
    if (!m || segments.length === 0) return;
    const group = L.featureGroup();
    // A wide soft halo under the line keeps it legible over any tile colour.
    L.polyline(segments, { color: '#ffffff', weight: 7, opacity: 0.85, interactive: false }).addTo(group);
    L.polyline(segments, { color, weight: 3.5, opacity: 1, lineJoin: 'round', className: 'track-line' }).addTo(group);
    const first = segments[0]![0]!;
    const lastSeg = segments[segments.length - 1]!;
    const last = lastSeg[lastSeg.length - 1]!;
    L.circleMarker(last, { radius: 7, color: '#fff', weight: 2.5, fillColor: '#c92a2a', fillOpacity: 1 })
      .bindTooltip('Finish')
      .addTo(group);
    L.circleMarker(first, { radius: 7, color: '#fff', weight: 2.5, fillColor: '#2f9e44', fillOpacity: 1 })
      .bindTooltip('Start')
      .addTo(group);
    group.addTo(m);
    m.fitBounds(group.getBounds(), { padding: [36, 36], maxZoom: 17 });
    return () => {
      group.remove();
    };
  }, [segments, color]);

  return (
    <div className="map-wrap">
      <div ref={el} className="activity-map" data-testid="activity-map" role="region" aria-label="Map of the route" />
      {(tilesFailed || !tileUrl) && (
        <div className="map-note" role="status">
          {tileUrl ? 'Map tiles unavailable — track only' : 'No tile server — track only'}
        </div>
      )}
    </div>
  );
}
