import { parse } from 'csv-parse/sync';
import { parseStravaDate } from './strava-date.js';
import { stravaSport } from './strava-sports.js';

/** One row of a Strava export's activities.csv, in SI units (FORMATS.md §5). */
export interface StravaActivityRow {
  /** 1-based data row number, for messages. */
  line: number;
  activityId: string;
  startTimeMs: number | null;
  name: string;
  type: string;
  sport: string;
  subSport: string | null;
  sportKnown: boolean;
  description: string | null;
  privateNote: string | null;
  commute: boolean | null;
  gearName: string | null;
  /** Path relative to the zip root (activities/123.fit.gz), null for manual entries. */
  fileName: string | null;
  perceivedExertion: number | null;
  elapsedTimeS: number | null;
  movingTimeS: number | null;
  distanceM: number | null;
  maxSpeedMps: number | null;
  avgSpeedMps: number | null;
  ascentM: number | null;
  descentM: number | null;
  maxHrBpm: number | null;
  avgHrBpm: number | null;
  avgPowerW: number | null;
  caloriesKcal: number | null;
  media: string[];
}

export type StravaCsvResult = { ok: true; rows: StravaActivityRow[]; warnings: string[] } | { ok: false; error: string };

/**
 * Column positions of the English 94-column layout. The file repeats names (Distance in km at 6,
 * in metres at 17; Elapsed Time 5 and 15; Commute 9 and 50), so we always read by position.
 */
const EN = {
  id: 0, date: 1, name: 2, type: 3, description: 4, elapsedDisplay: 5, distanceKm: 6, maxHrDisplay: 7, commuteDisplay: 9,
  privateNote: 10, gear: 11, filename: 12, elapsed: 15, moving: 16, distance: 17, maxSpeed: 18, avgSpeed: 19,
  gain: 20, loss: 21, maxHr: 30, avgHr: 31, avgWatts: 33, calories: 34, perceived: 43, commute: 50, media: 93,
} as const;
type Col = keyof typeof EN;

/** The first 13 English header cells: enough to recognise the layout and to locate the second block. */
const EN_HEAD = ['Activity ID', 'Activity Date', 'Activity Name', 'Activity Type', 'Activity Description', 'Elapsed Time', 'Distance'];

/**
 * Maps header cells to positions. English: by name, taking the second occurrence for the raw SI
 * block (older exports have fewer columns, so positions move). Other locales: the same order as
 * English when the column count matches; otherwise we cannot know what the columns mean → error.
 */
function layout(header: string[]): { cols: Partial<Record<Col, number>>; warning?: string } | { error: string } {
  const english = EN_HEAD.every((h, i) => header[i]?.trim() === h);
  if (!english) {
    if (header.length === 94) return { cols: { ...EN }, warning: `activities.csv headers are not in English ("${header.slice(0, 3).join('", "')}"…); columns were read by position (94-column layout)` };
    return { error: `activities.csv has a layout we do not know (${header.length} columns, starting "${header.slice(0, 4).join('", "')}"); export it again with Strava set to English` };
  }
  const at = (name: string, nth = 1) => {
    let seen = 0;
    for (let i = 0; i < header.length; i++) if (header[i].trim() === name && ++seen === nth) return i;
    return undefined;
  };
  const cols: Partial<Record<Col, number>> = {
    id: 0, date: 1, name: 2, type: 3, description: 4, elapsedDisplay: 5, distanceKm: 6,
    privateNote: at('Activity Private Note'), gear: at('Activity Gear'), filename: at('Filename'),
    commuteDisplay: at('Commute'), elapsed: at('Elapsed Time', 2), moving: at('Moving Time'), distance: at('Distance', 2),
    maxSpeed: at('Max Speed'), avgSpeed: at('Average Speed'), gain: at('Elevation Gain'), loss: at('Elevation Loss'),
    maxHr: at('Max Heart Rate', 2) ?? at('Max Heart Rate'), avgHr: at('Average Heart Rate'), avgWatts: at('Average Watts'),
    calories: at('Calories'), perceived: at('Perceived Exertion'), commute: at('Commute', 2), media: at('Media'),
  };
  if (cols.filename === undefined) return { error: 'activities.csv has no Filename column' };
  return { cols };
}

function num(v: string | undefined): number | null {
  if (v === undefined) return null;
  const t = v.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

function text(v: string | undefined): string | null {
  const t = (v ?? '').trim();
  return t ? t : null;
}

function bool(raw: string | undefined, display: string | undefined): boolean | null {
  const r = num(raw);
  if (r !== null) return r !== 0;
  const d = (display ?? '').trim().toLowerCase();
  if (d === 'true') return true;
  if (d === 'false') return false;
  return null;
}

/** Parses activities.csv (bytes or text). Pure: never throws for bad input. */
export function parseStravaActivitiesCsv(input: Uint8Array | string): StravaCsvResult {
  const textIn = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  let records: string[][];
  try {
    records = parse(textIn.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (e) {
    return { ok: false, error: `activities.csv could not be read as CSV: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!records.length) return { ok: false, error: 'activities.csv is empty' };
  const lay = layout(records[0]);
  if ('error' in lay) return { ok: false, error: lay.error };
  const warnings = lay.warning ? [lay.warning] : [];
  const c = lay.cols;
  const get = (r: string[], k: Col) => (c[k] === undefined ? undefined : r[c[k]!]);
  const rows: StravaActivityRow[] = [];
  const unknownTypes = new Set<string>();
  records.slice(1).forEach((r, i) => {
    const id = text(get(r, 'id'));
    if (!id) return;
    const type = text(get(r, 'type')) ?? '';
    const sport = stravaSport(type);
    if (!sport.known && type) unknownTypes.add(type);
    const distanceKm = num(get(r, 'distanceKm'));
    rows.push({
      line: i + 1,
      activityId: id,
      startTimeMs: parseStravaDate(get(r, 'date')),
      name: text(get(r, 'name')) ?? '',
      type,
      sport: sport.sport,
      subSport: sport.subSport,
      sportKnown: sport.known,
      description: text(get(r, 'description')),
      privateNote: text(get(r, 'privateNote')),
      commute: bool(get(r, 'commute'), get(r, 'commuteDisplay')),
      gearName: text(get(r, 'gear')),
      fileName: text(get(r, 'filename')),
      perceivedExertion: num(get(r, 'perceived')),
      elapsedTimeS: num(get(r, 'elapsed')) ?? num(get(r, 'elapsedDisplay')),
      movingTimeS: num(get(r, 'moving')),
      distanceM: num(get(r, 'distance')) ?? (distanceKm === null ? null : distanceKm * 1000),
      maxSpeedMps: num(get(r, 'maxSpeed')),
      avgSpeedMps: num(get(r, 'avgSpeed')),
      ascentM: num(get(r, 'gain')),
      descentM: num(get(r, 'loss')),
      maxHrBpm: num(get(r, 'maxHr')),
      avgHrBpm: num(get(r, 'avgHr')),
      avgPowerW: num(get(r, 'avgWatts')),
      caloriesKcal: num(get(r, 'calories')),
      media: (text(get(r, 'media')) ?? '').split('|').map((m) => m.trim()).filter(Boolean),
    });
  });
  if (unknownTypes.size) warnings.push(`unknown Strava activity type(s) stored as generic: ${[...unknownTypes].join(', ')}`);
  return { ok: true, rows, warnings };
}
