/**
 * Records (shared/analysis-api.ts RecordRowDto) arranged for the Records page: one table per kind,
 * a row per distance or duration, the all-time best and then one column per year, newest first.
 */
import type { RecordKind, RecordRowDto } from '../../../shared/analysis-api.js';
import type { UnitSystem } from '../units';
import { formatBpm, formatEffort, formatRateValue, formatWatts, rateValue, rateUnit } from './analysis-format';

/** The one value field a row carries (s, W, bpm or m/s). */
export function recordValue(r: RecordRowDto): number | null {
  const v = r.valueS ?? r.valueW ?? r.valueBpm ?? r.valueMps;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Distance records are times (lower is better); curve records are powers, heart rates or speeds. */
export function lowerIsBetter(kind: RecordKind): boolean {
  return kind === 'distance';
}

export interface RecordTableRow {
  key: number;
  all: RecordRowDto | null;
  byYear: Map<number, RecordRowDto>;
}

export interface RecordTable {
  kind: RecordKind;
  years: number[];
  rows: RecordTableRow[];
}

export function recordTable(items: RecordRowDto[], kind: RecordKind): RecordTable {
  const rows = new Map<number, RecordTableRow>();
  const years = new Set<number>();
  const better = (a: RecordRowDto, b: RecordRowDto) => {
    const va = recordValue(a);
    const vb = recordValue(b);
    if (va === null) return false;
    if (vb === null) return true;
    return lowerIsBetter(kind) ? va < vb : va > vb;
  };
  for (const r of items) {
    if (r.kind !== kind || recordValue(r) === null) continue;
    let row = rows.get(r.key);
    if (!row) rows.set(r.key, (row = { key: r.key, all: null, byYear: new Map() }));
    if (r.scope === 'all') {
      if (!row.all || better(r, row.all)) row.all = r;
    } else {
      years.add(r.year);
      const cur = row.byYear.get(r.year);
      if (!cur || better(r, cur)) row.byYear.set(r.year, r);
    }
  }
  // A server that sends only per-year rows still gets an all-time column: the best of the years.
  for (const row of rows.values()) {
    if (row.all) continue;
    for (const r of row.byYear.values()) if (!row.all || better(r, row.all)) row.all = r;
  }
  return {
    kind,
    years: [...years].sort((a, b) => b - a),
    rows: [...rows.values()].sort((a, b) => a.key - b.key),
  };
}

/** Which kinds have at least one record, in page order. */
export function kindsPresent(items: RecordRowDto[]): RecordKind[] {
  const order: RecordKind[] = ['distance', 'power', 'pace', 'hr'];
  return order.filter((k) => items.some((r) => r.kind === k));
}

/** A record's value in words: "19:42 (3:56 /km)", "312 W", "181 bpm", "3:41 /km". */
export function formatRecord(kind: RecordKind, key: number, value: number | null, sport: string, units: UnitSystem): string {
  if (value === null) return '—';
  if (kind === 'distance') return formatEffort(key, value, sport, units);
  if (kind === 'power') return formatWatts(value);
  if (kind === 'hr') return formatBpm(value);
  return formatRateValue(sport, rateValue(sport, value, units), units);
}

/** The number a progression chart plots for a record value, with its unit. */
export function chartValue(kind: RecordKind, value: number, sport: string, units: UnitSystem): { v: number | null; unit: string } {
  if (kind === 'distance') return { v: value, unit: 'time' };
  if (kind === 'power') return { v: value, unit: 'W' };
  if (kind === 'hr') return { v: value, unit: 'bpm' };
  return { v: rateValue(sport, value, units), unit: rateUnit(sport, units) };
}

/** Whether bigger chart numbers are worse (times, paces): the axis is then reversed to keep "up = better". */
export function chartReversed(kind: RecordKind, sport: string, units: UnitSystem): boolean {
  if (kind === 'distance') return true;
  if (kind !== 'pace') return false;
  return rateUnit(sport, units).startsWith('/');
}
