import { parse } from 'csv-parse/sync';
import type { GearKind } from '../../../shared/gear-api.js';

export interface StravaGearRow {
  name: string;
  kind: GearKind;
  brand: string | null;
  model: string | null;
  /** Strava's "Default Sport Types" cell, mapped to nothing here: it lists Strava types. */
  defaultSportTypes: string[];
}

/**
 * bikes.csv ("Bike Name,Bike Brand,Bike Model,Bike Default Sport Types") and shoes.csv ("Shoe Name,
 * …"): not in the public sample (FORMATS.md §5), so columns are found by the word after the
 * prefix (Name/Brand/Model) and anything else is ignored.
 */
export function parseStravaGearCsv(input: Uint8Array | string, kind: GearKind): { ok: true; rows: StravaGearRow[] } | { ok: false; error: string } {
  const textIn = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  let records: string[][];
  try {
    records = parse(textIn, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (e) {
    return { ok: false, error: `could not be read as CSV: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!records.length) return { ok: true, rows: [] };
  const header = records[0].map((h) => h.trim().toLowerCase());
  const find = (word: string) => header.findIndex((h) => h.endsWith(word));
  const iName = find('name');
  if (iName < 0) return { ok: false, error: `has no name column (header: ${records[0].join(', ')})` };
  const iBrand = find('brand');
  const iModel = find('model');
  const iSports = find('sport types');
  const cell = (r: string[], i: number) => (i >= 0 ? (r[i] ?? '').trim() || null : null);
  const rows = records
    .slice(1)
    .map((r) => ({
      name: cell(r, iName) ?? '',
      kind,
      brand: cell(r, iBrand),
      model: cell(r, iModel),
      defaultSportTypes: (cell(r, iSports) ?? '').split(/[,;|]/).map((s) => s.trim()).filter(Boolean),
    }))
    .filter((r) => r.name);
  return { ok: true, rows };
}
