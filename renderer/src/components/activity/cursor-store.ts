/**
 * The hovered sample index, shared by the charts (crosshair, readout) and the map (marker).
 * A tiny external store rather than page state: a pointer move re-renders only its subscribers,
 * not the whole activity page with its six Recharts panels.
 */
import { useSyncExternalStore } from 'react';

export interface CursorStore {
  get(): number | null;
  set(i: number | null): void;
  subscribe(cb: () => void): () => void;
}

export function createCursorStore(): CursorStore {
  let value: number | null = null;
  const subs = new Set<() => void>();
  return {
    get: () => value,
    set(i) {
      if (i === value) return;
      value = i;
      for (const cb of subs) cb();
    },
    subscribe(cb) {
      subs.add(cb);
      return () => subs.delete(cb);
    },
  };
}

export function useCursor(store: CursorStore): number | null {
  return useSyncExternalStore(store.subscribe, store.get);
}
