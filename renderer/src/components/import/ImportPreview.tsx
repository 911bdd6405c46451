import { useRef, useState } from 'react';
import type { ImportPreviewDto } from '../../../../shared/gear-api.js';
import { useImports } from '../../hooks/use-import';
import { gearApi } from '../../lib/gear-client';
import { ArchiveSummary } from './ArchiveSummary';
import '../gear/gear.css';

/**
 * The preview (dry-run) step: the server reports what importing these files would do — imported,
 * duplicates, skipped and failed with reasons — and nothing is written until "Import" is pressed.
 */
export function ImportPreview() {
  const input = useRef<HTMLInputElement>(null);
  const { start } = useImports();
  const [files, setFiles] = useState<File[]>([]);
  const [preview, setPreview] = useState<ImportPreviewDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (picked: File[]) => {
    setFiles(picked);
    setPreview(null);
    setError(null);
    setBusy(true);
    try {
      setPreview(await gearApi.preview(picked));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card import-preview" data-testid="import-preview">
      <div className="batch-top">
        <span>Not sure what an export holds? Preview it first: nothing is written.</span>
        <button type="button" className="btn btn-small" onClick={() => input.current?.click()} disabled={busy}>Preview files…</button>
        <input
          ref={input}
          type="file"
          multiple
          accept=".fit,.gpx,.tcx,.gz,.zip"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="preview-input"
          onChange={(e) => {
            const picked = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            if (picked.length) void run(picked);
          }}
        />
      </div>
      {busy && <p className="muted">Reading {files.length === 1 ? files[0].name : `${files.length} files`}…</p>}
      {error && <p className="inline-error" role="alert">{error}</p>}
      {preview && (
        <>
          <p data-testid="preview-counts">
            Would import <strong>{preview.counts.imported}</strong>, {preview.counts.duplicate} duplicate, {preview.counts.skipped} skipped, {preview.counts.failed} failed.
          </p>
          <ArchiveSummary files={preview.files} />
          <details>
            <summary>All {preview.files.length} entries</summary>
            <ul className="results">
              {preview.files.map((f, i) => (
                <li key={`${f.name}-${i}`} className={`result result-${f.status}`}>
                  <span className={`pill pill-${f.status}`}>{f.status}</span>
                  <span className="result-name">{f.name}</span>
                  {(f.error || f.warnings?.length) && <span className="result-reason">{f.error ?? f.warnings?.join('; ')}</span>}
                </li>
              ))}
            </ul>
          </details>
          <div className="gear-form-actions">
            <button
              type="button"
              className="btn btn-primary btn-small"
              onClick={() => {
                start(files);
                setPreview(null);
                setFiles([]);
              }}
            >
              Import {files.length === 1 ? files[0].name : `${files.length} files`}
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setPreview(null)}>Discard preview</button>
          </div>
        </>
      )}
    </div>
  );
}
