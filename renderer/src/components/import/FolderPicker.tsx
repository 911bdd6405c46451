import { useRef, useState } from 'react';
import './import.css';
import { useImports } from '../../hooks/use-import';
import { batchFiles, describeSkipped, selectSupported } from '../../lib/import-files';

/** A request carries at most this many files and bytes; a big folder becomes several batches, one after another. */
export const FOLDER_BATCH_FILES = 200;
export const FOLDER_BATCH_BYTES = 100 * 1024 * 1024;

/**
 * "Choose a folder…": a whole folder (a watch's GARMIN/Activity, an unzipped export) through
 * `<input webkitdirectory>`, which every current browser and Electron support. Only names the
 * server can read are sent, in bounded batches uploaded one after another.
 */
export function FolderPicker({ className = 'btn' }: { className?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const { start } = useImports();
  const [summary, setSummary] = useState<string | null>(null);

  const onFiles = async (files: File[]) => {
    const { supported, skipped, folder } = selectSupported(files);
    const name = folder ? `“${folder}”` : 'The folder';
    const skippedText = skipped.size ? ` Skipped ${describeSkipped(skipped)}.` : '';
    if (!supported.length) {
      setSummary(`${name} has no FIT, GPX, TCX or zip files (${files.length} file${files.length === 1 ? '' : 's'} looked at).${skippedText}`);
      return;
    }
    const batches = batchFiles(supported, FOLDER_BATCH_FILES, FOLDER_BATCH_BYTES);
    setSummary(`${name}: ${supported.length} file${supported.length === 1 ? '' : 's'} to import${batches.length > 1 ? ` in ${batches.length} batches` : ''}.${skippedText}`);
    for (let i = 0; i < batches.length; i++) {
      const label = batches.length > 1 ? `${folder ?? 'Folder'}, part ${i + 1} of ${batches.length}` : (folder ?? undefined);
      await start(batches[i]!, { label });
    }
  };

  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()} data-testid="folder-button">
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path d="M3 7a2 2 0 012-2h4l2 2h8a2 2 0 012 2v8a2 2 0 01-2 2H5a2 2 0 01-2-2V7z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
        </svg>
        Choose a folder…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        // Not in React's typings; the attribute is what browsers read.
        {...{ webkitdirectory: '', directory: '' }}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="folder-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length) void onFiles(files);
        }}
      />
      {summary && <p className="folder-summary muted small" role="status" data-testid="folder-summary">{summary}</p>}
    </>
  );
}
