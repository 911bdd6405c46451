import L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StreamsDto } from '../../../../shared/api.js';
import { navigate } from '../../hooks/use-route';
import { useUnits } from '../../hooks/use-units';
import { api, errorMessage } from '../../lib/api-client';
import { routesApi } from '../../lib/routes-client';
import { indexAtTime, nearestSample, nextPick, stretchPoints, type Pick, type TrackSamples } from '../../lib/segment-pick';
import { useMapLayers } from '../../lib/use-map-layers';
import { formatDistance, formatDuration } from '../../units';
import './segments.css';

const CHOSEN = '#7048e8';

/**
 * New segment from an activity (issue 17): click its start and then its end on the map (each
 * click snaps to the track), or fine-tune with the two sliders; the chosen stretch is drawn as it
 * is chosen. Its own Leaflet map, so the activity page's map stays the page's.
 */
export function SegmentCreator({ activityId, durationS }: { activityId: string; durationS: number }) {
  const [streams, setStreams] = useState<StreamsDto | null>(null);
  const [pick, setPick] = useState<Pick>({ start: null, end: null });
  const [name, setName] = useState('');
  const [both, setBoth] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { units } = useUnits();
  const layers = useMapLayers();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const chosenLine = useRef<L.Polyline | null>(null);
  const marks = useRef<L.LayerGroup | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    api.streams(activityId, ['latDeg', 'lonDeg', 'distanceM'], 3000).then(
      (s) => !ctrl.signal.aborted && setStreams(s),
      (e: unknown) => !ctrl.signal.aborted && setError(errorMessage(e)),
    );
    return () => ctrl.abort();
  }, [activityId]);

  const track: TrackSamples | null = useMemo(
    () => (streams ? { timeS: streams.timeS, lat: streams.channels.latDeg ?? [], lon: streams.channels.lonDeg ?? [] } : null),
    [streams],
  );
  // The whole activity until the athlete picks (the first click on the map starts a new pick).
  useEffect(() => {
    if (track && track.timeS.length > 1) setPick({ start: 0, end: track.timeS.length - 1 });
  }, [track]);

  // The map: base layer, the whole track in grey, clicks pick start/end.
  useEffect(() => {
    if (!el.current || !track) return;
    const m = L.map(el.current, { renderer: L.svg({ padding: 0.5 }), scrollWheelZoom: false, zoomSnap: 0.25 });
    map.current = m;
    const base = layers[0];
    if (base) L.tileLayer(base.url, { attribution: base.attribution, maxZoom: base.maxZoom }).addTo(m);
    const all = stretchPoints(track, 0, track.timeS.length - 1);
    const line = L.polyline(all, { color: '#868e96', weight: 4, opacity: 0.8, interactive: false }).addTo(m);
    if (all.length > 1) m.fitBounds(line.getBounds(), { padding: [16, 16] });
    marks.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => {
      const i = nearestSample(track, e.latlng.lat, e.latlng.lng);
      if (i >= 0) setPick((p) => nextPick(p, i));
    });
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      m.remove();
      map.current = null;
      chosenLine.current = null;
      marks.current = null;
    };
  }, [track, layers]);

  // The chosen stretch and its two markers.
  useEffect(() => {
    const m = map.current;
    if (!m || !track || !marks.current) return;
    chosenLine.current?.remove();
    chosenLine.current = null;
    marks.current.clearLayers();
    const dot = (i: number, color: string, label: string) => {
      const a = track.lat[i];
      const b = track.lon[i];
      if (a == null || b == null) return;
      L.circleMarker([a, b], { radius: 7, color: '#fff', weight: 2, fillColor: color, fillOpacity: 1 }).bindTooltip(label).addTo(marks.current!);
    };
    if (pick.start !== null && pick.end !== null) {
      chosenLine.current = L.polyline(stretchPoints(track, pick.start, pick.end), { color: CHOSEN, weight: 6, interactive: false }).addTo(m);
    }
    if (pick.start !== null) dot(pick.start, '#2f9e44', 'Start');
    if (pick.end !== null) dot(pick.end, '#e03131', 'End');
  }, [pick, track]);

  const startS = track && pick.start !== null ? track.timeS[pick.start]! : null;
  const endS = track && pick.end !== null ? track.timeS[pick.end]! : null;
  const dist = streams?.channels.distanceM;
  const lengthM = pick.start !== null && pick.end !== null && dist ? (dist[pick.end] ?? 0) - (dist[pick.start] ?? 0) : null;
  const max = Math.round(track?.timeS[track.timeS.length - 1] ?? durationS);
  const setByTime = (which: 'start' | 'end', s: number) => {
    if (!track) return;
    const i = indexAtTime(track, s);
    setPick((p) => {
      const start = which === 'start' ? Math.min(i, (p.end ?? track.timeS.length - 1) - 1) : (p.start ?? 0);
      const end = which === 'end' ? Math.max(i, (p.start ?? 0) + 1) : (p.end ?? track.timeS.length - 1);
      return { start: Math.max(0, start), end: Math.min(track.timeS.length - 1, end) };
    });
  };

  const create = async () => {
    if (startS === null || endS === null) return;
    setBusy(true);
    setError(null);
    try {
      const s = await routesApi.createSegment({ activityId, startOffsetS: Math.floor(startS), endOffsetS: Math.ceil(endS), name: name.trim() || undefined, bothDirections: both || undefined });
      navigate(`#/segments/${encodeURIComponent(s.id)}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const hint = pick.start === null ? 'Click the start of the segment on the track.' : pick.end === null ? 'Now click its end.' : 'Click the track on the map to pick a new start, then its end; the sliders fine-tune.';
  return (
    <div className="segment-creator" data-testid="segment-creator">
      <p className="muted small" aria-live="polite" data-testid="segment-hint">{hint}</p>
      <div ref={el} className="segment-creator-map" data-testid="segment-creator-map" role="application" aria-label="Map: click the segment's start and end on the track" />
      {!track && !error && <p className="muted small">Loading the track…</p>}
      <div className="inline-form segment-creator-form">
        <label>Start {startS === null ? '—' : formatDuration(startS)}
          <input type="range" min={0} max={max} value={startS ?? 0} disabled={!track} onChange={(e) => setByTime('start', Number(e.target.value))} aria-label="Segment start" />
        </label>
        <label>End {endS === null ? '—' : formatDuration(endS)}
          <input type="range" min={0} max={max} value={endS ?? max} disabled={!track} onChange={(e) => setByTime('end', Number(e.target.value))} aria-label="Segment end" />
        </label>
        <label>Name <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="optional" maxLength={200} /></label>
        <label className="check-inline"><input type="checkbox" checked={both} onChange={(e) => setBoth(e.target.checked)} /> both directions</label>
        <span className="muted small" data-testid="segment-length">{lengthM !== null ? `${formatDistance(lengthM, units)} · ${formatDuration((endS ?? 0) - (startS ?? 0))}` : ''}</span>
        <button className="btn btn-primary" type="button" disabled={startS === null || endS === null || busy} onClick={() => void create()} data-testid="segment-create-button">
          Create segment
        </button>
      </div>
      {error && <p className="inline-error" role="alert">{error}</p>}
    </div>
  );
}
