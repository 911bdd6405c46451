import { useState } from 'react';
import type { GearDto } from '../../../../shared/gear-api.js';
import { errorMessage } from '../../lib/api-client';
import { activityListApi } from '../../lib/activity-list-client';
import { SPORT_CHOICES, sportInfo } from '../../lib/sports';

const NO_GEAR = '__none__';

/**
 * Bulk edit of the selected rows: one sport, one gear (or none), or delete after a confirmation
 * that says how many. Each action is one request the server applies to all or none.
 */
export function BulkBar({ ids, gear, onDone, onClear }: { ids: string[]; gear: GearDto[]; onDone: (message: string) => void; onClear: () => void }) {
  const [sport, setSport] = useState('');
  const [gearId, setGearId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = ids.length;
  const what = `${n} activit${n === 1 ? 'y' : 'ies'}`;

  const run = async (f: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await f());
      setSport('');
      setGearId('');
      setConfirming(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bulk-bar" role="region" aria-label="Edit selected activities" data-testid="bulk-bar">
      <strong aria-live="polite">{n} selected</strong>
      <form className="bulk-action" onSubmit={(e) => { e.preventDefault(); if (sport) void run(async () => (await activityListApi.bulkEdit({ ids, set: { sport, subSport: null } }), `${what} set to ${sportInfo(sport).label}`)); }}>
        <label>
          <span className="visually-hidden">Sport for the selected activities</span>
          <select value={sport} onChange={(e) => setSport(e.target.value)} data-testid="bulk-sport">
            <option value="">Set sport…</option>
            {SPORT_CHOICES.map((s) => (
              <option key={s} value={s}>{sportInfo(s).label}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-small" disabled={!sport || busy} data-testid="bulk-sport-apply">Apply</button>
      </form>
      {gear.length > 0 && (
        <form className="bulk-action" onSubmit={(e) => { e.preventDefault(); if (gearId) void run(async () => (await activityListApi.bulkEdit({ ids, set: { gearId: gearId === NO_GEAR ? null : gearId } }), gearId === NO_GEAR ? `Gear removed from ${what}` : `${what} now use ${gear.find((g) => g.id === gearId)?.name ?? 'the gear'}`)); }}>
          <label>
            <span className="visually-hidden">Gear for the selected activities</span>
            <select value={gearId} onChange={(e) => setGearId(e.target.value)} data-testid="bulk-gear">
              <option value="">Set gear…</option>
              <option value={NO_GEAR}>No gear</option>
              {gear.filter((g) => !g.retired).map((g) => (
                <option key={g.id} value={g.id}>{g.name}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn btn-small" disabled={!gearId || busy} data-testid="bulk-gear-apply">Apply</button>
        </form>
      )}
      {confirming ? (
        <span className="bulk-confirm" role="alert">
          Delete {what} and their files? This cannot be undone.{' '}
          <button type="button" className="btn btn-danger btn-small" disabled={busy} onClick={() => void run(async () => (await activityListApi.bulkDelete(ids), `${what} deleted`))} data-testid="bulk-delete-confirm">
            Delete {n}
          </button>{' '}
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirming(false)}>Cancel</button>
        </span>
      ) : (
        <button type="button" className="btn btn-danger btn-small" disabled={busy} onClick={() => setConfirming(true)} data-testid="bulk-delete">Delete…</button>
      )}
      <button type="button" className="btn btn-ghost btn-small" onClick={onClear}>Clear selection</button>
      {error && <p className="inline-error" role="alert">{error}</p>}
    </div>
  );
}
