/**
 * The folders of a Garmin watch or bike computer seen as USB mass storage (issue 18), and what its
 * GarminDevice.xml says about it. Activity files go to activities; the wellness folders (daily
 * monitoring, sleep, metrics such as VO2max and training status, HRV status, weight, …) go to the
 * health store: the import path already routes a wellness FIT there (import.service.ts →
 * health.ingestFit), so the watch's files are imported like any dropped file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Folder (case-insensitive) → what it holds. Names seen on Forerunner/Fenix/Venu/Edge volumes. */
export const GARMIN_FOLDERS: Record<string, 'activity' | 'wellness'> = {
  activity: 'activity',
  activities: 'activity',
  monitor: 'wellness',
  sleep: 'wellness',
  metrics: 'wellness',
  hrvstatus: 'wellness',
  health: 'wellness',
  weight: 'wellness',
  skin_tmp: 'wellness',
  sleepdata: 'wellness',
  bloodpressure: 'wellness',
};

export interface GarminDeviceInfo {
  model: string | null;
  serial: string | null;
  partNumber: string | null;
  softwareVersion: string | null;
}

export interface GarminFile {
  path: string;
  folder: string;
  kind: 'activity' | 'wellness';
  sizeBytes: number;
  mtimeMs: number;
}

const tag = (xml: string, name: string): string | null => {
  const m = new RegExp(`<${name}>([^<]{1,200})</${name}>`, 'i').exec(xml);
  return m ? m[1].trim() : null;
};

/**
 * Reads GARMIN/GarminDevice.xml (Garmin "Device" schema, http://www.garmin.com/xmlschemas/GarminDevice/v2):
 * `<Device><Model><PartNumber/><SoftwareVersion/><Description>Forerunner 255</Description></Model><Id>3412345678</Id>`.
 * Returns nulls for whatever is missing; never throws for a damaged file.
 */
export function parseGarminDeviceXml(xml: string): GarminDeviceInfo {
  const model = /<Model>([\s\S]*?)<\/Model>/i.exec(xml)?.[1] ?? '';
  // <Id> of the Device (the unit id printed as "serial" in Garmin Express); not Model's ids.
  const withoutModel = xml.replace(/<Model>[\s\S]*?<\/Model>/i, '');
  const sw = tag(model, 'SoftwareVersion');
  return {
    model: tag(model, 'Description'),
    serial: tag(withoutModel, 'Id'),
    partNumber: tag(model, 'PartNumber'),
    softwareVersion: sw && /^\d+$/.test(sw) ? (Number(sw) / 100).toFixed(2) : sw,
  };
}

async function entries(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** The GARMIN folder of a volume root (any case), or null. */
export async function garminDir(root: string): Promise<string | null> {
  const g = (await entries(root)).find((e) => e.isDirectory() && /^garmin$/i.test(e.name));
  return g ? join(root, g.name) : null;
}

export async function readDeviceInfo(garmin: string): Promise<GarminDeviceInfo> {
  const xml = (await entries(garmin)).find((e) => e.isFile() && /^garmindevice\.xml$/i.test(e.name));
  if (!xml) return { model: null, serial: null, partNumber: null, softwareVersion: null };
  try {
    return parseGarminDeviceXml(await readFile(join(garmin, xml.name), 'utf8'));
  } catch {
    return { model: null, serial: null, partNumber: null, softwareVersion: null };
  }
}

/** Every FIT file in the activity and wellness folders, oldest name first (Garmin names sort by time). */
export async function listGarminFiles(garmin: string): Promise<GarminFile[]> {
  const out: GarminFile[] = [];
  for (const d of await entries(garmin)) {
    const kind = d.isDirectory() ? GARMIN_FOLDERS[d.name.toLowerCase()] : undefined;
    if (!kind) continue;
    for (const f of (await entries(join(garmin, d.name))).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!f.isFile() || !/\.fit$/i.test(f.name)) continue;
      const path = join(garmin, d.name, f.name);
      try {
        const s = await stat(path);
        out.push({ path, folder: d.name, kind, sizeBytes: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // unplugged mid-scan
      }
    }
  }
  return out;
}
