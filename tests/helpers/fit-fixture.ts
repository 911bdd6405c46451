import { getFitSportId, getFitSubSportId } from 'fit-file-parser';
import { FitWriter, T, concatBytes, toFitTs, type FieldSpec } from './fit-encoder.js';

/**
 * Generated FIT activities with values known by construction, for parser, API and browser tests.
 * `makeFitActivity({ durationS: 3600 })` is a realistic 1 Hz one-hour run with GPS, HR, cadence,
 * altitude, distance and one session + lap; `expectedFitTotals(opts)` gives what the device wrote
 * (and what a correct import must report).
 *
 * Construction: sample i is at start + i s (i = 0..durationS); speed is constant, so distance_i =
 * speed·i; the track runs due north from 47°N 8°E; altitude climbs 0.1 m/s for the first half and
 * descends after; HR alternates 120/140 (avg 130, max 140); cadence 85 (+0.5 fractional when
 * running); power alternates 200/300 (avg 250, max 300); temperature 20 °C.
 */
export interface FitFixtureOptions {
  startTime?: Date;
  /** FIT sport name (running, cycling, swimming, …); default running. */
  sport?: string;
  subSport?: string;
  /** Seconds of recording; samples = durationS + 1 at 1 Hz. Default 3600. `samples` overrides. */
  durationS?: number;
  samples?: number;
  speedMps?: number;
  withGps?: boolean;
  withHr?: boolean;
  withCadence?: boolean;
  withAltitude?: boolean;
  withPower?: boolean;
  /** Equal laps (default 1). */
  laps?: number;
  /** Several sessions of one multisport activity, e.g. [{sport:'cycling', durationS:600}, {sport:'running', durationS:300}]. */
  multisport?: { sport: string; durationS: number }[];
  /** Heart rate only in `hr` messages (HRM-Tri style): 'inline' in the file, or 'chained' as a file_id-less FIT block. */
  hrMessages?: 'inline' | 'chained';
  compressedTimestamps?: boolean;
  /** A Connect IQ developer field named "speed" (value 42 m/s), which must not become native speed. */
  developerField?: boolean;
  /** Append a second FIT file. */
  chained?: 'activity' | 'settings';
  /** Keep only the first N bytes (a truncated download). */
  truncateAt?: number;
  badCrc?: boolean;
  headerSize?: 12 | 14;
  headerCrcZero?: boolean;
  bigEndian?: boolean;
  omitSession?: boolean;
  omitLaps?: boolean;
  /** Write laps and session before the records. */
  summaryFirst?: boolean;
  /** Timestamps as device uptime (seconds since power-on = 1000 at start) with a timestamp_correlation. */
  relativeTimestamps?: boolean;
  /** Where the track starts (default 47°N 8°E); it runs due north from there. */
  originLatDeg?: number;
  originLonDeg?: number;
}

export interface FitExpected {
  startTime: string;
  samples: number;
  distanceM: number;
  timerTimeS: number;
  elapsedTimeS: number;
  avgSpeedMps: number;
  ascentM: number | null;
  descentM: number | null;
  avgHrBpm: number | null;
  maxHrBpm: number | null;
  avgCadenceRpm: number | null;
  avgPowerW: number | null;
  maxPowerW: number | null;
  caloriesKcal: number;
  sessions: { sport: string; distanceM: number; timerTimeS: number; firstSample: number; samples: number }[];
  laps: number;
}

const M_PER_DEG = (6371008.8 * Math.PI) / 180;
const SEMI = 2 ** 31 / 180;

function legs(o: FitFixtureOptions): { sport: string; n: number }[] {
  if (o.multisport?.length) return o.multisport.map((m) => ({ sport: m.sport, n: m.durationS }));
  const n = o.samples !== undefined ? Math.max(1, o.samples) - 1 : (o.durationS ?? 3600);
  return [{ sport: o.sport ?? 'running', n }];
}

function defaultSpeed(sport: string): number {
  return sport === 'cycling' ? 8 : sport === 'swimming' ? 1 : 3;
}

export function expectedFitTotals(o: FitFixtureOptions = {}): FitExpected {
  const start = o.startTime ?? new Date('2024-05-01T07:00:00Z');
  const ls = legs(o);
  let first = 0;
  const sessions = ls.map((l, k) => {
    const speed = o.speedMps ?? defaultSpeed(l.sport);
    // Sessions after the first start one second after the previous one ends.
    const s = { sport: l.sport, distanceM: speed * l.n, timerTimeS: l.n, firstSample: first, samples: l.n + 1 };
    first += l.n + 1;
    void k;
    return s;
  });
  const samples = first;
  const distanceM = sessions.reduce((s, x) => s + x.distanceM, 0);
  const timerTimeS = sessions.reduce((s, x) => s + x.timerTimeS, 0);
  const alt = o.withAltitude ?? true;
  const half = Math.floor((samples - 1) / 2);
  return {
    startTime: start.toISOString(),
    samples,
    distanceM,
    timerTimeS,
    elapsedTimeS: timerTimeS,
    avgSpeedMps: distanceM / timerTimeS,
    ascentM: alt ? Math.round(half * 0.1) : null,
    descentM: alt ? Math.round((samples - 1 - half) * 0.1) : null,
    avgHrBpm: (o.withHr ?? true) ? 130 : null,
    maxHrBpm: (o.withHr ?? true) ? 140 : null,
    avgCadenceRpm: (o.withCadence ?? true) ? (ls[0].sport === 'running' ? 85.5 : 85) : null,
    avgPowerW: o.withPower ? 250 : null,
    maxPowerW: o.withPower ? 300 : null,
    caloriesKcal: Math.round(timerTimeS / 6),
    sessions,
    laps: (o.laps ?? 1) * sessions.length,
  };
}

/** A generated FIT activity file. */
export function makeFitActivity(o: FitFixtureOptions = {}): Uint8Array {
  const e = expectedFitTotals(o);
  const start = toFitTs(new Date(e.startTime));
  const rel = o.relativeTimestamps ? 1000 - start : 0;
  const ts = (i: number) => start + i + rel;
  const gps = o.withGps ?? true;
  const hrInRecords = (o.withHr ?? true) && !o.hrMessages;
  const cad = o.withCadence ?? true;
  const alt = o.withAltitude ?? true;
  const pow = o.withPower ?? false;
  const sportId = (s: string) => getFitSportId(s) ?? 0;
  const w = new FitWriter(o.bigEndian);

  w.define(0, 0, [[0, T.enum], [1, T.uint16], [2, T.uint16], [3, T.uint32z], [4, T.uint32]]);
  w.data(0, [4, 1, 3113, 3999999999, start]); // activity, garmin, fr945
  w.define(1, 23, [[253, T.uint32], [0, T.uint8], [2, T.uint16], [4, T.uint16], [3, T.uint32z], [5, T.uint16]]);
  w.data(1, [ts(0), 0, 1, 3113, 3999999999, 1250]);
  if (o.relativeTimestamps) {
    w.define(1, 162, [[253, T.uint32], [1, T.uint32]]);
    w.data(1, [start, ts(0)]);
  }
  if (o.developerField) {
    w.define(1, 207, [[1, T.byte, 16], [3, T.uint8]]);
    w.data(1, [new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 0]);
    w.define(1, 206, [[0, T.uint8], [1, T.uint8], [2, T.uint8], [3, T.string, 16], [6, T.uint8], [8, T.string, 8]]);
    w.data(1, [0, 0, 0x84, 'speed', 100, 'm/s']);
  }
  w.define(1, 21, [[253, T.uint32], [0, T.enum], [1, T.enum]]);
  w.data(1, [ts(0), 0, 0]); // timer start

  const recFields: FieldSpec[] = [];
  if (!o.compressedTimestamps) recFields.push([253, T.uint32]);
  if (gps) recFields.push([0, T.sint32], [1, T.sint32]);
  recFields.push([5, T.uint32], [73, T.uint32]);
  if (alt) recFields.push([78, T.uint32]);
  if (hrInRecords) recFields.push([3, T.uint8]);
  if (cad) recFields.push([4, T.uint8], [53, T.uint8]);
  if (pow) recFields.push([7, T.uint16]);
  recFields.push([13, T.sint8]);
  const recLocal = o.compressedTimestamps ? 2 : 3;

  const summaries = () => writeSummaries(w, o, e, ts, sportId);
  if (o.summaryFirst) summaries();
  w.define(recLocal, 20, recFields, o.developerField ? [[0, 2, 0]] : []);
  const half = Math.floor((e.samples - 1) / 2);
  let dist = 0;
  const lat0 = o.originLatDeg ?? 47;
  const lon0 = o.originLonDeg ?? 8;
  let lat = lat0;
  for (let i = 0; i < e.samples; i++) {
    const leg = e.sessions.find((s) => i >= s.firstSample && i < s.firstSample + s.samples) ?? e.sessions[0];
    const speed = leg.distanceM / Math.max(1, leg.timerTimeS);
    if (i > 0 && i !== leg.firstSample) dist += speed;
    lat = lat0 + dist / M_PER_DEG;
    const altitude = 400 + (i <= half ? i * 0.1 : half * 0.1 - (i - half) * 0.1);
    const v: (number | null)[] = [];
    if (!o.compressedTimestamps) v.push(ts(i));
    if (gps) v.push(Math.round(lat * SEMI), Math.round(lon0 * SEMI));
    v.push(Math.round(dist * 100), Math.round(speed * 1000));
    if (alt) v.push(Math.round((altitude + 500) * 5));
    if (hrInRecords) v.push(i % 2 ? 140 : 120);
    if (cad) v.push(85, leg.sport === 'running' ? 64 : 0);
    if (pow) v.push(i % 2 ? 300 : 200);
    v.push(20);
    w.data(recLocal, v, o.developerField ? [4200] : [], o.compressedTimestamps ? ts(i) & 0x1f : undefined);
  }
  w.define(1, 21, [[253, T.uint32], [0, T.enum], [1, T.enum]]);
  w.data(1, [ts(e.samples - 1), 0, 4]); // timer stop_all
  let hrBlock: Uint8Array | null = null;
  if (o.hrMessages === 'inline') writeHr(w, e.samples, ts);
  else if (o.hrMessages === 'chained') {
    const hw = new FitWriter(o.bigEndian);
    writeHr(hw, e.samples, ts);
    hrBlock = hw.finish();
  }
  if (!o.summaryFirst) summaries();
  w.define(1, 34, [[253, T.uint32], [0, T.uint32], [1, T.uint16], [2, T.enum]]);
  w.data(1, [ts(e.samples - 1), e.timerTimeS * 1000, e.sessions.length, 0]);

  const parts = [w.finish({ headerSize: o.headerSize, headerCrcZero: o.headerCrcZero, badCrc: o.badCrc })];
  if (hrBlock) parts.push(hrBlock);
  if (o.chained === 'activity') parts.push(makeFitActivity({ ...o, chained: undefined, truncateAt: undefined, startTime: new Date(new Date(e.startTime).getTime() + 86_400_000) }));
  if (o.chained === 'settings') parts.push(makeFitNonActivity(2));
  const all = concatBytes(parts);
  return o.truncateAt !== undefined ? all.slice(0, o.truncateAt) : all;
}

function writeSummaries(w: FitWriter, o: FitFixtureOptions, e: FitExpected, ts: (i: number) => number, sportId: (s: string) => number): void {
  const nLaps = o.laps ?? 1;
  const sub = o.subSport ? (getFitSubSportId(o.subSport) ?? 0) : 0;
  const sumFields: FieldSpec[] = [
    [253, T.uint32], [2, T.uint32], [7, T.uint32], [8, T.uint32], [9, T.uint32], [11, T.uint16],
    [14, T.uint16], [15, T.uint16], [16, T.uint8], [17, T.uint8], [18, T.uint8], [20, T.uint16], [21, T.uint16],
    [22, T.uint16], [23, T.uint16],
  ];
  const values = (from: number, n: number, distanceM: number, share: number) => [
    ts(from + n), ts(from), n * 1000, n * 1000, Math.round(distanceM * 100), Math.round((n / 6)),
    Math.round((distanceM / Math.max(1, n)) * 1000), Math.round((distanceM / Math.max(1, n)) * 1000),
    e.avgHrBpm, e.maxHrBpm, e.avgCadenceRpm === null ? null : Math.floor(e.avgCadenceRpm), e.avgPowerW, e.maxPowerW,
    e.ascentM === null ? null : Math.round(e.ascentM * share), e.descentM === null ? null : Math.round(e.descentM * share),
  ];
  let lapIndex = 0;
  const sessionRows: { v: (number | null)[]; sport: number; first: number }[] = [];
  for (const s of e.sessions) {
    const n = s.samples - 1;
    const share = n / Math.max(1, e.timerTimeS);
    if (!o.omitLaps) {
      // Lap (19) numbers its summary fields differently from session (18): profile LAP vs SESSION.
      const lapFields: FieldSpec[] = [
        [253, T.uint32], [2, T.uint32], [7, T.uint32], [8, T.uint32], [9, T.uint32], [11, T.uint16],
        [13, T.uint16], [14, T.uint16], [15, T.uint8], [16, T.uint8], [17, T.uint8], [19, T.uint16], [20, T.uint16],
        [21, T.uint16], [22, T.uint16],
      ];
      w.define(2, 19, [...lapFields, [24, T.enum], [25, T.enum]]);
      for (let k = 0; k < nLaps; k++) {
        const a = Math.floor((n * k) / nLaps);
        const b = Math.floor((n * (k + 1)) / nLaps);
        w.data(2, [...values(s.firstSample + a, b - a, (s.distanceM * (b - a)) / Math.max(1, n), share * ((b - a) / Math.max(1, n))), k === nLaps - 1 ? 7 : 2, sportId(s.sport)]);
      }
    }
    sessionRows.push({ v: values(s.firstSample, n, s.distanceM, share) as (number | null)[], sport: sportId(s.sport), first: lapIndex });
    lapIndex += o.omitLaps ? 0 : nLaps;
  }
  if (o.omitSession) return;
  w.define(1, 18, [...sumFields, [5, T.enum], [6, T.enum], [25, T.uint16], [26, T.uint16]]);
  for (const r of sessionRows) w.data(1, [...r.v, r.sport, sub, r.first, o.omitLaps ? 0 : nLaps]);
}

/** HR for every sample in `hr` messages: one anchor message, then 8 beats per message packed in event_timestamp_12. */
function writeHr(w: FitWriter, samples: number, ts: (i: number) => number): void {
  const e0 = 5_000_000; // sensor time of the first beat, 1/1024 s
  w.define(0, 132, [[253, T.uint32], [0, T.uint16], [6, T.uint8, 1], [9, T.uint32, 1]]);
  w.data(0, [ts(0), 0, [120], [e0]]);
  w.define(0, 132, [[6, T.uint8, 8], [10, T.byte, 12]]);
  for (let i = 1; i < samples; i += 8) {
    const bpm: number[] = [];
    const packed = new Uint8Array(12);
    for (let k = 0; k < 8; k++) {
      const idx = Math.min(i + k, samples - 1);
      bpm.push(idx % 2 ? 140 : 120);
      const v = (e0 + idx * 1024) & 0xfff;
      const bit = k * 12;
      const byte = bit >> 3;
      if (bit & 7) {
        packed[byte] |= (v & 0x0f) << 4;
        packed[byte + 1] = v >> 4;
      } else {
        packed[byte] = v & 0xff;
        packed[byte + 1] |= v >> 8;
      }
    }
    w.data(0, [bpm, packed]);
  }
}

/** A FIT file holding only a file_id of the given file type (2 settings, 5 workout, 6 course, 9 weight, 32 monitoring_b…). */
export function makeFitNonActivity(fileType: number): Uint8Array {
  const s = new FitWriter();
  s.define(0, 0, [[0, T.enum], [1, T.uint16], [2, T.uint16]]).data(0, [fileType, 1, 3113]);
  return s.finish();
}
