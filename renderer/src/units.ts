/**
 * Display units. Storage and the API are SI (design.md); every conversion to km/mi, pace, ft or °F
 * happens here and only here, so the metric/imperial toggle cannot miss a number on screen.
 * Pure functions: no DOM, no localStorage (the preference lives in hooks/use-units.ts).
 */

export type UnitSystem = 'metric' | 'imperial';

export const M_PER_MI = 1609.344;
export const M_PER_FT = 0.3048;
export const M_PER_YD = 0.9144;

/** Shown for values the device did not record. */
export const NO_VALUE = '—';

const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

// ---- raw conversions (for chart axes) -------------------------------------------------------

/** Metres → km or mi. */
export function distanceIn(m: number, sys: UnitSystem): number {
  return sys === 'metric' ? m / 1000 : m / M_PER_MI;
}
export function distanceUnit(sys: UnitSystem): string {
  return sys === 'metric' ? 'km' : 'mi';
}

/** m/s → km/h or mph. */
export function speedIn(mps: number, sys: UnitSystem): number {
  return sys === 'metric' ? mps * 3.6 : (mps * 3600) / M_PER_MI;
}
export function speedUnit(sys: UnitSystem): string {
  return sys === 'metric' ? 'km/h' : 'mph';
}

/**
 * m/s → seconds per km or per mi. Null when standing still or crawling: below this speed a pace
 * is not a meaningful number (and would blow up a chart axis).
 */
export const MIN_PACE_SPEED_MPS = 0.5;
export function paceIn(mps: number, sys: UnitSystem): number | null {
  if (!(mps >= MIN_PACE_SPEED_MPS)) return null;
  return (sys === 'metric' ? 1000 : M_PER_MI) / mps;
}
export function paceUnit(sys: UnitSystem): string {
  return sys === 'metric' ? '/km' : '/mi';
}

/** Swim pace: seconds per 100 m or per 100 yd (the pool units a swimmer thinks in). */
export function swimPaceIn(mps: number, sys: UnitSystem): number | null {
  if (!(mps > 0.05)) return null;
  return (sys === 'metric' ? 100 : 100 * M_PER_YD) / mps;
}
export function swimPaceUnit(sys: UnitSystem): string {
  return sys === 'metric' ? '/100 m' : '/100 yd';
}

/** Metres → m or ft (elevation, ascent). */
export function elevationIn(m: number, sys: UnitSystem): number {
  return sys === 'metric' ? m : m / M_PER_FT;
}
export function elevationUnit(sys: UnitSystem): string {
  return sys === 'metric' ? 'm' : 'ft';
}

export function temperatureIn(c: number, sys: UnitSystem): number {
  return sys === 'metric' ? c : (c * 9) / 5 + 32;
}
export function temperatureUnit(sys: UnitSystem): string {
  return sys === 'metric' ? '°C' : '°F';
}

// ---- formatted strings ----------------------------------------------------------------------

/** "10.02 km", "6.23 mi"; short distances keep two decimals, long ones one. */
export function formatDistance(m: number | null | undefined, sys: UnitSystem): string {
  if (!isNum(m)) return NO_VALUE;
  const v = distanceIn(m, sys);
  const digits = Math.abs(v) >= 100 ? 1 : 2;
  return `${v.toFixed(digits)} ${distanceUnit(sys)}`;
}

export function formatSpeed(mps: number | null | undefined, sys: UnitSystem): string {
  if (!isNum(mps)) return NO_VALUE;
  return `${speedIn(mps, sys).toFixed(1)} ${speedUnit(sys)}`;
}

/** 330 → "5:30". Rounds to whole seconds first so 59.6 s never shows as "0:60". */
export function formatMinSec(totalS: number): string {
  const s = Math.round(totalS);
  const min = Math.floor(s / 60);
  const sec = s % 60;
  return `${min}:${String(sec).padStart(2, '0')}`;
}

/** "5:30 /km", "8:51 /mi". */
export function formatPace(mps: number | null | undefined, sys: UnitSystem): string {
  if (!isNum(mps)) return NO_VALUE;
  const p = paceIn(mps, sys);
  return p === null ? NO_VALUE : `${formatMinSec(p)} ${paceUnit(sys)}`;
}

export function formatSwimPace(mps: number | null | undefined, sys: UnitSystem): string {
  if (!isNum(mps)) return NO_VALUE;
  const p = swimPaceIn(mps, sys);
  return p === null ? NO_VALUE : `${formatMinSec(p)} ${swimPaceUnit(sys)}`;
}

/** "123 m", "404 ft". */
export function formatElevation(m: number | null | undefined, sys: UnitSystem): string {
  if (!isNum(m)) return NO_VALUE;
  return `${Math.round(elevationIn(m, sys))} ${elevationUnit(sys)}`;
}

export function formatTemperature(c: number | null | undefined, sys: UnitSystem): string {
  if (!isNum(c)) return NO_VALUE;
  return `${Math.round(temperatureIn(c, sys))} ${temperatureUnit(sys)}`;
}

/** Seconds → "1:02:03" or "42:07" (durations are unit-system independent but live beside pace). */
export function formatDuration(s: number | null | undefined): string {
  if (!isNum(s)) return NO_VALUE;
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return h > 0 ? `${h}:${mm}:${String(sec).padStart(2, '0')}` : `${mm}:${String(sec).padStart(2, '0')}`;
}

export function parseUnitSystem(v: unknown): UnitSystem {
  return v === 'imperial' ? 'imperial' : 'metric';
}
