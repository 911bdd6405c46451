/**
 * Turns a StreamsDto into rows for Recharts, converted to display units. Pure (no React), so the
 * tricky bits — pace inversion, gaps, derived speed, outlier-proof axes — are testable on their own.
 */
import type { StreamsDto } from '../../../shared/api.js';
import type { UnitSystem } from '../units';
import { distanceIn, elevationIn, paceIn, speedIn, swimPaceIn, temperatureIn } from '../units';
import { sportInfo } from './sports';

export interface ChartRow {
  /** Index of the sample in the streams (rows filtered for the distance axis keep it). */
  i: number;
  timeS: number;
  dist: number | null;
  speed: number | null;
  pace: number | null;
  hr: number | null;
  alt: number | null;
  power: number | null;
  cadence: number | null;
  temp: number | null;
}

export interface ChartSeries {
  rows: ChartRow[];
  has: { dist: boolean; speed: boolean; hr: boolean; alt: boolean; power: boolean; cadence: boolean; temp: boolean };
  rate: 'pace' | 'speed' | 'swim-pace';
  /** Foot sports show cadence in steps/min; FIT stores strides (one foot) per minute. */
  cadenceSteps: boolean;
  /** Where the power panel comes from: the native channel, or a developer field (e.g. Stryd "Power"). */
  powerSource: { kind: 'native' } | { kind: 'developer'; name: string } | null;
}

/**
 * Running power that a Connect IQ app or a Stryd pod wrote as a developer field ("Power",
 * "RP_Power", units "Watts"), used when the file has no native power channel.
 */
export function developerPower(developer: StreamsDto['developer'] | undefined): StreamsDto['developer'][number] | null {
  if (!developer) return null;
  const isWatts = (u: string | null) => !!u && /^(w|watts?)$/i.test(u.trim());
  const candidates = developer.filter((d) => /power/i.test(d.name) && !/(avg|average|lap|max|normali[sz]ed|balance|zone|%)/i.test(d.name) && (isWatts(d.units) || d.units === null));
  const best = candidates.find((d) => isWatts(d.units)) ?? candidates[0];
  return best && best.values.some((v) => typeof v === 'number' && Number.isFinite(v) && v > 0) ? best : null;
}

const FOOT_SPORTS = new Set(['running', 'walking', 'hiking']);

const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Centred moving average that skips nulls; keeps a null where the input was null (a real gap). */
export function smooth(values: (number | null)[], radius: number): (number | null)[] {
  if (radius <= 0) return values.slice();
  return values.map((v, i) => {
    if (v === null) return null;
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i - radius); j <= Math.min(values.length - 1, i + radius); j++) {
      const w = values[j];
      if (w !== null && w !== undefined) {
        sum += w;
        n++;
      }
    }
    return n ? sum / n : null;
  });
}

/** Speed from distance over time when the file has no speed channel (most GPX files). */
export function deriveSpeed(timeS: number[], distM: (number | null)[], radius = 3): (number | null)[] {
  return timeS.map((t, i) => {
    let a = i - radius;
    let b = i + radius;
    a = Math.max(0, a);
    b = Math.min(timeS.length - 1, b);
    while (a < i && distM[a] == null) a++;
    while (b > i && distM[b] == null) b--;
    const da = distM[a];
    const db = distM[b];
    const dt = timeS[b]! - timeS[a]!;
    if (da == null || db == null || dt <= 0) return null;
    return Math.max(0, (db - da) / dt);
  });
}

export function buildChartSeries(s: StreamsDto, sport: string, units: UnitSystem): ChartSeries {
  const ch = s.channels;
  const n = s.timeS.length;
  const at = (arr: (number | null)[] | undefined, i: number) => (arr ? num(arr[i]) : null);
  const rate = sportInfo(sport).rate;
  const cadenceSteps = FOOT_SPORTS.has(sport);

  let speed: (number | null)[] | undefined = ch.speedMps;
  if (!speed && ch.distanceM) speed = deriveSpeed(s.timeS, ch.distanceM);
  // Pace is 1/speed, so GPS jitter at low speed turns into spikes; a light smoothing keeps it readable.
  const speedSmooth = speed ? smooth(speed, rate === 'speed' ? 1 : 3) : undefined;

  const nativePower = !!ch.powerW?.some((v) => num(v) !== null);
  const devPower = nativePower ? null : developerPower(s.developer);
  const power = nativePower ? ch.powerW : devPower?.values;

  const rows: ChartRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const sp = at(speedSmooth, i);
    const d = at(ch.distanceM, i);
    const alt = at(ch.altitudeM, i);
    const cad = at(ch.cadenceRpm, i);
    const temp = at(ch.temperatureC, i);
    rows[i] = {
      i,
      timeS: s.timeS[i]!,
      dist: d === null ? null : distanceIn(d, units),
      speed: sp === null ? null : speedIn(sp, units),
      pace: sp === null ? null : rate === 'swim-pace' ? swimPaceIn(sp, units) : paceIn(sp, units),
      hr: at(ch.hrBpm, i),
      alt: alt === null ? null : elevationIn(alt, units),
      power: at(power, i),
      cadence: cad === null ? null : cadenceSteps ? cad * 2 : cad,
      temp: temp === null ? null : temperatureIn(temp, units),
    };
  }
  const any = (k: keyof ChartRow) => rows.some((r) => r[k] !== null);
  return {
    rows,
    rate,
    cadenceSteps,
    powerSource: nativePower ? { kind: 'native' } : devPower ? { kind: 'developer', name: devPower.name } : null,
    has: {
      dist: any('dist'),
      speed: any('speed'),
      hr: any('hr'),
      alt: any('alt'),
      power: any('power'),
      cadence: any('cadence') && rows.some((r) => (r.cadence ?? 0) > 0),
      temp: any('temp'),
    },
  };
}

/**
 * Axis domain from percentiles, so one bad sample (a 40-min/km pace while standing at a light,
 * a 250 bpm HR spike) does not flatten the whole chart.
 */
export function robustDomain(values: (number | null)[], lowP = 0.02, highP = 0.98, padFrac = 0.08): [number, number] | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (!v.length) return null;
  const lo = v[Math.floor(lowP * (v.length - 1))]!;
  const hi = v[Math.ceil(highP * (v.length - 1))]!;
  const pad = (hi - lo) * padFrac || Math.abs(hi) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

/** Lat/lon pairs split into segments at gaps (tunnels, GPS off), ready for a multi-polyline. */
export function trackSegments(lat: (number | null)[] | undefined, lon: (number | null)[] | undefined): [number, number][][] {
  if (!lat || !lon) return [];
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  for (let i = 0; i < Math.min(lat.length, lon.length); i++) {
    const a = num(lat[i]);
    const b = num(lon[i]);
    // 0,0 is the classic "no fix yet" value some devices write instead of leaving the field empty.
    if (a === null || b === null || (a === 0 && b === 0) || Math.abs(a) > 90 || Math.abs(b) > 180) {
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    cur.push([a, b]);
  }
  if (cur.length) out.push(cur);
  return out;
}

const DECIMAL_STEPS = [1, 2, 2.5, 5];
/** Steps a clock reader finds natural, for pace axes in seconds. */
export const TIME_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/**
 * Round a domain outward to "nice" tick steps (1/2/2.5/5 × 10^k, or clock steps for pace),
 * so axes read 120-140-160 or 5:00-5:30-6:00 instead of 125.3-141.7.
 */
export function niceScale(lo: number, hi: number, target = 4, clockSteps = false): { domain: [number, number]; ticks: number[] } {
  if (!(hi > lo)) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / Math.max(1, target - 1);
  let step: number;
  if (clockSteps) {
    step = TIME_STEPS_S.find((s) => s >= raw) ?? Math.ceil(raw / 3600) * 3600;
  } else {
    const mag = 10 ** Math.floor(Math.log10(raw));
    step = (DECIMAL_STEPS.find((s) => s * mag >= raw) ?? 10) * mag;
  }
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return { domain: [start, end], ticks };
}
