import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { Writable } from 'node:stream';
import type { OriginalStore } from '../original-store.js';
import type { Storage } from '../../storage/port.js';
import { csvLine } from './csv.js';
import { healthDailyCsv, healthSamplesCsv, healthSleepCsv } from './health-csv.js';
import { ZipWriter } from './zip-writer.js';
import { listedActivities } from './listed-activities.js';

/**
 * The whole account as one zip in the shape of a Strava bulk export (issue 16), so MileVault's own
 * archive import reads it back (and other tools that read Strava exports can too):
 *   activities.csv            one row per activity: id, UTC date, name, sport, description, private
 *                             note, gear, commute, perceived exertion, summary figures, Filename
 *   activities/<id><ext>      each activity's original file (none for manual entries)
 *   bikes.csv, shoes.csv      gear by name, brand, model (other gear rides along in activities.csv)
 *   health/daily.csv, health/samples.csv, health/sleep.csv   the health store (health-csv.ts)
 * Strava's column names and its English date format are used; the sport column carries our own
 * sport names, which the Strava reader maps back unchanged. Rows and files are written one at a
 * time: memory does not grow with the account.
 */
const HEADER = [
  'Activity ID', 'Activity Date', 'Activity Name', 'Activity Type', 'Activity Description', 'Elapsed Time', 'Distance',
  'Activity Private Note', 'Activity Gear', 'Filename', 'Commute', 'Elapsed Time', 'Moving Time', 'Distance', 'Max Speed',
  'Average Speed', 'Elevation Gain', 'Elevation Loss', 'Max Heart Rate', 'Average Heart Rate', 'Average Watts', 'Calories',
  'Perceived Exertion', 'Commute',
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Strava's English activities.csv date: "May 2, 2022, 8:54:21 AM" (UTC). */
export function stravaDate(iso: string): string {
  const d = new Date(iso);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}


export interface AccountExportProgress {
  activities: number;
  total: number;
}

export async function writeAccountExport(
  deps: { storage: Storage; originals: OriginalStore },
  userId: string,
  out: Writable,
  onProgress?: (p: AccountExportProgress) => void,
): Promise<void> {
  const { storage } = deps;
  const zip = new ZipWriter(out);
  const gear = await storage.gear.list(userId);
  const gearName = new Map(gear.map((g) => [g.id, g.name]));
  for (const kind of ['bike', 'shoes'] as const) {
    const prefix = kind === 'bike' ? 'Bike' : 'Shoe';
    const rows = gear.filter((g) => g.kind === kind).map((g) => csvLine([g.name, g.brand, g.model]));
    await zip.add(kind === 'bike' ? 'bikes.csv' : 'shoes.csv', Buffer.from(csvLine([`${prefix} Name`, `${prefix} Brand`, `${prefix} Model`]) + rows.join('')));
  }
  // activities.csv is assembled as rows are read and added after the files; a 5,000-activity
  // account's CSV is about 2 MB, the one thing held in memory.
  const lines: string[] = [csvLine(HEADER)];
  const written = new Set<string>();
  let done = 0;
  for await (const { item, total } of listedActivities(storage, userId)) {
    const a = await storage.activities.get(userId, item.id);
    if (!a) continue;
    const meta = await storage.activityMeta.get(userId, a.id);
    let filename = '';
    if (a.format !== 'manual' && a.original?.sha256) {
      const ext = (extname(a.original.fileName) || `.${a.format}`).toLowerCase();
      filename = `activities/${a.original.sha256}${/^\.[a-z0-9.]{1,10}$/.test(ext) ? ext : ''}`;
      const path = deps.originals.pathOf(a.original.sha256);
      if (!written.has(filename) && existsSync(path)) {
        await zip.add(filename, { path }, new Date(a.startTime));
        written.add(filename);
      }
    }
    const commute = meta?.commute === null || meta?.commute === undefined ? null : meta.commute;
    lines.push(
      csvLine([
        a.id, stravaDate(a.startTime), a.name, a.sport, meta?.description ?? null, a.elapsedTimeS, a.distanceM === null ? null : a.distanceM / 1000,
        meta?.privateNote ?? null, meta?.gearId ? gearName.get(meta.gearId) ?? null : null, filename, commute === null ? null : String(commute),
        a.elapsedTimeS, a.movingTimeS, a.distanceM, a.maxSpeedMps, a.avgSpeedMps, a.ascentM, a.descentM, a.maxHrBpm, a.avgHrBpm, a.avgPowerW, a.caloriesKcal,
        meta?.perceivedExertion ?? null, commute === null ? null : commute ? 1 : 0,
      ]),
    );
    onProgress?.({ activities: ++done, total });
  }
  await zip.add('activities.csv', Buffer.from(lines.join('')));
  await zip.add('health/daily.csv', await healthDailyCsv(storage, userId));
  await zip.add('health/sleep.csv', await healthSleepCsv(storage, userId));
  await zip.add('health/samples.csv', healthSamplesCsv(storage, userId, Date.now()));
  await zip.finish();
}
