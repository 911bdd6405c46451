/**
 * Web-Mercator tile arithmetic (the XYZ scheme Leaflet and vector tiles use). Pure.
 */
export const MAX_TILE_ZOOM = 22;

export function lonToTileX(lon: number, z: number): number {
  return ((lon + 180) / 360) * 2 ** z;
}

export function latToTileY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
}

/** The tile (integer x, y) holding a point at zoom z. */
export function tileOf(lat: number, lon: number, z: number): { z: number; x: number; y: number } {
  return { z, x: Math.floor(lonToTileX(lon, z)), y: Math.floor(latToTileY(lat, z)) };
}

/** Is (x, y) a tile that exists at zoom z? */
export function validTile(z: number, x: number, y: number): boolean {
  const n = 2 ** z;
  return Number.isInteger(z) && z >= 0 && z <= MAX_TILE_ZOOM && x >= 0 && y >= 0 && x < n && y < n;
}

/** Tile-local coordinates (0..extent) of a point, as a vector tile stores them. */
export function toTilePixel(lat: number, lon: number, t: { z: number; x: number; y: number }, extent = 4096): [number, number] {
  return [(lonToTileX(lon, t.z) - t.x) * extent, (latToTileY(lat, t.z) - t.y) * extent];
}

/** Point (lat, lon) of tile-local coordinates: the inverse of toTilePixel. */
export function fromTilePixel(px: number, py: number, t: { z: number; x: number; y: number }, extent = 4096): { lat: number; lon: number } {
  const n = 2 ** t.z;
  const lon = ((t.x + px / extent) / n) * 360 - 180;
  const yy = Math.PI * (1 - (2 * (t.y + py / extent)) / n);
  return { lat: (Math.atan(Math.sinh(yy)) * 180) / Math.PI, lon };
}
