import { encodeLineTile } from '../../domain/heatmap/mvt-encode.js';
import { validTile } from '../../domain/heatmap/tile-math.js';
import { cutTile, prepareTileTrack, type TileTrack } from '../../domain/heatmap/track-tiler.js';
import { decodeTrack } from '../../domain/routes/track-codec.js';
import type { Storage } from '../../storage/port.js';
import { timeSlicer } from '../yield-to-event-loop.js';
import type { ActivityEvent } from '../activity-events.js';

export interface HeatmapFilter {
  sport?: string;
  fromMs?: number;
  toMs?: number;
}

/** Layer name inside every tile; the renderer reads this layer. */
export const HEATMAP_LAYER = 'tracks';
/**
 * Track indexes kept, by memory (MILEVAULT_HEATMAP_INDEX_MB, default 128; ~16 MB for 1,000 rides):
 * a fixed 4 meant that with more athletes on their heatmaps at once, each tile rebuilt an index
 * from every track (issue 14). The newest index is always kept, whatever its size.
 */
const INDEX_BUDGET_BYTES = (() => {
  const mb = Number(process.env.MILEVAULT_HEATMAP_INDEX_MB ?? 128);
  return (Number.isFinite(mb) && mb > 0 ? mb : 128) * 1024 * 1024;
})();
const MAX_TILES = 4096;

/**
 * Vector tiles of all of a user's tracks. The tracks of one (user, filter) are held in memory in
 * tile-ready form (domain/heatmap/track-tiler.ts: Mercator coordinates and per-zoom decimation
 * levels, ~10 B per stored point); each tile is cut from them and encoded (mvt-encode.ts), and the
 * encoded tiles are cached. Any import, delete or sport change of the user drops both, so a tile
 * never shows a deleted activity.
 */
export class HeatmapService {
  private indexes = new Map<string, Promise<TileTrack[]>>();
  private indexBytes = new Map<string, number>();
  private tiles = new Map<string, Uint8Array>();
  /** Per user: the database's data version the caches were built from, and when it was read. */
  private versions = new Map<string, { version: string; checkedAtMs: number }>();
  /** Per user: moved by every invalidation, so a tile cut from older tracks is never kept. */
  private generations = new Map<string, number>();

  /**
   * `freshnessMs`: how long a read data version is trusted (default 1 s): another process's
   * write (a CLI import while the server runs) shows on the map within that time.
   */
  /**
   * `dataVersion`: where the database's version of a user's data comes from when another cache
   * already reads it (the shared UserDataVersions, itself trusted for 1 s); called on every tile.
   */
  /** `sliceMs`: work between yields while building an index (default 4 ms; tests use 0). */
  constructor(private deps: { storage: Storage; freshnessMs?: number; now?: () => number; dataVersion?: (userId: string) => Promise<string>; sliceMs?: number }) {}

  onEvent(e: ActivityEvent): void {
    if (e.type === 'updated' && !e.fields.includes('sport') && !e.fields.includes('streams')) return;
    this.invalidate(e.userId);
  }

  invalidate(userId: string): void {
    const prefix = `${userId}|`;
    this.generations.set(userId, (this.generations.get(userId) ?? 0) + 1);
    this.versions.delete(userId);
    for (const k of [...this.indexes.keys()]) if (k.startsWith(prefix)) (this.indexes.delete(k), this.indexBytes.delete(k));
    for (const k of [...this.tiles.keys()]) if (k.startsWith(prefix)) this.tiles.delete(k);
  }

  /** Where the filtered tracks are, so the map opens on them. */
  bounds(userId: string, f: HeatmapFilter = {}) {
    return this.deps.storage.routes.bounds(userId, f);
  }

  /** The encoded tile (empty when no track crosses it). */
  async tile(userId: string, z: number, x: number, y: number, f: HeatmapFilter = {}): Promise<Uint8Array> {
    if (!validTile(z, x, y)) throw Object.assign(new Error(`no tile ${z}/${x}/${y}`), { statusCode: 400, code: 'bad_request' });
    const key = `${userId}|${f.sport ?? ''}|${f.fromMs ?? ''}|${f.toMs ?? ''}`;
    const tileKey = `${key}|${z}/${x}/${y}`;
    await this.checkVersion(userId);
    const hit = this.tiles.get(tileKey);
    if (hit) return hit;
    const generation = this.generations.get(userId) ?? 0;
    const index = await this.index(key, userId, f);
    const features = cutTile(index, z, x, y);
    const bytes = features.length ? encodeLineTile({ name: HEATMAP_LAYER, extent: 4096, features }) : new Uint8Array(0);
    // Only cache if no invalidation happened while this tile was being cut. (Not "is the index
    // still held": with more athletes browsing than indexes kept, every index was gone by then and
    // no tile was ever cached; each request rebuilt its athlete's index, issue 14.)
    if ((this.generations.get(userId) ?? 0) === generation) {
      if (this.tiles.size >= MAX_TILES) this.tiles.delete(this.tiles.keys().next().value!);
      this.tiles.set(tileKey, bytes);
    }
    return bytes;
  }

  /** Drops the user's caches when the database says another writer changed their data. */
  private async checkVersion(userId: string): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const known = this.versions.get(userId);
    if (!this.deps.dataVersion && known && now - known.checkedAtMs < (this.deps.freshnessMs ?? 1000)) return;
    const version = await (this.deps.dataVersion ?? ((u: string) => this.deps.storage.routes.dataVersion(u)))(userId);
    if (known && known.version !== version) this.invalidate(userId);
    this.versions.set(userId, { version, checkedAtMs: now });
  }

  private evictIndexes(keep: string): void {
    let total = 0;
    for (const k of this.indexes.keys()) total += this.indexBytes.get(k) ?? 0;
    for (const k of [...this.indexes.keys()]) {
      if (total <= INDEX_BUDGET_BYTES) break;
      if (k === keep) continue;
      total -= this.indexBytes.get(k) ?? 0;
      this.indexes.delete(k);
      this.indexBytes.delete(k);
    }
  }

  private index(key: string, userId: string, f: HeatmapFilter): Promise<TileTrack[]> {
    let p = this.indexes.get(key);
    if (p) {
      // Refresh LRU position.
      this.indexes.delete(key);
      this.indexes.set(key, p);
      return p;
    }
    const built = this.build(userId, f);
    this.indexes.set(key, built);
    built.then(
      (tracks) => {
        if (this.indexes.get(key) !== built) return;
        this.indexBytes.set(key, tracks.reduce((n, t) => n + t.levels.reduce((m, l) => m + l.byteLength, 0) + 200, 0));
        this.evictIndexes(key);
      },
      () => {
        if (this.indexes.get(key) === built) this.indexes.delete(key);
      },
    );
    return built;
  }

  private async build(userId: string, f: HeatmapFilter): Promise<TileTrack[]> {
    const rows = await this.deps.storage.routes.tracks(userId, f);
    // In slices: other athletes' requests run between them (one piece was 150–290 ms at 1,000 tracks).
    const slice = timeSlicer(this.deps.sliceMs);
    const out: TileTrack[] = [];
    for (const r of rows) {
      await slice();
      const t = decodeTrack(r.track);
      out.push(prepareTileTrack(t.lat, t.lon, { sport: r.sport, activityId: r.activityId }));
    }
    return out;
  }
}
