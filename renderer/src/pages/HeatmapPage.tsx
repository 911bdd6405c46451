import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { DateRangePicker } from '../components/range/DateRangePicker';
import { useDayRange } from '../components/range/use-day-range';
import { heatmapLayer } from '../components/routes/heatmap-layer';
import { useConfig } from '../hooks/use-config';
import { href, navigate } from '../hooks/use-route';
import { routesApi } from '../lib/routes-client';
import { sportInfo } from '../lib/sports';

const SPORTS = ['running', 'cycling', 'walking', 'hiking', 'swimming', 'rowing', 'cross_country_skiing'];

/**
 * Every track the athlete recorded, as density on the map, filterable by sport and dates. Issue 17:
 * the range is the shared picker's, kept in the URL with the sport (?sport=&from=&to=); it opens on
 * All (first to last activity day).
 */
export function HeatmapPage({ query = new URLSearchParams() }: { query?: URLSearchParams }) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const { config } = useConfig();
  const sport = query.get('sport') ?? '';
  const dr = useDayRange({ path: '/heatmap', query, extentOf: (e) => e.activities, defaultPreset: 'all', keep: { sport: sport || undefined } });
  const from = dr.range?.from ?? '';
  const to = dr.range?.to ?? '';
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
    if (!m || !ready || !dr.range) return;
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
          <label>
            Sport{' '}
            <select value={sport} onChange={(e) => navigate(href('/heatmap', { sport: e.target.value || undefined, from: from || undefined, to: to || undefined }), { replace: true })} data-testid="heatmap-sport">
              <option value="">All sports</option>
              {(sport && !SPORTS.includes(sport) ? [sport, ...SPORTS] : SPORTS).map((s) => (
                <option key={s} value={s}>
                  {sportInfo(s).label}
                </option>
              ))}
            </select>
          </label>
        </form>
      </header>
      {dr.range && <DateRangePicker range={dr.range} anchor={dr.anchor} today={dr.today} extent={dr.extent} onChange={(r) => dr.setRange(r)} dataLabel="activity" />}
      <div ref={el} className="activity-map heatmap-map" data-testid="heatmap-map" data-drawn={drawn} style={{ height: '70vh' }} role="region" aria-label="Heatmap" />
    </article>
  );
}
