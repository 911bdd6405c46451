/** Sport names as the parsers normalise them (FIT sport enum names) → label, colour, display metric. */
import type { UnitSystem } from '../units';
import { formatPace, formatSpeed, formatSwimPace } from '../units';

export interface SportInfo {
  label: string;
  color: string;
  /** How speed reads for this sport. */
  rate: 'pace' | 'speed' | 'swim-pace';
}

const SPORTS: Record<string, SportInfo> = {
  running: { label: 'Run', color: '#e8590c', rate: 'pace' },
  walking: { label: 'Walk', color: '#2f9e44', rate: 'pace' },
  hiking: { label: 'Hike', color: '#5c940d', rate: 'pace' },
  cycling: { label: 'Ride', color: '#1c7ed6', rate: 'speed' },
  e_biking: { label: 'E-bike ride', color: '#1971c2', rate: 'speed' },
  swimming: { label: 'Swim', color: '#0c8599', rate: 'swim-pace' },
  rowing: { label: 'Row', color: '#3b5bdb', rate: 'speed' },
  paddling: { label: 'Paddle', color: '#3b5bdb', rate: 'speed' },
  kayaking: { label: 'Kayak', color: '#3b5bdb', rate: 'speed' },
  cross_country_skiing: { label: 'Nordic ski', color: '#7048e8', rate: 'speed' },
  alpine_skiing: { label: 'Alpine ski', color: '#7048e8', rate: 'speed' },
  inline_skating: { label: 'Skate', color: '#ae3ec9', rate: 'speed' },
  training: { label: 'Training', color: '#c2255c', rate: 'speed' },
  fitness_equipment: { label: 'Gym', color: '#c2255c', rate: 'speed' },
  multisport: { label: 'Multisport', color: '#f08c00', rate: 'speed' },
  generic: { label: 'Workout', color: '#868e96', rate: 'speed' },
};

/** The sports offered in the filter and the "change sport" menu. */
export const SPORT_CHOICES = Object.keys(SPORTS);

export function sportInfo(sport: string): SportInfo {
  const known = SPORTS[sport];
  if (known) return known;
  // Records of pool swims per pool length: "swimming_pool_25m", "swimming_pool_25yd".
  const pool = /^swimming_pool_([\d.]+)(m|yd)$/.exec(sport);
  if (pool) return { ...SPORTS.swimming!, label: `Pool swim ${pool[1]} ${pool[2]}` };
  return { label: titleCase(sport), color: '#868e96', rate: 'speed' };
}

export function titleCase(s: string): string {
  const t = s.replace(/_/g, ' ').trim();
  return t ? t[0]!.toUpperCase() + t.slice(1) : 'Unknown';
}

export function formatRate(sport: string, mps: number | null | undefined, units: UnitSystem): string {
  const { rate } = sportInfo(sport);
  if (rate === 'pace') return formatPace(mps, units);
  if (rate === 'swim-pace') return formatSwimPace(mps, units);
  return formatSpeed(mps, units);
}

export function rateLabel(sport: string): string {
  return sportInfo(sport).rate === 'speed' ? 'Speed' : 'Pace';
}
