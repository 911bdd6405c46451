/**
 * Settings → Backups → Housekeeping (issue 16): how long staged uploads, job details and raw health
 * payloads are kept (0 = forever), what the last cleanup removed, and "Clean up now". Originals,
 * activities and health values are never removed by it.
 */
import { useEffect, useState } from 'react';
import type { HousekeepingRunDto, HousekeepingSettingsDto } from '../../../../shared/backup-api.js';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { backupApi } from '../../lib/backup-client';

const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function lastCleanupText(r: HousekeepingRunDto): string {
  const kb = Math.round(r.healthPayloadBytes / 1024);
  return (
    `removed ${r.stagedJobs + r.uploads} staged upload(s), ${r.importFileRows} import file result(s), ${r.jobs} old job(s), ` +
    `${r.healthPayloads} raw health payload(s)${r.healthPayloads ? ` (${kb} KB)` : ''}`
  );
}

export function HousekeepingSettings() {
  const state = useAsync((signal) => backupApi.housekeeping(signal), []);
  const [draft, setDraft] = useState<HousekeepingSettingsDto | null>(null);
  const [last, setLast] = useState<HousekeepingRunDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (state.data && !draft) setDraft(state.data.settings);
  }, [state.data, draft]);
  const shown = last ?? state.data?.last ?? null;
  const field = (key: keyof HousekeepingSettingsDto, label: string, unit: string, max: number) =>
    draft && (
      <label className="small">
        {label}{' '}
        <input type="number" min={0} max={max} value={draft[key]} aria-label={label} onChange={(e) => setDraft({ ...draft, [key]: Number(e.target.value) })} /> {unit}
      </label>
    );

  return (
    <div data-testid="housekeeping">
      <h3 className="card-title">Housekeeping</h3>
      <p className="muted small">
        A daily cleanup removes what is not your data once it is older than below (0 keeps it forever). Your original files, activities and health
        values are never removed.
      </p>
      <p className="small" data-testid="housekeeping-last">
        {shown ? (
          <>
            Last cleanup {fmt.format(new Date(shown.at))}: {lastCleanupText(shown)}
            {shown.error && <span className="state-error"> — failed: {shown.error}</span>}
          </>
        ) : (
          <span className="muted">No cleanup yet.</span>
        )}
      </p>
      {draft && (
        <form
          className="backup-schedule"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            setSaved(false);
            backupApi.saveHousekeeping(draft).then((s) => (setDraft(s), setSaved(true)), (err: unknown) => setError(errorMessage(err)));
          }}
        >
          {field('incomingHours', 'Staged uploads', 'hours', 8760)}
          {field('jobDetailsDays', 'Job details', 'days', 36500)}
          {field('healthPayloadDays', 'Raw health payloads', 'days', 36500)}
          <button type="submit" className="btn btn-small">Save</button>{' '}
          <button type="button" className="btn btn-small" disabled={busy} data-testid="housekeeping-run"
            onClick={() => {
              setError(null);
              setBusy(true);
              backupApi.runHousekeeping().then(setLast, (err: unknown) => setError(errorMessage(err))).finally(() => setBusy(false));
            }}>
            Clean up now
          </button>{' '}
          {saved && <span className="muted small">Saved.</span>}
        </form>
      )}
      {error && <p className="state state-error">{error}</p>}
    </div>
  );
}
