/**
 * Thresholds (FTP, threshold/max/resting HR, threshold pace, weight) as dated histories, and their
 * conversion between SI (the API) and what the athlete types. Pace goes through units.ts; units.ts
 * has no mass yet, so the kg↔lb factor lives here beside its only use.
 */
import type { ThresholdDto, ThresholdKind } from '../../../shared/analysis-api.js';
import { formatMinSec, M_PER_MI, paceIn, type UnitSystem } from '../units';
import { sportInfo } from './sports';

export const KG_PER_LB = 0.45359237;

export interface ThresholdKindInfo {
  kind: ThresholdKind;
  label: string;
  /** Whether a value may be set per sport (FTP on the bike differs from running power). */
  perSport: boolean;
  help: string;
}

export const THRESHOLD_KINDS: ThresholdKindInfo[] = [
  { kind: 'ftp', label: 'FTP', perSport: true, help: 'Functional threshold power: power zones, NP-based TSS and intensity factor.' },
  { kind: 'threshold_hr', label: 'Threshold heart rate', perSport: true, help: 'Lactate threshold HR: heart-rate zones and hrTSS.' },
  { kind: 'max_hr', label: 'Max heart rate', perSport: false, help: 'Used with resting HR for TRIMP when there is no power.' },
  { kind: 'resting_hr', label: 'Resting heart rate', perSport: false, help: 'Used with max HR for TRIMP.' },
  { kind: 'threshold_pace', label: 'Threshold pace', perSport: true, help: 'Pace zones and running TSS (rTSS).' },
  { kind: 'weight', label: 'Weight', perSport: false, help: 'Watts per kilogram on records and curves.' },
];

export function kindInfo(kind: ThresholdKind): ThresholdKindInfo {
  return THRESHOLD_KINDS.find((k) => k.kind === kind)!;
}

/** The unit the athlete reads and types for a kind. */
export function thresholdUnit(kind: ThresholdKind, units: UnitSystem, sport: string | null): string {
  if (kind === 'ftp') return 'W';
  if (kind === 'weight') return units === 'metric' ? 'kg' : 'lb';
  if (kind === 'threshold_pace') return sport === 'swimming' ? (units === 'metric' ? 'min/100 m' : 'min/100 yd') : units === 'metric' ? 'min/km' : 'min/mi';
  return 'bpm';
}

function paceDistanceM(units: UnitSystem, sport: string | null): number {
  if (sport === 'swimming') return units === 'metric' ? 100 : 91.44;
  return units === 'metric' ? 1000 : M_PER_MI;
}

/** SI value → the text shown and pre-filled in the form ("4:30", "72.5", "285"). */
export function thresholdToText(kind: ThresholdKind, value: number, units: UnitSystem, sport: string | null): string {
  if (kind === 'threshold_pace') {
    const p = sport === 'swimming' ? paceDistanceM(units, sport) / value : paceIn(value, units);
    return p === null || !Number.isFinite(p) ? '' : formatMinSec(p);
  }
  if (kind === 'weight') {
    const v = units === 'metric' ? value : value / KG_PER_LB;
    return String(Math.round(v * 10) / 10);
  }
  return String(Math.round(value));
}

export function formatThreshold(kind: ThresholdKind, value: number, units: UnitSystem, sport: string | null): string {
  const t = thresholdToText(kind, value, units, sport);
  // "min/km" reads well on a form label; a value reads "4:30 /km" like every other pace on screen.
  if (kind === 'threshold_pace') return `${t} ${thresholdUnit(kind, units, sport).replace(/^min/, '')}`;
  return `${t} ${thresholdUnit(kind, units, sport)}`;
}

/** What the athlete typed → SI, or an error message in words. */
export function parseThreshold(kind: ThresholdKind, text: string, units: UnitSystem, sport: string | null): { value: number } | { error: string } {
  const s = text.trim();
  if (kind === 'threshold_pace') {
    const m = /^(\d{1,2}):([0-5]\d)$/.exec(s);
    if (!m) return { error: 'Type a pace as minutes:seconds, e.g. 4:30.' };
    const secs = Number(m[1]) * 60 + Number(m[2]);
    if (secs <= 0) return { error: 'A pace must be more than 0:00.' };
    return { value: paceDistanceM(units, sport) / secs };
  }
  const v = Number(s.replace(',', '.'));
  if (!s || !Number.isFinite(v) || v <= 0) return { error: 'Type a positive number.' };
  if (kind === 'weight') return { value: units === 'metric' ? v : v * KG_PER_LB };
  if (kind === 'ftp' && v > 2500) return { error: 'That is more power than any human holds for an hour.' };
  if (kind !== 'ftp' && v > 260) return { error: 'A heart rate above 260 bpm is not plausible.' };
  return { value: v };
}

export interface ThresholdHistory {
  kind: ThresholdKind;
  sport: string | null;
  /** Newest first, each with the day its successor takes over (exclusive), null for the current value. */
  entries: { t: ThresholdDto; until: string | null }[];
}

/** Groups values by kind and sport (kind order as THRESHOLD_KINDS, "all sports" before named sports). */
export function thresholdHistories(items: ThresholdDto[]): ThresholdHistory[] {
  const groups = new Map<string, ThresholdDto[]>();
  for (const t of items) {
    const k = `${t.kind}|${t.sport ?? ''}`;
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  const order = (kind: ThresholdKind) => THRESHOLD_KINDS.findIndex((k) => k.kind === kind);
  return [...groups.values()]
    .map((g) => {
      const asc = [...g].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
      const entries = asc.map((t, i) => ({ t, until: asc[i + 1]?.validFrom ?? null })).reverse();
      return { kind: g[0]!.kind, sport: g[0]!.sport, entries };
    })
    .sort((a, b) => order(a.kind) - order(b.kind) || (a.sport ?? '').localeCompare(b.sport ?? ''));
}

export function sportScopeLabel(sport: string | null): string {
  return sport === null ? 'All sports' : sportInfo(sport).label;
}
