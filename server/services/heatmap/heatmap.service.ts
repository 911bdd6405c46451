import { encodeLineTile } from '../../domain/heatmap/mvt-encode.js';
import { validTile } from '../../domain/heatmap/tile-math.js';
import { cutTile, prepareTileTrack, type TileTrack } from '../../domain/heatmap/track-tiler.js';
import { decodeTrack } from '../../domain/routes/track-codec.js';
import type { Storage } from '../../storage/port.js';
import type { ActivityEvent } from '../activity-events.js';

export interface HeatmapFilter {
  sport?: string;
  fromMs?: number;
  toMs?: number;
}

/** Layer name inside every tile; the renderer reads this layer. */
export const HEATMAP_LAYER = 'tracks';
const MAX_INDEXES = 4;
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
  private tiles = new Map<string, Uint8Array>();
  /** Per user: the database's data version the caches were built from, and when it was read. */
  private versions = new Map<string, { version: string; checkedAtMs: number }>();

  /**
   * `freshnessMs`: how long a read data version is trusted (default 1 s): another process's
   * write (a CLI import while the server runs) shows on the map within that time.
   */
  constructor(private deps: { storage: Storage; freshnessMs?: number; now?: () => number }) {}

  onEvent(e: ActivityEvent): void {
    if (e.type === 'updated' && !e.fields.includes('sport') && !e.fields.includes('streams')) return;
    this.invalidate(e.userId);
  }

  invalidate(userId: string): void {
    const prefix = `${userId}|`;
    this.versions.delete(userId);
    for (const k of [...this.indexes.keys()]) if (k.startsWith(prefix)) this.indexes.delete(k);
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
    const index = await this.index(key, userId, f);
    const features = cutTile(index, z, x, y);
    const bytes = features.length ? encodeLineTile({ name: HEATMAP_LAYER, extent: 4096, features }) : new Uint8Array(0);
    // Only cache if no invalidation happened while this tile was being cut.
    if (this.indexes.has(key)) {
      if (this.tiles.size >= MAX_TILES) this.tiles.delete(this.tiles.keys().next().value!);
      this.tiles.set(tileKey, bytes);
    }
    return bytes;
  }

  /** Drops the user's caches when the database says another writer changed their data. */
  private async checkVersion(userId: string): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const known = this.versions.get(userId);
    if (known && now - known.checkedAtMs < (this.deps.freshnessMs ?? 1000)) return;
    const version = await this.deps.storage.routes.dataVersion(userId);
    if (known && known.version !== version) this.invalidate(userId);
    this.versions.set(userId, { version, checkedAtMs: now });
  }

  private index(key: string, userId: string, f: HeatmapFilter): Promise<TileTrack[]> {
    let p = this.indexes.get(key);
    if (p) {
      // Refresh LRU position.
      this.indexes.delete(key);
      this.indexes.set(key, p);
      return p;
    }
    p = this.build(userId, f);
    if (this.indexes.size >= MAX_INDEXES) this.indexes.delete(this.indexes.keys().next().value!);
    this.indexes.set(key, p);
    p.catch(() => this.indexes.delete(key));
    return p;
  }

  private async build(userId: string, f: HeatmapFilter): Promise<TileTrack[]> {
    const rows = await this.deps.storage.routes.tracks(userId, f);
    return rows.map((r) => {
      const t = decodeTrack(r.track);
      return prepareTileTrack(t.lat, t.lon, { sport: r.sport, activityId: r.activityId });
    });
  }
}
