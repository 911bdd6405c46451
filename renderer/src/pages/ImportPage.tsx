import type { ImportFileDto } from '../../../shared/api.js';
import { FilePickerButton } from '../components/FilePickerButton';
import { ArchiveSummary } from '../components/import/ArchiveSummary';
import { FileWarnings } from '../components/import/FileWarnings';
import { FolderPicker } from '../components/import/FolderPicker';
import { ImportPreview } from '../components/import/ImportPreview';
import { useImports, type ImportBatch } from '../hooks/use-import';
import { href } from '../hooks/use-route';

export function ImportPage() {
  const { batches, clear } = useImports();
  const finished = batches.some((b) => b.phase === 'done' || b.phase === 'error');
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>Import</h1>
          <p className="muted">Add FIT, GPX and TCX files, a whole folder such as your watch's <code>GARMIN/Activity</code>, or a Strava or Garmin export zip. Duplicates are recognised and skipped.</p>
        </div>
      </div>
      <div className="dropzone">
        <svg viewBox="0 0 64 64" width="56" height="56" aria-hidden="true">
          <rect x="6" y="10" width="52" height="44" rx="10" fill="none" stroke="currentColor" strokeWidth="2.5" strokeDasharray="6 5" />
          <path d="M32 22v18m0 0l-7-7m7 7l7-7" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <p><strong>Drop files anywhere in this window</strong><br /><span className="muted">or</span></p>
        <div className="picker-buttons">
          <FilePickerButton />
          <FolderPicker />
        </div>
      </div>
      <ImportPreview />
      {batches.length > 0 && (
        <div className="batches-head">
          <h2>Recent imports</h2>
          {finished && <button type="button" className="btn btn-ghost btn-small" onClick={clear}>Clear finished</button>}
        </div>
      )}
      {batches.map((b) => (
        <BatchCard key={b.key} b={b} />
      ))}
    </section>
  );
}

const STATUS_LABEL: Record<ImportFileDto['status'], string> = {
  pending: 'Waiting',
  imported: 'Imported',
  duplicate: 'Duplicate',
  skipped: 'Skipped',
  failed: 'Failed',
};

function BatchCard({ b }: { b: ImportBatch }) {
  const job = b.job;
  const total = (job?.total ?? b.fileNames.length - b.rejected.length) + b.rejected.length;
  const done = (job?.done ?? 0) + b.rejected.length;
  const files: ImportFileDto[] = [...(job?.files ?? []), ...b.rejected];
  // An expanded archive counts through its members (its own row stays listed, with its notes).
  const containers = new Set(files.filter((f) => f.name.includes(' › ')).map((f) => f.name.slice(0, f.name.indexOf(' › '))));
  const listed = files.filter((f) => !containers.has(f.name) || f.status === 'failed').reduce<Record<string, number>>((acc, f) => ((acc[f.status] = (acc[f.status] ?? 0) + 1), acc), {});
  // A large job comes one page at a time (GET /imports/:id pages its rows); its counts come from the server.
  const counts: Record<string, number> = job?.counts ? { ...job.counts, failed: job.counts.failed + b.rejected.length } : listed;
  const counted = Object.values(counts).reduce((n, c) => n + c, 0);
  const hidden = job?.filesTotal !== undefined ? job.filesTotal - job.files.length : 0;
  const uploading = b.phase === 'uploading';
  const pct = uploading ? (b.uploadTotal ? (100 * b.uploadLoaded) / b.uploadTotal : 0) : total ? (100 * done) / total : 100;
  const failed = counts.failed ?? 0;
  // Finished bars say how it went: green, amber when some files failed, red when none made it.
  const outcome = b.phase !== 'done' || failed === 0 ? '' : failed === (job?.counts ? counted : files.length) ? ' progress-all-failed' : ' progress-some-failed';
  const status = b.phase === 'done' ? 'done' : b.phase === 'error' ? 'error' : uploading ? 'uploading' : 'processing';
  const label =
    status === 'uploading'
      ? `Uploading ${b.fileNames.length === 1 ? b.fileNames[0] : `${b.fileNames.length} files`}${b.label ? ` (${b.label})` : ''}… ${Math.round(pct)}%`
      : status === 'processing'
        ? `Processing ${done} of ${total}…`
        : status === 'done'
          ? `Done · ${done} of ${total}${b.label ? ` · ${b.label}` : ''}`
          : 'Import failed';

  return (
    <article className="card batch" aria-label={`Import of ${b.fileNames.length} file(s)`}>
      <div className="batch-top">
        <span className="batch-label" aria-live="polite">{label}</span>
        <span className="batch-counts">
          {(['imported', 'duplicate', 'skipped', 'failed'] as const).map((k) =>
            counts[k] ? (
              <span key={k} className={`pill pill-${k}`}>{counts[k]} {STATUS_LABEL[k].toLowerCase()}</span>
            ) : null,
          )}
        </span>
      </div>
      <div
        className={`progress progress-${status}${outcome}`}
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={label}
        data-testid="import-progress"
        data-status={status}
        data-done={done}
        data-total={total}
      >
        <div className="progress-bar" style={{ width: `${Math.min(100, Math.max(status === 'done' ? 100 : 2, pct))}%` }} />
      </div>
      {b.error && <p className={b.phase === 'error' ? 'inline-error' : 'muted small'} role={b.phase === 'error' ? 'alert' : undefined}>{b.error}</p>}
      <ArchiveSummary files={files} />
      {files.length > 0 && (
        <ul className="results">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`} className={`result result-${f.status}`} data-testid="import-result" data-status={f.status}>
              <span className={`pill pill-${f.status}`}>{STATUS_LABEL[f.status]}</span>
              <span className="result-name">{f.name}</span>
              {f.error && <span className="result-reason">{f.error}</span>}
              {f.warnings && f.warnings.length > 0 && <span className="result-warn">{f.warnings.length} warning{f.warnings.length > 1 ? 's' : ''}</span>}
              {f.activityId && (
                <a className="result-link" href={href(`/activities/${encodeURIComponent(f.activityId)}`)} data-testid="import-result-link">
                  {f.status === 'duplicate' ? 'Open existing' : 'Open activity'} →
                </a>
              )}
              {f.warnings && f.warnings.length > 0 && <FileWarnings warnings={f.warnings} />}
            </li>
          ))}
        </ul>
      )}
      {hidden > 0 && <p className="muted small">and {hidden} more (the counts above include them)</p>}
    </article>
  );
}
