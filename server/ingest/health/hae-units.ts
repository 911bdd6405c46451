/**
 * Unit conversion for Health Auto Export: the phone's locale decides km or mi, kcal or kJ, kg or
 * lb (FORMATS.md §7), so every value is converted from the payload's `units` string into the
 * unit its MileVault metric is named in, never assumed.
 */
type Dim = 'length' | 'mass' | 'energy' | 'time' | 'temperature' | 'glucose' | 'speed' | 'volume' | 'ratio' | 'count' | 'rate' | 'power' | 'pressure' | 'sound' | 'vo2' | 'dose';

/** Factor to the dimension's base unit (m, kg, kcal, s, mmol/L, m/s, L, fraction, count). */
const UNITS: Record<string, [Dim, number]> = {
  m: ['length', 1],
  km: ['length', 1000],
  cm: ['length', 0.01],
  mm: ['length', 0.001],
  mi: ['length', 1609.344],
  ft: ['length', 0.3048],
  in: ['length', 0.0254],
  yd: ['length', 0.9144],
  kg: ['mass', 1],
  g: ['mass', 0.001],
  mg: ['mass', 1e-6],
  mcg: ['mass', 1e-9],
  lb: ['mass', 0.45359237],
  lbs: ['mass', 0.45359237],
  oz: ['mass', 0.028349523125],
  st: ['mass', 6.35029318],
  kcal: ['energy', 1],
  cal: ['energy', 1],
  kj: ['energy', 1 / 4.184],
  s: ['time', 1],
  sec: ['time', 1],
  ms: ['time', 0.001],
  min: ['time', 60],
  hr: ['time', 3600],
  h: ['time', 3600],
  hour: ['time', 3600],
  d: ['time', 86400],
  day: ['time', 86400],
  'mmol/l': ['glucose', 1],
  'mg/dl': ['glucose', 1 / 18.0156],
  'm/s': ['speed', 1],
  'km/hr': ['speed', 1 / 3.6],
  'km/h': ['speed', 1 / 3.6],
  'mi/hr': ['speed', 0.44704],
  mph: ['speed', 0.44704],
  l: ['volume', 1],
  ml: ['volume', 0.001],
  'fl_oz_us': ['volume', 0.0295735],
  '%': ['ratio', 0.01],
  count: ['count', 1],
  'count/min': ['rate', 1],
  bpm: ['rate', 1],
  '/min': ['rate', 1],
  'count/s': ['rate', 60],
  w: ['power', 1],
  mmhg: ['pressure', 1],
  dbaspl: ['sound', 1],
  db: ['sound', 1],
  'ml/(kg*min)': ['vo2', 1],
  'ml/kg/min': ['vo2', 1],
  'ml/(kg·min)': ['vo2', 1],
  'ml/min*kg': ['vo2', 1],
  iu: ['dose', 1],
};

export function normUnit(u: string | undefined | null): string {
  return (u ?? '').trim().toLowerCase().replace(/\s+/g, '').replace(/·/g, '*');
}

/** The dimension of a unit string, or null when unknown. */
export function unitDim(u: string | undefined | null): Dim | null {
  const n = normUnit(u);
  if (n === 'degc' || n === '°c' || n === 'degf' || n === '°f' || n === 'k') return 'temperature';
  return UNITS[n]?.[0] ?? null;
}

/**
 * Converts `v` from unit `from` to unit `to`. Returns null when the units are of different
 * dimensions or unknown (the caller reports the metric as bad rather than storing a wrong value).
 */
export function convertUnit(v: number, from: string, to: string): number | null {
  const f = normUnit(from);
  const t = normUnit(to);
  if (f === t) return v;
  if (unitDim(f) === 'temperature' && unitDim(t) === 'temperature') {
    const c = f === 'degf' || f === '°f' ? ((v - 32) * 5) / 9 : f === 'k' ? v - 273.15 : v;
    return t === 'degf' || t === '°f' ? (c * 9) / 5 + 32 : t === 'k' ? c + 273.15 : c;
  }
  const a = UNITS[f];
  const b = UNITS[t];
  if (!a || !b || a[0] !== b[0]) return null;
  return (v * a[1]) / b[1];
}
