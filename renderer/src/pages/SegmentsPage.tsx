import { useEffect, useMemo, useState } from 'react';
import { MiniMap } from '../components/routes/MiniMap';
import '../components/routes/routes.css';
import { ErrorBox, EmptyState, Loading } from '../components/States';
import { useAsync } from '../hooks/use-async';
import { useUnits } from '../hooks/use-units';
import { formatDate } from '../lib/dates';
import { allSegments, formatGrade, segmentProfiles, thin, type SegmentProfileDto } from '../lib/segment-list-client';
import { formatDistance, formatDuration } from '../units';

/**
 * Every segment (issue 17): a sketch of its shape, distance, average grade (from an effort's
 * altitude), the athlete's best time and when it was set, and how many efforts there are.
 */
export function SegmentsPage() {
  const segments = useAsync((signal) => allSegments(signal), []);
  const { units } = useUnits();
  const [q, setQ] = useState('');
  const [profiles, setProfiles] = useState<Map<string, SegmentProfileDto>>(new Map());
  const list = segments.data ?? [];
  const shown = useMemo(() => {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    return list.filter((s) => words.every((w) => s.name.toLowerCase().includes(w)));
  }, [list, q]);
  const idsKey = list.map((s) => s.id).join(',');
  useEffect(() => {
    if (!idsKey) return;
    const ctrl = new AbortController();
    segmentProfiles(idsKey.split(','), ctrl.signal).then(setProfiles, () => {}); // grades are extra: the list works without them
    return () => ctrl.abort();
  }, [idsKey]);

  if (segments.status === 'error' && !segments.data) return <ErrorBox error={segments.error} onRetry={segments.reload} />;
  if (!segments.data) return <Loading label="Loading segments…" />;
  return (
    <article className="page segments-page">
      <header className="page-head">
        <div>
          <h1>Segments</h1>
          <p className="muted">Stretches you race yourself on. Create one on an activity's page: click its start and end on the map.</p>
        </div>
      </header>
      {list.length === 0 ? (
        <EmptyState title="No segments yet">Open an activity with GPS and use “Create a segment” under Route and segments.</EmptyState>
      ) : (
        <>
          {list.length > 8 && (
            <form className="filters routes-filters" role="search" aria-label="Search segments" onSubmit={(e) => e.preventDefault()}>
              <label className="list-search">
                <span>Search</span>
                <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Segment name" />
              </label>
            </form>
          )}
          <div className="card">
            <table className="table routes-table" data-testid="segments-table">
              <thead>
                <tr>
                  <th scope="col"><span className="visually-hidden">Map</span></th>
                  <th scope="col">Segment</th>
                  <th scope="col" className="num">Distance</th>
                  <th scope="col" className="num">Avg grade</th>
                  <th scope="col" className="num">Your best</th>
                  <th scope="col" className="num">Efforts</th>
                  <th scope="col">Best set</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((s) => {
                  const best = s.efforts[0];
                  const p = profiles.get(s.id);
                  const link = `#/segments/${encodeURIComponent(s.id)}`;
                  return (
                    <tr key={s.id} data-testid="segment-row">
                      <td className="mini-map-cell">
                        <a href={link} tabIndex={-1} aria-hidden="true">
                          <MiniMap points={thin(s.track)} label={`Map of ${s.name}`} color="#7048e8" />
                        </a>
                      </td>
                      <td>
                        <a href={link}>{s.name}</a>
                        {s.bothDirections && <span className="muted small"> · both directions</span>}
                      </td>
                      <td className="num">{formatDistance(s.distanceM, units)}</td>
                      <td className="num" data-testid="segment-grade">{formatGrade(p?.avgGradePct)}</td>
                      <td className="num" data-testid="segment-best">{best ? formatDuration(best.elapsedS) : '—'}</td>
                      <td className="num">{s.efforts.length}</td>
                      <td>{best ? <a href={`#/activities/${encodeURIComponent(best.activityId)}`}>{formatDate(best.startTime)}</a> : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </article>
  );
}
