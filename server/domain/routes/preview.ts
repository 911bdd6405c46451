/**
 * A route or segment drawn small (issue 17: mini maps in lists): a few dozen points are enough
 * for a 120-pixel sketch, and 100 routes of them cost a few kilobytes instead of the full tracks.
 * The stored tracks are resampled at equal distances, so an even stride keeps the shape.
 */
export const PREVIEW_POINTS = 48;

export function previewPolyline(lat: ArrayLike<number>, lon: ArrayLike<number>, maxPoints = PREVIEW_POINTS): [number, number][] {
  const n = Math.min(lat.length, lon.length);
  if (n === 0) return [];
  const want = Math.max(2, Math.min(n, Math.floor(maxPoints)));
  const out: [number, number][] = [];
  for (let k = 0; k < want; k++) {
    const i = want === 1 ? 0 : Math.round((k * (n - 1)) / (want - 1));
    const a = lat[i]!;
    const b = lon[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    // 5 decimals: about a metre, far below a pixel of a mini map.
    out.push([Math.round(a * 1e5) / 1e5, Math.round(b * 1e5) / 1e5]);
  }
  return out;
}
