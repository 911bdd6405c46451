/**
 * Physically plausible limits per sport for the cleaned analysis view (issue 13 §3). A sample
 * beyond them is a sensor or GPS fault, never an effort. The figures are deliberately above the
 * best human (or gravity-assisted) performances on record, so a real effort is never cut; the
 * sources are in docs/analysis.md ("Cleaned streams"). Pure data: no I/O.
 */
import { MAX_PLAUSIBLE_SPEED_MPS } from '../geo.js';

export interface SportLimits {
  /** Fastest plausible speed, m/s (1 s). */
  maxSpeedMps: number;
  /** Largest plausible change of speed in one second, m/s² (speeding up or braking). */
  maxAccelMps2: number;
  /** Largest plausible rate of climb or descent, m/s. */
  maxVerticalMps: number;
  /**
   * Steepest plausible grade (rise / horizontal distance) for a ground-bound sport; null where
   * lifts or flight make altitude independent of distance (skiing, unknown sports).
   */
  maxGrade: number | null;
  maxPowerW: number;
  minHrBpm: number;
  maxHrBpm: number;
  maxCadenceRpm: number;
  minAltitudeM: number;
  maxAltitudeM: number;
}

/** Shared by every sport: heart, altitude and cadence do not depend on what one is doing. */
const BASE: Omit<SportLimits, 'maxSpeedMps' | 'maxAccelMps2' | 'maxVerticalMps' | 'maxGrade' | 'maxPowerW'> = {
  // Lowest athlete resting rates are ~27–30 bpm; the highest recorded maxima ~220–230 bpm.
  minHrBpm: 25,
  maxHrBpm: 250,
  // Track-sprint pedalling peaks ~250 rpm; TCX/GPX running cadence in full steps reaches ~220 spm.
  maxCadenceRpm: 250,
  // Dead Sea shore −430 m; Everest 8,849 m.
  minAltitudeM: -500,
  maxAltitudeM: 9000,
};

type Family = 'foot' | 'cycling' | 'swimming' | 'snow' | 'glide' | 'water' | 'other';

const LIMITS: Record<Family, SportLimits> = {
  // Bolt's peak 12.4 m/s (Berlin 2009); sprint start ≈ 6–8 m/s² over the first second; the
  // fastest vertical-kilometre and fell descents stay under 3 m/s vertically; scrambles and stairs
  // stay under 150 % grade. Stryd peaks ~1,500 W.
  foot: { ...BASE, maxSpeedMps: 12.5, maxAccelMps2: 8, maxVerticalMps: 5, maxGrade: 1.5, maxPowerW: 1500 },
  // Pro descents reach ~130 km/h (36 m/s); hard braking ≈ 1 g; 36 m/s on a 25 % grade ≈ 9 m/s
  // vertical; the steepest paved roads are ~35–40 %; track sprinters peak ~2,500–2,600 W.
  cycling: { ...BASE, maxSpeedMps: 36, maxAccelMps2: 10, maxVerticalMps: 10, maxGrade: 0.4, maxPowerW: 3000 },
  // 50 m freestyle world record ≈ 2.4 m/s (the pool-swim rule in domain/swim uses the same 2.5).
  swimming: { ...BASE, maxSpeedMps: 2.5, maxAccelMps2: 5, maxVerticalMps: 1, maxGrade: 0.2, maxPowerW: 1000 },
  // Speed skiing record ≈ 70 m/s (255 km/h); downhill racing ~40 m/s on 60–70 % slopes.
  snow: { ...BASE, maxSpeedMps: 70, maxAccelMps2: 15, maxVerticalMps: 40, maxGrade: null, maxPowerW: 2000 },
  // Inline skating and cross-country skiing descents: ~20 m/s.
  glide: { ...BASE, maxSpeedMps: 20, maxAccelMps2: 10, maxVerticalMps: 10, maxGrade: 0.5, maxPowerW: 2000 },
  // Rowing eights ≈ 6.3 m/s, K1 sprint ≈ 5.5 m/s; indoor rowers peak ~1,800–2,000 W.
  water: { ...BASE, maxSpeedMps: 8, maxAccelMps2: 5, maxVerticalMps: 2, maxGrade: 0.2, maxPowerW: 2500 },
  // Anything else (and multisport as a whole): the GPS-jump speed of domain/geo.ts.
  other: { ...BASE, maxSpeedMps: MAX_PLAUSIBLE_SPEED_MPS, maxAccelMps2: 15, maxVerticalMps: 40, maxGrade: null, maxPowerW: 3000 },
};

const FOOT = /^(running|walking|hiking|trail_running|trail|mountaineering|indoor_running|treadmill|track|street)$/;
const CYCLING = /cycling|biking|^(mountain|gravel|road|spin|cyclocross|virtual_activity|virtual_ride)$/;
const SWIM = /swim/;
const SNOW = /^(alpine_skiing|snowboarding|downhill|backcountry|skiing)$/;
const GLIDE = /^(inline_skating|cross_country_skiing|skating|ice_skating)$/;
const WATER = /^(rowing|indoor_rowing|paddling|kayaking|canoeing|stand_up_paddleboarding|sup)$/;

/** The family a sport (or records sport such as `swimming_pool_25m`) belongs to. */
export function sportFamily(sport: string): Family {
  if (SWIM.test(sport)) return 'swimming';
  if (FOOT.test(sport)) return 'foot';
  if (CYCLING.test(sport)) return 'cycling';
  if (SNOW.test(sport)) return 'snow';
  if (GLIDE.test(sport)) return 'glide';
  if (WATER.test(sport)) return 'water';
  return 'other';
}

export function limitsFor(sport: string): SportLimits {
  return LIMITS[sportFamily(sport)];
}
