/** Title block of the activity page: inline rename, change sport, download original, delete. */
import { useEffect, useRef, useState } from 'react';
import type { ActivityDetailDto, ActivityPatchDto } from '../../../shared/api.js';
import { api, errorMessage } from '../lib/api-client';
import { formatActivityDateTime } from '../lib/dates';
import { SPORT_CHOICES, sportInfo } from '../lib/sports';
import { SportBadge } from './SportBadge';
import { ExportMenu } from './export/ExportMenu';

interface Props {
  a: ActivityDetailDto;
  onSave: (patch: ActivityPatchDto) => Promise<void>;
  onDeleted: () => void;
}

export function ActivityHeader({ a, onSave, onDeleted }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(a.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const renameBtn = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  const save = async (patch: ActivityPatchDto) => {
    setBusy(true);
    setError(null);
    try {
      await onSave(patch);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const commitName = async () => {
    const name = draft.trim();
    if (!name || name === a.name) {
      setEditing(false);
      setDraft(a.name);
      return;
    }
    if (await save({ name })) {
      setEditing(false);
      requestAnimationFrame(() => renameBtn.current?.focus());
    }
  };

  const del = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.deleteActivity(a.id);
      onDeleted();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const sports = SPORT_CHOICES.includes(a.sport) ? SPORT_CHOICES : [a.sport, ...SPORT_CHOICES];

  return (
    <header className="activity-header">
      <div className="activity-title">
        <p className="eyebrow">
          <SportBadge sport={a.sport} subSport={a.subSport} /> <time dateTime={a.localStartTime ?? a.startTime}>{formatActivityDateTime(a)}</time>
        </p>
        {editing ? (
          <form
            className="rename-form"
            onSubmit={(e) => {
              e.preventDefault();
              void commitName();
            }}
          >
            <label className="visually-hidden" htmlFor="activity-name">Activity name</label>
            <input
              id="activity-name"
              ref={input}
              className="rename-input"
              value={draft}
              maxLength={200}
              disabled={busy}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  setEditing(false);
                  setDraft(a.name);
                }
              }}
            />
            <button type="submit" className="btn btn-primary btn-small" disabled={busy}>Save</button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => { setEditing(false); setDraft(a.name); }}>Cancel</button>
          </form>
        ) : (
          <h1 className="activity-name">
            {a.name || 'Untitled activity'}
            <button ref={renameBtn} type="button" className="icon-btn" aria-label="Rename activity" title="Rename" onClick={() => { setDraft(a.name); setEditing(true); }}>
              <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" /></svg>
            </button>
          </h1>
        )}
      </div>
      <div className="activity-actions">
        <label className="inline-select">
          <span className="visually-hidden">Sport</span>
          <select
            aria-label="Change sport"
            value={a.sport}
            disabled={busy}
            onChange={(e) => void save({ sport: e.target.value, subSport: null })}
          >
            {sports.map((s) => (
              <option key={s} value={s}>{sportInfo(s).label}</option>
            ))}
          </select>
        </label>
        <a className="btn" href={api.originalUrl(a.id)} download={a.original.fileName}>
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path d="M12 4v11m0 0l-5-5m5 5l5-5M5 20h14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" /></svg>
          Original
        </a>
        <ExportMenu id={a.id} />
        {confirming ? (
          <span className="confirm" role="group" aria-label="Confirm delete">
            <span>Delete for good?</span>
            <button type="button" className="btn btn-danger btn-small" disabled={busy} onClick={() => void del()} autoFocus>Delete</button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirming(false)}>Keep</button>
          </span>
        ) : (
          <button type="button" className="btn btn-ghost-danger" onClick={() => setConfirming(true)}>Delete</button>
        )}
      </div>
      {error && <p className="inline-error" role="alert">{error}</p>}
    </header>
  );
}
