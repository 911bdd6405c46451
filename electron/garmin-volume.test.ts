import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  findGarminActivityDir,
  findGarminFitFiles,
  listVolumeRoots,
  scanGarminVolumes,
  volumeParents,
  type DirEntry,
  type ListDir,
} from './garmin-volume.js';

const listDir: ListDir = (path) => readdir(path, { withFileTypes: true });

async function touch(path: string, content = 'x'): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
}

/** In-memory tree for platform paths that cannot exist in a temp folder (/media/<user>, D:\). */
function fakeListDir(tree: Record<string, Record<string, 'dir' | 'file'>>): ListDir {
  return async (path) => {
    const dir = tree[path];
    if (!dir) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
    return Object.entries(dir).map(
      ([name, kind]): DirEntry => ({ name, isFile: () => kind === 'file', isDirectory: () => kind === 'dir' }),
    );
  };
}

describe('garmin volume detection', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mv-garmin-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds FIT files in GARMIN/Activity of a watch-shaped folder, ignoring other files and folders', async () => {
    const watch = join(root, 'GARMIN-WATCH');
    await touch(join(watch, 'GARMIN', 'Activity', '2024-05-01-07-30-00.fit'));
    await touch(join(watch, 'GARMIN', 'Activity', 'A51H0815.FIT'));
    await touch(join(watch, 'GARMIN', 'Activity', 'notes.txt'));
    await mkdir(join(watch, 'GARMIN', 'Activity', 'sub.fit'), { recursive: true }); // a folder, not a file
    await touch(join(watch, 'GARMIN', 'Monitor', 'M1.FIT')); // wellness, not activities
    await touch(join(watch, 'GARMIN', 'Settings', 'settings.fit'));

    const files = await findGarminFitFiles(watch, listDir);
    expect(files).toEqual([
      join(watch, 'GARMIN', 'Activity', '2024-05-01-07-30-00.fit'),
      join(watch, 'GARMIN', 'Activity', 'A51H0815.FIT'),
    ]);
  });

  it('accepts the Edge layout Garmin/Activities and any letter case', async () => {
    await touch(join(root, 'edge', 'Garmin', 'Activities', 'ride.fit'));
    await touch(join(root, 'upper', 'GARMIN', 'ACTIVITY', 'RUN.FIT'));
    expect(await findGarminFitFiles(join(root, 'edge'), listDir)).toEqual([join(root, 'edge', 'Garmin', 'Activities', 'ride.fit')]);
    expect(await findGarminActivityDir(join(root, 'upper'), listDir)).toBe(join(root, 'upper', 'GARMIN', 'ACTIVITY'));
  });

  it('returns nothing for a volume that is not a Garmin, or one that does not exist', async () => {
    await touch(join(root, 'usb-stick', 'photos', 'a.fit'));
    await touch(join(root, 'usb-stick', 'GARMIN', 'readme.txt'));
    expect(await findGarminFitFiles(join(root, 'usb-stick'), listDir)).toEqual([]);
    expect(await findGarminFitFiles(join(root, 'missing'), listDir)).toEqual([]);
  });

  it('lists platform mount locations', () => {
    expect(volumeParents({ platform: 'linux', user: 'alice' }).parents).toEqual(['/media/alice', '/run/media/alice']);
    expect(volumeParents({ platform: 'darwin', user: 'alice' }).parents).toEqual(['/Volumes']);
    const win = volumeParents({ platform: 'win32', user: 'alice' });
    expect(win.roots).toHaveLength(23);
    expect(win.roots[0]).toBe('D:\\');
    expect(win.roots.at(-1)).toBe('Z:\\');
  });

  it('scans mounted volumes under /media/<user> and /run/media/<user>', async () => {
    const fake = fakeListDir({
      '/media/alice': { FR255: 'dir', 'USB STICK': 'dir', 'stray.txt': 'file' },
      '/media/alice/FR255': { GARMIN: 'dir' },
      '/media/alice/FR255/GARMIN': { Activity: 'dir' },
      '/media/alice/FR255/GARMIN/Activity': { 'B1.FIT': 'file', 'A1.FIT': 'file' },
      '/media/alice/USB STICK': { docs: 'dir' },
      '/run/media/alice': { EDGE: 'dir' },
      '/run/media/alice/EDGE': { Garmin: 'dir' },
      '/run/media/alice/EDGE/Garmin': { Activities: 'dir' },
      '/run/media/alice/EDGE/Garmin/Activities': { 'ride.fit': 'file' },
    });
    const env = { platform: 'linux' as const, user: 'alice' };
    expect(await listVolumeRoots(env, fake)).toEqual(['/media/alice/FR255', '/media/alice/USB STICK', '/run/media/alice/EDGE']);
    expect(await scanGarminVolumes(env, fake)).toEqual([
      '/media/alice/FR255/GARMIN/Activity/A1.FIT',
      '/media/alice/FR255/GARMIN/Activity/B1.FIT',
      '/run/media/alice/EDGE/Garmin/Activities/ride.fit',
    ]);
  });
});
