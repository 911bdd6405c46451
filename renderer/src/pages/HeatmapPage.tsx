import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { heatmapLayer } from '../components/routes/heatmap-layer';
import { useConfig } from '../hooks/use-config';
import { routesApi } from '../lib/routes-client';

/** Every track the athlete recorded, as density on the map, filterable by sport and dates. */
export function HeatmapPage() {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const { config } = useConfig();
  const [sport, setSport] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [drawn, setDrawn] = useState(0);
  // Tiles load once the first view is settled, so the world-view tiles are not fetched for nothing.
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { zoomSnap: 1 });
    map.current = m;
    // Open where the athlete trains: the bounds of all tracks, or the world when there are none.
    m.setView([20, 0], 2);
    routesApi.heatmapBounds({}).then(
      ({ bounds: b }) => {
        if (map.current !== m) return;
        if (b) m.fitBounds([[b.minLat, b.minLon], [b.maxLat, b.maxLon]], { padding: [24, 24], maxZoom: 15, animate: false });
        setReady(true);
      },
      () => map.current === m && setReady(true),
    );
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !config?.tileUrl) return;
    const base = L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19, opacity: 0.6 });
    base.addTo(m);
    return () => void base.remove();
  }, [config?.tileUrl, config?.tileAttribution]);

  useEffect(() => {
    const m = map.current;
    if (!m || !ready) return;
    setDrawn(0);
    const layer = heatmapLayer({ urlTemplate: routesApi.heatmapTileUrl({ sport, from, to }), maxZoom: 19, maxNativeZoom: 16, onTile: (n) => setDrawn((d) => d + n) });
    layer.addTo(m);
    return () => void layer.remove();
  }, [sport, from, to, ready]);

  return (
    <article className="page heatmap-page">
      <header className="page-head">
        <h1>Heatmap</h1>
        <form className="inline-form" onSubmit={(e) => e.preventDefault()}>
          <label>Sport <select value={sport} onChange={(e) => setSport(e.target.value)} aria-label="Sport">
            <option value="">all</option><option value="running">running</option><option value="cycling">cycling</option><option value="walking">walking</option><option value="hiking">hiking</option>
          </select></label>
          <label>From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
          <label>To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
        </form>
      </header>
      <div ref={el} className="activity-map heatmap-map" data-testid="heatmap-map" data-drawn={drawn} style={{ height: '70vh' }} role="region" aria-label="Heatmap" />
    </article>
  );
}
