/**
 * Drop files anywhere in the window. Listens on window so every page accepts a drop; the overlay is
 * only a visual cue. A counter tracks dragenter/dragleave pairs because the browser fires them for
 * every child element crossed, and hiding on the first dragleave would make the overlay flicker.
 */
import { useEffect, useRef, useState } from 'react';
import { useImports } from '../hooks/use-import';
import { navigate } from '../hooks/use-route';

function hasFiles(e: DragEvent): boolean {
  const types = e.dataTransfer?.types;
  return !!types && Array.from(types).includes('Files');
}

export function DropOverlay() {
  const { start } = useImports();
  const [visible, setVisible] = useState(false);
  const depth = useRef(0);

  useEffect(() => {
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current += 1;
      setVisible(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // preventDefault on dragover is what makes the window a drop target at all.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setVisible(true);
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      // relatedTarget null = the pointer left the window.
      if (depth.current === 0 || e.relatedTarget === null) {
        depth.current = 0;
        setVisible(false);
      }
    };
    const onDrop = (e: DragEvent) => {
      // Always cancel: otherwise the browser navigates away to show the dropped file.
      e.preventDefault();
      depth.current = 0;
      setVisible(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length) {
        start(files);
        navigate('#/import');
      }
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        depth.current = 0;
        setVisible(false);
      }
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('keydown', onKey);
    };
  }, [start]);

  return (
    <div className={visible ? 'drop-overlay visible' : 'drop-overlay'} data-testid="drop-overlay" aria-hidden={!visible} hidden={!visible}>
      <div className="drop-card">
        <svg viewBox="0 0 24 24" width="56" height="56" aria-hidden="true">
          <path d="M12 3v12m0 0l-5-5m5 5l5-5M4 17v2a2 2 0 002 2h12a2 2 0 002-2v-2" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <p className="drop-title">Drop to import</p>
        <p className="drop-sub">FIT, GPX and TCX files — as many as you like</p>
      </div>
    </div>
  );
}
