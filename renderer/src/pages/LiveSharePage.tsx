/**
 * The public page behind a share link (`/live/<token>`, issue 19): no login, no app shell, only
 * this session — the trail, where the athlete is now and which way they head, speed and pace,
 * distance, elapsed time, heart rate when the tracker sends it, and how old the last update is.
 * "Follow" keeps the map on the athlete; dragging the map turns it off. A planned route, when the
 * athlete attached one, is drawn under the trail with the distance done and to go along it and an
 * arrival estimate from the recent pace (shared/live-plan.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import { liveStats } from '../../../shared/live-api';
import { indexPlan, planProgress } from '../../../shared/live-plan';
import { useLiveFeed } from '../hooks/use-live-feed';
import './live-share.css';

function fmtDuration(s: number): string {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

function fmtPace(mps: number | null): string {
  if (!mps || mps < 0.3) return '–';
  // Rounded to whole seconds first: 179.6 s/km is 3:00, not 2:60.
  const sPerKm = Math.round(1000 / mps);
  return `${Math.floor(sPerKm / 60)}:${String(sPerKm % 60).padStart(2, '0')} /km`;
}

function fmtClock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function fmtAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`;
}

export function LiveSharePage({ shareToken }: { shareToken: string }) {
  const feed = useLiveFeed(shareToken);
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const trail = useRef<L.Polyline | null>(null);
  const planLine = useRef<L.Polyline | null>(null);
  const marker = useRef<L.Marker | null>(null);
  const fitted = useRef(false);
  const [follow, setFollow] = useState(true);
  const [now, setNow] = useState(() => Date.now());
  const stats = useMemo(() => liveStats(feed.points), [feed.points]);
  const last = feed.points[feed.points.length - 1];
  const planIndex = useMemo(() => (feed.plan ? indexPlan(feed.plan.line.map((v) => v[0]), feed.plan.line.map((v) => v[1])) : null), [feed.plan]);
  const progress = useMemo(() => (planIndex && feed.points.length ? planProgress(planIndex, feed.points) : null), [planIndex, feed.points]);

  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { renderer: L.svg({ padding: 0.5 }), zoomSnap: 0.25 });
    m.setView([20, 0], 2);
    m.on('dragstart', () => setFollow(false));
    // The plan first, so the trail is drawn over it.
    planLine.current = L.polyline([], { color: '#7048e8', weight: 6, opacity: 0.45, lineJoin: 'round', className: 'live-plan' }).addTo(m);
    trail.current = L.polyline([], { color: '#e8590c', weight: 4, opacity: 0.95, lineJoin: 'round', className: 'live-trail' }).addTo(m);
    map.current = m;
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      m.remove();
      map.current = null;
      marker.current = null;
      planLine.current = null;
      fitted.current = false;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !feed.tileUrl) return;
    const layer = L.tileLayer(feed.tileUrl, { attribution: feed.tileAttribution ?? '', maxZoom: 19 }).addTo(m);
    return () => void layer.remove();
  }, [feed.tileUrl, feed.tileAttribution]);

  useEffect(() => {
    const m = map.current;
    if (!m || !planLine.current) return;
    planLine.current.setLatLngs(feed.plan?.line ?? []);
    // Nothing to follow yet: show the whole plan.
    if (feed.plan && feed.plan.line.length > 1 && !fitted.current && !last) m.fitBounds(L.latLngBounds(feed.plan.line), { padding: [40, 40], maxZoom: 16 });
  }, [feed.plan, last]);

  useEffect(() => {
    const m = map.current;
    if (!m || !last) return;
    const latlngs = feed.points.map((p) => [p.lat, p.lon] as [number, number]);
    trail.current?.setLatLngs(latlngs);
    const pos: [number, number] = [last.lat, last.lon];
    if (!marker.current) {
      const icon = L.divIcon({ className: 'live-marker', html: '<div class="live-marker-dot"><div class="live-marker-arrow"></div></div>', iconSize: [26, 26], iconAnchor: [13, 13] });
      marker.current = L.marker(pos, { icon, keyboard: false, title: 'Current position' }).addTo(m);
    } else marker.current.setLatLng(pos);
    const arrow = marker.current.getElement()?.querySelector<HTMLElement>('.live-marker-arrow');
    if (arrow) {
      arrow.style.display = stats.headingDeg === null ? 'none' : '';
      arrow.style.transform = `rotate(${stats.headingDeg ?? 0}deg)`;
    }
    if (!fitted.current && latlngs.length) {
      fitted.current = true;
      if (latlngs.length > 1) m.fitBounds(L.latLngBounds(latlngs), { padding: [40, 40], maxZoom: 16 });
      else m.setView(pos, 15);
    } else if (follow) m.panTo(pos, { animate: false });
  }, [feed.points, last, follow, stats.headingDeg]);

  const s = feed.session;
  const ageMs = s ? now + feed.clockSkewMs - s.lastReceivedAtMs : 0;
  const status = feed.gone ? 'gone' : !s ? 'loading' : s.ended ? 'ended' : 'live';

  return (
    <div className="live-page" data-testid="live-page" data-status={status} data-plan-points={feed.plan?.line.length ?? 0} data-points={feed.points.length} data-lat={last?.lat ?? ''} data-lon={last?.lon ?? ''} data-transport={feed.transport}>
      <header className="live-header">
        <span className="live-brand">MileVault live</span>
        <span className={`live-badge live-badge-${status}`} data-testid="live-status">
          {status === 'live' ? '● Live' : status === 'ended' ? (s?.endReason === 'stopped' ? 'Finished' : 'No signal') : status === 'gone' ? 'Unavailable' : 'Connecting…'}
        </span>
        <label className="live-follow">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
      </header>
      {feed.gone ? (
        <div className="live-gone" role="alert">
          {feed.gone === 'revoked' ? 'The athlete has stopped sharing this session.' : feed.gone === 'expired' ? 'This live link has expired.' : 'There is no live session behind this link.'}
        </div>
      ) : (
        <>
          <div ref={el} className="live-map" aria-label="Map of the live track" />
          <dl className="live-stats">
            <div><dt>Distance</dt><dd data-testid="live-distance">{(stats.distanceM / 1000).toFixed(2)} km</dd></div>
            <div><dt>Elapsed</dt><dd data-testid="live-elapsed">{fmtDuration(stats.elapsedS)}</dd></div>
            <div><dt>Speed</dt><dd>{stats.speedMps === null ? '–' : `${(stats.speedMps * 3.6).toFixed(1)} km/h`}</dd></div>
            <div><dt>Pace</dt><dd data-testid="live-pace">{fmtPace(stats.speedMps)}</dd></div>
            {feed.plan && (
              <>
                <div><dt>Done of plan</dt><dd data-testid="live-plan-done">{progress ? (progress.doneM / 1000).toFixed(2) : '0.00'} / {(feed.plan.distanceM / 1000).toFixed(1)} km</dd></div>
                <div><dt>To go</dt><dd data-testid="live-plan-togo">{((progress?.toGoM ?? feed.plan.distanceM) / 1000).toFixed(2)} km{progress && !progress.onRoute ? ' (off route)' : ''}</dd></div>
                <div><dt>ETA</dt><dd data-testid="live-plan-eta">{progress?.etaS != null && last ? `${fmtClock(last.t + progress.etaS * 1000)} (${fmtDuration(progress.etaS)})` : '–'}</dd></div>
              </>
            )}
            {stats.hrBpm !== null && <div><dt>Heart rate</dt><dd data-testid="live-hr">{Math.round(stats.hrBpm)} bpm</dd></div>}
            <div><dt>Updated</dt><dd data-testid="live-updated">{s ? fmtAge(ageMs) : '–'}</dd></div>
          </dl>
        </>
      )}
    </div>
  );
}
