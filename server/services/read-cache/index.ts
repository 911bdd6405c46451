import type { ActivityEvents } from '../activity-events.js';
import type { Storage } from '../../storage/port.js';
import { ReadCacheStore } from './read-cache-store.js';
import { UserDataVersions } from './user-data-versions.js';

/**
 * The per-athlete read cache's state (plugins/user-read-cache.ts): versions moved by every
 * activity event (after the other handlers, so records and sums are written first) and by every
 * import's end, plus the analysis generation and the database fingerprint.
 * `MILEVAULT_READ_CACHE_MB` (default 64, 0 = off) bounds its memory.
 */
/** The athletes' data versions, shared by the read cache and the heatmap's tile cache. */
export function createDataVersions(deps: { storage: Storage; aggregatesGeneration: (userId: string) => number }) {
  return new UserDataVersions({ readVersion: (userId) => deps.storage.routes.dataVersion(userId), extra: deps.aggregatesGeneration });
}

export function createReadCache(deps: { storage: Storage; events: ActivityEvents; versions: UserDataVersions; maxBytes?: number }) {
  const { versions } = deps;
  deps.events.on('read-cache', (e) => versions.bump(e.userId));
  deps.events.onSettle('read-cache', async (userId) => versions.bump(userId));
  const mb = Number(process.env.MILEVAULT_READ_CACHE_MB ?? 64);
  const maxBytes = deps.maxBytes ?? (Number.isFinite(mb) && mb >= 0 ? mb * 1024 * 1024 : 64 * 1024 * 1024);
  return maxBytes > 0 ? { versions, store: new ReadCacheStore(maxBytes) } : undefined;
}
