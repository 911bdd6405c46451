/**
 * A route or segment sketched as an SVG polyline (issue 17: mini maps in lists). No tiles: a list of
 * 100 routes must not load 100 tile maps, and the shape is what tells routes apart at a glance.
 * Equirectangular projection scaled by cos(latitude), fitted into the box with its aspect kept.
 */
export function MiniMap({ points, width = 120, height = 72, color = 'var(--accent)', label }: { points: [number, number][]; width?: number; height?: number; color?: string; label: string }) {
  const d = pathOf(points, width, height, 6);
  return (
    <svg className="mini-map" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="mini-map">
      <rect width={width} height={height} rx="8" className="mini-map-bg" />
      {d && (
        <>
          <path d={d.path} fill="none" stroke={color} strokeWidth="2.2" strokeLinejoin="round" strokeLinecap="round" />
          <circle cx={d.start[0]} cy={d.start[1]} r="3" fill="#2f9e44" />
          <circle cx={d.end[0]} cy={d.end[1]} r="3" fill="#e03131" />
        </>
      )}
    </svg>
  );
}

export function pathOf(points: [number, number][], width: number, height: number, pad: number): { path: string; start: [number, number]; end: [number, number] } | null {
  if (points.length < 2) return null;
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const [la, lo] of points) {
    minLat = Math.min(minLat, la);
    maxLat = Math.max(maxLat, la);
    minLon = Math.min(minLon, lo);
    maxLon = Math.max(maxLon, lo);
  }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  const xy = points.map(([la, lo]): [number, number] => [offX + (lo - minLon) * k * scale, height - (offY + (la - minLat) * scale)]);
  const path = xy.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
  return { path, start: xy[0]!, end: xy[xy.length - 1]! };
}
