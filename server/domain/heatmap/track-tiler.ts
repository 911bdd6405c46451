/**
 * Cuts vector tiles of many GPS tracks. geojson-vt was the first choice, but on a dense history
 * (5,000 activities within 20 km of home) its index took 15 s to build and a first tile at z16
 * 270 ms (p95) to drill down from the z5 parent holding millions of points. Tracks are already
 * evenly spaced (10 m), so per-zoom simplification is plain decimation (every 4^k-th point), and
 * a per-track bounding box skips every track that does not touch the tile: a tile then costs only
 * the points of the tracks that cross it, at the level of detail its zoom can show.
 * Output rings are flat [x0, y0, x1, y1, …] in tile units, for mvt-encode.ts. Pure.
 */
export interface TileTrack {
  tags: Record<string, string | number>;
  /** Bounding box in world units (Web Mercator, 0..1). */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Interleaved x, y in world units × 2^32; levels[k] keeps every 4^k-th point and the last. */
  levels: Uint32Array[];
}

export interface TileFeature {
  type: 2;
  /** Flat x, y pairs of every line of the feature, tile units (0..extent, may reach into the buffer). */
  coords: Int32Array;
  /** Point index (exclusive) where each line ends in `coords`. */
  ringEnds: number[];
  tags: Record<string, string | number>;
}

const LEVELS = 4;
const W = 2 ** 32;

function mercX(lon: number): number {
  return (lon + 180) / 360;
}

function mercY(lat: number): number {
  const r = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2;
}

/** Level of detail for a zoom: full 10 m spacing from z14, 40 m at z12–13, 160 m at z10–11, 640 m below. */
export function levelForZoom(z: number): number {
  return z >= 14 ? 0 : z >= 12 ? 1 : z >= 10 ? 2 : 3;
}

export function prepareTileTrack(lat: ArrayLike<number>, lon: ArrayLike<number>, tags: TileTrack['tags']): TileTrack {
  const n = lat.length;
  const full = new Uint32Array(n * 2);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = mercX(lon[i]);
    const y = mercY(lat[i]);
    full[i * 2] = Math.min(W - 1, Math.round(x * W));
    full[i * 2 + 1] = Math.min(W - 1, Math.round(y * W));
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const levels = [full];
  for (let k = 1; k < LEVELS; k++) {
    const step = 4 ** k;
    const m = Math.ceil(n / step) + ((n - 1) % step ? 1 : 0);
    const out = new Uint32Array(m * 2);
    let j = 0;
    for (let i = 0; i < n; i += step, j++) {
      out[j * 2] = full[i * 2];
      out[j * 2 + 1] = full[i * 2 + 1];
    }
    if ((n - 1) % step) {
      out[j * 2] = full[(n - 1) * 2];
      out[j * 2 + 1] = full[(n - 1) * 2 + 1];
    }
    levels.push(out);
  }
  return { tags, minX, minY, maxX, maxY, levels };
}

/** The features of tile z/x/y: each track's runs of points inside the tile (plus `buffer`), in tile units. */
export function cutTile(tracks: readonly TileTrack[], z: number, x: number, y: number, o: { extent?: number; buffer?: number } = {}): TileFeature[] {
  const extent = o.extent ?? 4096;
  const buffer = o.buffer ?? 64;
  const n = 2 ** z;
  const pad = buffer / extent;
  const x0 = (x - pad) / n, x1 = (x + 1 + pad) / n, y0 = (y - pad) / n, y1 = (y + 1 + pad) / n;
  const scale = (n * extent) / W;
  const ox = x * extent;
  const oy = y * extent;
  const lo = -buffer, hi = extent + buffer;
  const level = levelForZoom(z);
  const out: TileFeature[] = [];
  let buf = new Int32Array(1 << 16);
  for (const t of tracks) {
    if (t.maxX < x0 || t.minX > x1 || t.maxY < y0 || t.minY > y1) continue;
    const pts = t.levels[level];
    const m = pts.length >> 1;
    if (buf.length < pts.length) buf = new Int32Array(pts.length * 2);
    // Typed scratch buffer rather than arrays of pairs: a z12 tile can hold 200k points.
    let k = 0; // points written
    let ringStart = 0;
    const ringEnds: number[] = [];
    const closeRing = () => {
      if (k - ringStart >= 2) ringEnds.push(k);
      else k = ringStart;
      ringStart = k;
    };
    let prevIn = false;
    let px = pts[0] * scale - ox;
    let py = pts[1] * scale - oy;
    let curIn = m > 0 && px >= lo && px <= hi && py >= lo && py <= hi;
    for (let i = 0; i < m; i++) {
      let nx = 0, ny = 0, nextIn = false;
      if (i + 1 < m) {
        nx = pts[i * 2 + 2] * scale - ox;
        ny = pts[i * 2 + 3] * scale - oy;
        nextIn = nx >= lo && nx <= hi && ny >= lo && ny <= hi;
      }
      // Keep a point inside the tile, or just outside next to one (so lines reach the edge).
      if (curIn || prevIn || nextIn) {
        const rx = Math.round(px);
        const ry = Math.round(py);
        if (k === ringStart || buf[k * 2 - 2] !== rx || buf[k * 2 - 1] !== ry) {
          buf[k * 2] = rx;
          buf[k * 2 + 1] = ry;
          k++;
        }
      } else if (k > ringStart) closeRing();
      prevIn = curIn;
      curIn = nextIn;
      px = nx;
      py = ny;
    }
    closeRing();
    if (ringEnds.length) out.push({ type: 2, coords: buf.slice(0, k * 2), ringEnds, tags: t.tags });
  }
  return out;
}
