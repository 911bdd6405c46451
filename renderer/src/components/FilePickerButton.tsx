import { useRef } from 'react';
import { useImports } from '../hooks/use-import';
import { navigate } from '../hooks/use-route';

/** Accept hints only: the server decides what a file is (it sniffs content, not names). */
const ACCEPT = '.fit,.FIT,.gpx,.GPX,.tcx,.TCX,.gz,.zip';

export function FilePickerButton({ label = 'Choose files…', className = 'btn btn-primary' }: { label?: string; className?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const { start } = useImports();
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()}>
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path d="M12 16V4m0 0L7 9m5-5l5 5M4 17v2a2 2 0 002 2h12a2 2 0 002-2v-2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="file-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = ''; // let the same file be picked again
          if (files.length) {
            start(files);
            navigate('#/import');
          }
        }}
      />
    </>
  );
}
