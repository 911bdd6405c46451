/**
 * Settings → Backups (issue 16): the last backup's time and outcome, "Back up now" with progress,
 * the backups in the folder with downloads, and the schedule (node-cron), folder and retention.
 * Restoring is a command (`milevault restore`), since it replaces the data the app is running on.
 */
import { useEffect, useState } from 'react';
import type { BackupJobDto, BackupSettingsDto } from '../../../../shared/backup-api.js';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { backupApi } from '../../lib/backup-client';
import { sourcesApi } from '../../lib/sources-client';
import { ErrorBox } from '../States';
import { HousekeepingSettings } from './HousekeepingSettings';
import './backup.css';

const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const mb = (n: number) => (n < 1048576 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`);

function JobLine({ job }: { job: BackupJobDto }) {
  if (job.status === 'running') {
    return <span data-testid="backup-progress">Backing up… {job.phase === 'tables' ? `${job.rows.toLocaleString()} rows` : `${job.files.toLocaleString()} files`}, {mb(job.bytes)} written</span>;
  }
  const when = fmt.format(new Date(job.finishedAt ?? job.startedAt));
  return job.status === 'done' ? (
    <span data-testid="backup-last">Last backup {when}: <strong>OK</strong>{job.trigger === 'scheduled' ? ' (scheduled)' : ''}</span>
  ) : (
    <span className="state-error" data-testid="backup-last">Last backup {when} <strong>failed</strong>: {job.error}</span>
  );
}

interface ExportProgress {
  kind: 'account' | 'parquet';
  done: number;
  total: number;
  finished: boolean;
}

/** Follows `export` server-sent events: a streamed download's size is unknown until it ends. */
function useExportProgress(): ExportProgress | null {
  const [p, setP] = useState<ExportProgress | null>(null);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource(sourcesApi.eventsUrl, { withCredentials: true });
    es.addEventListener('export', (e) => {
      try {
        setP(JSON.parse((e as MessageEvent<string>).data) as ExportProgress);
      } catch {
        /* a malformed event is ignored */
      }
    });
    return () => es.close();
  }, []);
  return p;
}

function progressText(p: ExportProgress): string {
  const what = p.kind === 'account' ? 'Account export' : 'Parquet export';
  const unit = p.kind === 'account' ? 'activities' : 'tables';
  return p.finished ? `${what} finished: ${p.total.toLocaleString()} ${unit}.` : `${what}: ${p.done.toLocaleString()} of ${p.total.toLocaleString()} ${unit}…`;
}

/** The athlete's own exports (account zip, Parquet): for everyone, also athletes on a shared server. */
export function MyDataExports() {
  const progress = useExportProgress();
  return (
    <>
        <p className="muted small">
          <a href={backupApi.accountExportUrl} download data-testid="account-export">Export my account (zip)</a>: original files and an{' '}
          <code>activities.csv</code> with names, sports, notes and gear, in the shape of a Strava export; MileVault imports it back.
        </p>
        <p className="muted small">
          <a href={backupApi.parquetExportUrl} download data-testid="parquet-export">Export for analysis (Parquet, zip)</a>: activities, laps,
          every sample and daily health as four Parquet files for pandas, Polars or DuckDB. Also <code>milevault export --parquet DIR</code>.
        </p>
      {progress && (
        <p className="muted small" role="status" data-testid="export-progress">
          {progressText(progress)}
        </p>
      )}
    </>
  );
}

/**
 * On a shared server only the admin manages instance backups and housekeeping (they hold and prune
 * everyone's data; the API answers 403 to athletes): an athlete sees their own exports instead.
 */
export function AthleteDataSettings() {
  return (
    <div className="card" data-testid="athlete-data-settings">
      <h2 className="card-title">Your data</h2>
      <p className="muted small">Backups of this server are made by its admin. You can take your own data with you at any time:</p>
      <MyDataExports />
    </div>
  );
}

export function BackupsSettings() {
  const list = useAsync((signal) => backupApi.list(signal), []);
  const [job, setJob] = useState<BackupJobDto | null>(null);
  const [draft, setDraft] = useState<BackupSettingsDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (list.data && !draft) setDraft(list.data.settings);
  }, [list.data, draft]);

  // Follow a running job until it ends, then refresh the list.
  useEffect(() => {
    if (!job || job.status !== 'running') return;
    const timer = setTimeout(() => {
      backupApi.job(job.id).then((j) => {
        setJob(j);
        if (j.status !== 'running') list.reload();
      }, (err: unknown) => setError(errorMessage(err)));
    }, 500);
    return () => clearTimeout(timer);
  }, [job, list]);

  const shown = job ?? list.data?.last ?? null;
  return (
    <div className="card" data-testid="backups-settings">
      <h2 className="card-title">Backups</h2>
      <p className="muted small">
        One file holds everything: every table, your original files and health payloads, with checksums. Restore with{' '}
        <code>milevault restore FILE</code>; move between desktop and server with <code>milevault migrate</code>.
      </p>
      <div className="row">
        <button type="button" className="btn btn-primary btn-small" disabled={job?.status === 'running'} data-testid="backup-now"
          onClick={() => {
            setError(null);
            backupApi.start().then(setJob, (err: unknown) => setError(errorMessage(err)));
          }}>
          Back up now
        </button>{' '}
        {shown ? <JobLine job={shown} /> : <span className="muted small">No backup yet.</span>}
      </div>
      <MyDataExports />
      {error && <p className="state state-error">{error}</p>}
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data && (
        <>
          <p className="muted small">Folder: <code className="break">{list.data.folder}</code></p>
          {list.data.items.length > 0 && (
            <ul className="api-key-list" data-testid="backup-list">
              {list.data.items.map((b) => (
                <li key={b.name}>
                  <span>
                    <strong>{fmt.format(new Date(b.createdAt))}</strong> <span className="muted small">{mb(b.sizeBytes)}</span>
                  </span>
                  <a className="btn btn-small" href={backupApi.downloadUrl(b.name)} download={b.name}>Download</a>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {draft && (
        <form
          className="backup-schedule"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            setSaved(false);
            backupApi.saveSettings(draft).then((s) => (setDraft(s), setSaved(true), list.reload()), (err: unknown) => setError(errorMessage(err)));
          }}
        >
          <label className="small">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} data-testid="backup-enabled" /> Scheduled backups
          </label>
          <label className="small">
            Schedule (cron: minute hour day month weekday){' '}
            <input value={draft.cron} onChange={(e) => setDraft({ ...draft, cron: e.target.value })} aria-label="Backup schedule" size={14} />
          </label>
          <label className="small">
            Folder <input value={draft.folder} placeholder="(inside the data folder)" onChange={(e) => setDraft({ ...draft, folder: e.target.value })} aria-label="Backup folder" size={40} />
          </label>
          <label className="small">
            Keep daily <input type="number" min={0} max={365} value={draft.keepDaily} onChange={(e) => setDraft({ ...draft, keepDaily: Number(e.target.value) })} aria-label="Daily backups kept" />
          </label>{' '}
          <label className="small">
            weekly <input type="number" min={0} max={520} value={draft.keepWeekly} onChange={(e) => setDraft({ ...draft, keepWeekly: Number(e.target.value) })} aria-label="Weekly backups kept" />
          </label>{' '}
          <button type="submit" className="btn btn-small">Save</button> {saved && <span className="muted small">Saved.</span>}
        </form>
      )}
      <HousekeepingSettings />
    </div>
  );
}
