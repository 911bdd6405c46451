import { gzipSync } from 'node:zlib';
import yazl from 'yazl';
import { makeFitActivity } from './fit-fixture.js';

/**
 * Builds Strava-style and Garmin-style export zips (FORMATS.md §5, §6) from generated FIT/GPX files
 * and the documented CSV/JSON shapes, plus hostile zips. Nothing here comes from a real export.
 */
export interface ZipEntry {
  name: string;
  bytes: Uint8Array | string;
  /** Store without compression (default: deflate). */
  store?: boolean;
}

export function zipBuffer(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(Buffer.from(e.bytes), e.name, { compress: !e.store, mtime: new Date('2024-01-01T00:00:00Z') });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** A GPX track as Strava rebuilds it (creator="StravaGPX"): 1 Hz, due north from 47°N 8°E like makeFitActivity. */
export function makeStravaGpx(o: { startTime: Date; durationS?: number; speedMps?: number; name?: string; type?: string }): string {
  const n = o.durationS ?? 600;
  const v = o.speedMps ?? 3;
  const pts: string[] = [];
  for (let i = 0; i <= n; i += 1) {
    const lat = 47 + (v * i) / 111_195;
    pts.push(`   <trkpt lat="${lat.toFixed(7)}" lon="8.0000000"><ele>${(400 + i * 0.01).toFixed(1)}</ele><time>${new Date(o.startTime.getTime() + i * 1000).toISOString().replace('.000', '')}</time></trkpt>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="StravaGPX" version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
 <metadata><time>${o.startTime.toISOString()}</time></metadata>
 <trk>
  <name>${o.name ?? 'Track'}</name>
  <type>${o.type ?? 'running'}</type>
  <trkseg>
${pts.join('\n')}
  </trkseg>
 </trk>
</gpx>
`;
}

/** The English activities.csv header, verbatim from FORMATS.md §5 (94 columns, duplicated names). */
export const STRAVA_HEADER =
  'Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed,Elevation Gain,Elevation Loss,Elevation Low,Elevation High,Max Grade,Average Grade,Average Positive Grade,Average Negative Grade,Max Cadence,Average Cadence,Max Heart Rate,Average Heart Rate,Max Watts,Average Watts,Calories,Max Temperature,Average Temperature,Relative Effort,Total Work,Number of Runs,Uphill Time,Downhill Time,Other Time,Perceived Exertion,Type,Start Time,Weighted Average Power,Power Count,Prefer Perceived Exertion,Perceived Relative Effort,Commute,Total Weight Lifted,From Upload,Grade Adjusted Distance,Weather Observation Time,Weather Condition,Weather Temperature,Apparent Temperature,Dewpoint,Humidity,Weather Pressure,Wind Speed,Wind Gust,Wind Bearing,Precipitation Intensity,Sunrise Time,Sunset Time,Moon Phase,Bike,Gear,Precipitation Probability,Precipitation Type,Cloud Cover,Weather Visibility,UV Index,Weather Ozone,Jump Count,Total Grit,Average Flow,Flagged,Average Elapsed Speed,Dirt Distance,Newly Explored Distance,Newly Explored Dirt Distance,Activity Count,Total Steps,Carbon Saved,Pool Length,Training Load,Intensity,Average Grade Adjusted Pace,Timer Time,Total Cycles,Media';

export interface StravaFixtureActivity {
  id: string;
  startTime: Date;
  name: string;
  type: string;
  description?: string;
  privateNote?: string;
  commute?: boolean;
  gear?: string;
  perceivedExertion?: number;
  durationS?: number;
  /** How the file is stored; 'none' = a manual entry without a file. */
  file: 'fit' | 'fit.gz' | 'gpx' | 'gpx.gz' | 'none';
  /** File name number, when it differs from the activity id (older exports). */
  fileId?: string;
  media?: string[];
  distanceM?: number;
}

const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** "May 2, 2022, 8:54:21 AM" in UTC, as Strava's English export writes it. */
export function stravaDate(d: Date): string {
  const m = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const h = d.getUTCHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${m} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

export function stravaFileName(a: StravaFixtureActivity): string | null {
  return a.file === 'none' ? null : `activities/${a.fileId ?? a.id}.${a.file}`;
}

export function stravaCsv(list: StravaFixtureActivity[], header = STRAVA_HEADER): string {
  const lines = [header];
  for (const a of list) {
    const c: string[] = new Array(94).fill('');
    const dur = a.durationS ?? 600;
    const dist = a.distanceM ?? dur * 3;
    c[0] = a.id; c[1] = stravaDate(a.startTime); c[2] = a.name; c[3] = a.type; c[4] = a.description ?? '';
    c[5] = String(dur); c[6] = (dist / 1000).toFixed(2); c[9] = a.commute ? 'true' : 'false'; c[10] = a.privateNote ?? '';
    c[11] = a.gear ?? ''; c[12] = stravaFileName(a) ?? ''; c[15] = `${dur}.0`; c[16] = `${dur}.0`; c[17] = String(dist);
    c[43] = a.perceivedExertion === undefined ? '' : String(a.perceivedExertion); c[50] = a.commute ? '1.0' : '0.0';
    c[93] = (a.media ?? []).join('|');
    lines.push(c.map(q).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The bytes of one activity's file, generated to start at its start time. */
export function stravaActivityFile(a: StravaFixtureActivity): Uint8Array | null {
  const dur = a.durationS ?? 600;
  if (a.file === 'none') return null;
  const raw = a.file.startsWith('fit') ? makeFitActivity({ startTime: a.startTime, durationS: dur, sport: a.type === 'Ride' ? 'cycling' : 'running' }) : Buffer.from(makeStravaGpx({ startTime: a.startTime, durationS: dur, name: a.name }));
  return a.file.endsWith('.gz') ? gzipSync(raw) : raw;
}

export function stravaExportEntries(list: StravaFixtureActivity[], extra: ZipEntry[] = []): ZipEntry[] {
  const entries: ZipEntry[] = [{ name: 'activities.csv', bytes: stravaCsv(list) }];
  for (const a of list) {
    const bytes = stravaActivityFile(a);
    if (bytes) entries.push({ name: stravaFileName(a)!, bytes });
    for (const m of a.media ?? []) entries.push({ name: m, bytes: Buffer.from(`JPEG-${a.id}-${m}`), store: true });
  }
  entries.push({ name: 'profile.csv', bytes: 'Athlete ID,Email Address,First Name\n1,x@example.org,Test\n' });
  return [...entries, ...extra];
}

export function makeStravaExport(list: StravaFixtureActivity[], extra: ZipEntry[] = []): Promise<Buffer> {
  return zipBuffer(stravaExportEntries(list, extra));
}

/** `n` generated activities one day apart, cycling through file kinds; every 10th is manual. */
export function generatedStravaActivities(n: number, durationS = 1800): StravaFixtureActivity[] {
  const kinds: StravaFixtureActivity['file'][] = ['fit.gz', 'gpx.gz', 'fit', 'gpx'];
  return Array.from({ length: n }, (_, i) => ({
    id: String(9_000_000_000 + i),
    startTime: new Date(Date.UTC(2016, 0, 1, 7, 0, 0) + i * 86_400_000),
    name: `Generated ${i}`,
    type: i % 3 === 0 ? 'Ride' : 'Run',
    description: `Description ${i}`,
    gear: i % 3 === 0 ? 'Road Bike' : 'Trail Shoes',
    durationS,
    file: i % 10 === 9 ? 'none' : kinds[i % kinds.length],
  }));
}

export interface GarminFixtureActivity {
  activityId: string;
  uploadId: string;
  startTime: Date;
  name: string;
  activityType: string;
  durationS?: number;
  /** Local offset for startTimeLocal (local wall clock written as if UTC). */
  utcOffsetS?: number;
  /** No original file in the export (a manual activity). */
  noFile?: boolean;
  gearPk?: number;
}

/** A number as Garmin writes epoch ms: scientific notation (`1.772721103E12`), FORMATS.md §6. */
const sci = (n: number) => n.toExponential().replace('e+', 'E').replace(/^(\d)E/, '$1.0E');

export function garminSummariesJson(list: GarminFixtureActivity[]): string {
  const items = list.map((a) => {
    const dur = (a.durationS ?? 600) * 1000;
    const gmt = a.startTime.getTime();
    return `{"activityId":${a.activityId},"name":${JSON.stringify(a.name)},"activityType":"${a.activityType}","sportType":"GENERIC","beginTimestamp":${gmt},"startTimeGmt":${sci(gmt)},"startTimeLocal":${sci(gmt + (a.utcOffsetS ?? 3600) * 1000)},"duration":${dur.toFixed(1)},"elapsedDuration":${dur.toFixed(1)},"movingDuration":${dur.toFixed(1)},"distance":${(a.durationS ?? 600) * 3 * 100},"minElevation":11480,"maxElevation":12480,"avgHr":130,"maxHr":140,"deviceId":3999999999,"manufacturer":"GARMIN"}`;
  });
  return `[{"summarizedActivitiesExport":[${items.join(',')}]}]`;
}

export async function makeGarminExport(list: GarminFixtureActivity[], o: { gear?: { gearPk: number; displayName: string; gearTypeName: string }[]; extra?: ZipEntry[] } = {}): Promise<Buffer> {
  const inner = await zipBuffer(
    list.filter((a) => !a.noFile).map((a) => ({ name: `athlete@example.org_${a.uploadId}.fit`, bytes: makeFitActivity({ startTime: a.startTime, durationS: a.durationS ?? 600 }) })),
  );
  const fitness = 'DI_CONNECT/DI-Connect-Fitness';
  const gearLinks = list.filter((a) => a.gearPk !== undefined).map((a) => ({ gearPk: a.gearPk, activityId: Number(a.activityId) }));
  const entries: ZipEntry[] = [
    { name: `${fitness}/athlete@example.org_0_summarizedActivities.json`, bytes: garminSummariesJson(list) },
    { name: `${fitness}/athlete@example.org_personalRecord.json`, bytes: '[{"personalRecords":[]}]' },
    { name: `${fitness}/athlete@example.org_gear.json`, bytes: JSON.stringify([{ gearDTOS: o.gear ?? [], gearActivityDTOs: gearLinks }]) },
    { name: 'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip', bytes: inner, store: true },
    { name: 'DI_CONNECT/DI-Connect-Wellness/2025-11-01_2026-02-09_123_sleepData.json', bytes: '[{"calendarDate":"2025-11-26","sleepStartTimestampGMT":"2025-11-26T05:26:00.0"}]' },
    { name: 'DI_CONNECT/DI-Connect-Aggregator/UDSFile_2025-11-01_2026-02-09.json', bytes: '[{"calendarDate":"2025-11-26","totalSteps":1000}]' },
    { name: 'DI_CONNECT/DI-Connect-User/user_profile.json', bytes: '{"userName":"x"}' },
    ...(o.extra ?? []),
  ];
  return zipBuffer(entries);
}

/**
 * Renames a member in place (local header and central directory), e.g. to `../evil.fit`, which
 * zip writers refuse to produce. Names must have the same byte length.
 */
export function renameMember(zip: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('renameMember needs names of equal length');
  const out = Buffer.from(zip);
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  let i = out.indexOf(a);
  while (i >= 0) {
    b.copy(out, i);
    i = out.indexOf(a, i + 1);
  }
  return out;
}

/** Damages the compressed data of one member (keeps headers intact): a corrupt member. */
export function corruptMember(zip: Buffer, name: string): Buffer {
  const out = Buffer.from(zip);
  const at = out.indexOf(Buffer.from(name)); // the local header's file name comes first
  const nameLen = out.readUInt16LE(at - 4);
  const extraLen = out.readUInt16LE(at - 2);
  const dataStart = at + nameLen + extraLen;
  const compressed = out.readUInt32LE(at - 12);
  for (let k = 0; k < Math.min(compressed, 200); k++) out[dataStart + 10 + k] ^= 0xa5;
  return out;
}

/** A small zip that expands a thousandfold (zeros): what the ratio limit must refuse. */
export function bombEntry(name: string, mb = 24): ZipEntry {
  return { name, bytes: Buffer.alloc(mb * 1024 * 1024) };
}
