/**
 * Finding activity files on a Garmin watch or bike computer mounted as USB mass storage.
 *
 * Pure apart from the injected directory-listing function, so tests run against a temp folder.
 * Folder names differ by device generation and the FAT volume may be listed in any case:
 * Forerunner/Fenix (mass-storage models) use `GARMIN/Activity` or `GARMIN/ACTIVITY`, older Edge
 * units `Garmin/Activities`. Newer models that only speak MTP never appear as a volume; they are
 * out of reach of this watcher (import their files through the menu instead).
 */
import { join, win32 } from 'node:path';

export interface DirEntry {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
}

/** Lists a directory; must reject (or return []) when it does not exist. `fs.promises.readdir(p, { withFileTypes: true })` fits. */
export type ListDir = (path: string) => Promise<DirEntry[]>;

const GARMIN_DIR = /^garmin$/i;
const ACTIVITY_DIR = /^activit(y|ies)$/i;
const FIT_FILE = /\.fit$/i;

async function listOrEmpty(listDir: ListDir, path: string): Promise<DirEntry[]> {
  try {
    return await listDir(path);
  } catch {
    // Not mounted, unplugged mid-scan, or permission denied: all mean "no watch here".
    return [];
  }
}

function findDir(entries: DirEntry[], pattern: RegExp): string | undefined {
  return entries.find((e) => e.isDirectory() && pattern.test(e.name))?.name;
}

/** The activity folder of a Garmin volume, or null when `volumeRoot` is not one. */
export async function findGarminActivityDir(volumeRoot: string, listDir: ListDir): Promise<string | null> {
  const garmin = findDir(await listOrEmpty(listDir, volumeRoot), GARMIN_DIR);
  if (!garmin) return null;
  const garminPath = join(volumeRoot, garmin);
  const activity = findDir(await listOrEmpty(listDir, garminPath), ACTIVITY_DIR);
  return activity ? join(garminPath, activity) : null;
}

/** FIT files in the volume's activity folder, sorted by name (Garmin names sort chronologically). Empty when not a Garmin volume. */
export async function findGarminFitFiles(volumeRoot: string, listDir: ListDir): Promise<string[]> {
  const dir = await findGarminActivityDir(volumeRoot, listDir);
  if (!dir) return [];
  return (await listOrEmpty(listDir, dir))
    .filter((e) => e.isFile() && FIT_FILE.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name));
}

export interface VolumeEnv {
  platform: NodeJS.Platform;
  /** Login name: Linux desktops mount removable media under /media/<user> or /run/media/<user>. */
  user: string;
}

/** Places whose children may be mounted volumes; for Windows the drive roots themselves. */
export function volumeParents(env: VolumeEnv): { parents: string[]; roots: string[] } {
  switch (env.platform) {
    case 'darwin':
      return { parents: ['/Volumes'], roots: [] };
    case 'win32': {
      // A: and B: are floppies and C: the system drive; a watch always gets a later letter.
      const roots: string[] = [];
      for (let c = 'D'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) roots.push(win32.join(`${String.fromCharCode(c)}:`, '\\'));
      return { parents: [], roots };
    }
    default:
      return { parents: [`/media/${env.user}`, `/run/media/${env.user}`], roots: [] };
  }
}

/** Every currently mounted candidate volume root. */
export async function listVolumeRoots(env: VolumeEnv, listDir: ListDir): Promise<string[]> {
  const { parents, roots } = volumeParents(env);
  const found = [...roots];
  for (const parent of parents) {
    for (const entry of await listOrEmpty(listDir, parent)) {
      if (entry.isDirectory()) found.push(join(parent, entry.name));
    }
  }
  return found;
}

/** All FIT files on all mounted Garmin volumes. */
export async function scanGarminVolumes(env: VolumeEnv, listDir: ListDir): Promise<string[]> {
  const files: string[] = [];
  for (const root of await listVolumeRoots(env, listDir)) files.push(...(await findGarminFitFiles(root, listDir)));
  return files;
}
