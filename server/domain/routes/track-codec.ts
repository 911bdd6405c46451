import type { ResampledTrack } from './track.js';

/**
 * Compact bytes for a resampled track: lat/lon in 1e-6° (11 cm) and time in 0.1 s, each
 * delta + zigzag varint encoded. At 10 m spacing that is about 5 B per point (a 10 km run ≈ 5 kB),
 * so 5,000 stored routes fit in memory and decode in microseconds each.
 */
const LATLON_SCALE = 1e6;
const TIME_SCALE = 10;

function pushVarint(out: number[], v: number): void {
  let z = v >= 0 ? v * 2 : -v * 2 - 1;
  while (z >= 0x80) {
    out.push((z % 0x80) | 0x80);
    z = Math.floor(z / 0x80);
  }
  out.push(z);
}

export function encodeTrack(t: ResampledTrack): Uint8Array {
  const out: number[] = [];
  const n = t.lat.length;
  pushVarint(out, n);
  pushVarint(out, Math.round(t.distanceM * 100));
  let pLat = 0, pLon = 0, pT = 0;
  for (let i = 0; i < n; i++) {
    const la = Math.round(t.lat[i] * LATLON_SCALE);
    const lo = Math.round(t.lon[i] * LATLON_SCALE);
    const ts = Math.round(t.timeS[i] * TIME_SCALE);
    pushVarint(out, la - pLat);
    pushVarint(out, lo - pLon);
    pushVarint(out, ts - pT);
    pLat = la;
    pLon = lo;
    pT = ts;
  }
  return Uint8Array.from(out);
}

export function decodeTrack(bytes: Uint8Array): ResampledTrack {
  let pos = 0;
  const read = (): number => {
    let v = 0, mul = 1, b: number;
    do {
      b = bytes[pos++];
      v += (b & 0x7f) * mul;
      mul *= 0x80;
    } while (b & 0x80);
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  };
  const n = read();
  const distanceM = read() / 100;
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const timeS = new Float64Array(n);
  let la = 0, lo = 0, ts = 0;
  for (let i = 0; i < n; i++) {
    la += read();
    lo += read();
    ts += read();
    lat[i] = la / LATLON_SCALE;
    lon[i] = lo / LATLON_SCALE;
    timeS[i] = ts / TIME_SCALE;
  }
  return { lat, lon, timeS, distanceM };
}
