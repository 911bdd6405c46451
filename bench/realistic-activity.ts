import type { ParsedActivity } from '../shared/activity.js';
import { emptySummary } from '../shared/activity.js';

/** Deterministic PRNG (mulberry32) so bench figures are repeatable. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A realistic 1 Hz outdoor ride/run with sensor noise at device resolutions (FIT: position in
 * semicircles, altitude 0.2 m, distance 1 cm, speed 1 mm/s, integer HR/cadence/power, 1 °C):
 * regular synthetic data would compress unrealistically well and flatter the storage figures.
 */
export function realisticActivity(seed: number, n = 3600, startMs = Date.UTC(2025, 0, 1, 7) + seed * 86_400_000): ParsedActivity {
  const r = rng(seed);
  const timeS: number[] = [];
  const lat: number[] = [];
  const lon: number[] = [];
  const alt: number[] = [];
  const dist: number[] = [];
  const speed: number[] = [];
  const hr: number[] = [];
  const cad: number[] = [];
  const pwr: number[] = [];
  const temp: number[] = [];
  let la = 46.5 + r() * 0.1;
  let lo = 6.6 + r() * 0.1;
  let heading = r() * 2 * Math.PI;
  let v = 3 + r();
  let h = 120;
  let a = 400 + r() * 100;
  let d = 0;
  const semi = (deg: number) => Math.round((deg * 2 ** 31) / 180) * (180 / 2 ** 31);
  for (let i = 0; i < n; i++) {
    heading += (r() - 0.5) * 0.2;
    v = Math.min(6, Math.max(1.5, v + (r() - 0.5) * 0.3));
    h = Math.min(185, Math.max(95, h + (r() - 0.48) * 2));
    a += (r() - 0.5) * 0.8;
    d += v;
    la += (v * Math.cos(heading)) / 111_195;
    lo += (v * Math.sin(heading)) / (111_195 * Math.cos((la * Math.PI) / 180));
    timeS.push(i);
    lat.push(semi(la + (r() - 0.5) * 4e-5));
    lon.push(semi(lo + (r() - 0.5) * 4e-5));
    alt.push(Math.round(a * 5) / 5);
    dist.push(Math.round(d * 100) / 100);
    speed.push(Math.round(v * 1000) / 1000);
    hr.push(Math.round(h));
    cad.push(Math.round(85 + (r() - 0.5) * 10));
    pwr.push(Math.round(220 + (r() - 0.5) * 120));
    temp.push(Math.round(18 + i / 1200));
  }
  const startTime = new Date(startMs).toISOString();
  const summary = { ...emptySummary(), distanceM: d, elapsedTimeS: n - 1, timerTimeS: n - 1 };
  return {
    format: 'fit',
    startTime,
    sport: 'cycling',
    subSport: null,
    name: null,
    device: { manufacturer: 'garmin', product: 'edge530', serialNumber: String(3_900_000_000 + seed), softwareVersion: '9.1' },
    summary,
    sessions: [{ ...summary, index: 0, sport: 'cycling', subSport: null, startTime, startOffsetS: 0, firstLapIndex: 0, numLaps: 1 }],
    laps: [{ ...summary, index: 0, startTime, startOffsetS: 0, trigger: 'session_end' }],
    streams: {
      timeS,
      channels: { latDeg: lat, lonDeg: lon, altitudeM: alt, distanceM: dist, speedMps: speed, hrBpm: hr, cadenceRpm: cad, powerW: pwr, temperatureC: temp },
      developer: [],
    },
    lengths: [],
    warnings: [],
  };
}
