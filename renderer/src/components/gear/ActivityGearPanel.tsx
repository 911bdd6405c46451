import { useState } from 'react';
import type { ActivityMetaDto } from '../../../../shared/gear-api.js';
import { useAsync } from '../../hooks/use-async';
import { gearApi } from '../../lib/gear-client';
import './gear.css';

/** On the activity page: gear assignment, description and notes from archives, photos (issue 4). */
export function ActivityGearPanel({ activityId }: { activityId: string }) {
  const meta = useAsync((signal) => gearApi.activityMeta(activityId, signal), [activityId]);
  const gear = useAsync((signal) => gearApi.list(signal), []);
  const [error, setError] = useState<string | null>(null);
  const m = meta.data;
  if (!m) return null;

  const setGear = async (gearId: string | null) => {
    setError(null);
    try {
      meta.set((await gearApi.patchActivityMeta(activityId, { gearId })) as ActivityMetaDto);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const options = (gear.data ?? []).filter((g) => !g.retired || g.id === m.gearId);

  return (
    <section className="card activity-gear" aria-labelledby="gear-h" data-testid="activity-gear">
      <h2 id="gear-h" className="card-title">Gear and notes</h2>
      <label>
        Gear{' '}
        <select value={m.gearId ?? ''} onChange={(e) => void setGear(e.target.value || null)} data-testid="activity-gear-select">
          <option value="">None</option>
          {options.map((g) => (
            <option key={g.id} value={g.id}>{g.name}{g.retired ? ' (retired)' : ''}</option>
          ))}
        </select>
      </label>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {m.description && <p className="activity-description" data-testid="activity-description">{m.description}</p>}
      {m.privateNote && <p className="muted small">Private note: {m.privateNote}</p>}
      {(m.commute || m.perceivedExertion !== null) && (
        <p className="muted small">{[m.commute ? 'Commute' : null, m.perceivedExertion !== null ? `Perceived exertion ${m.perceivedExertion}/10` : null].filter(Boolean).join(' · ')}</p>
      )}
      {m.media.length > 0 && (
        <div className="activity-photos">
          {m.media.map((p) => (
            <a key={p.sha256} href={gearApi.mediaUrl(activityId, p.sha256)} target="_blank" rel="noreferrer">
              <img src={gearApi.mediaUrl(activityId, p.sha256)} alt={p.fileName} loading="lazy" />
            </a>
          ))}
        </div>
      )}
      {m.sources.length > 0 && <p className="muted small">From: {[...new Set(m.sources.map((s) => s.source))].join(', ')}</p>}
    </section>
  );
}
