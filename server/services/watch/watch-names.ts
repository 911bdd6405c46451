/**
 * Which files in a watched folder are imported (issue 18). Pure: names only.
 * Sync tools write under temporary names and rename when complete (Syncthing `.syncthing.x.tmp`,
 * Nextcloud/ownCloud `.part`/`.~nnnn`, Dropbox `.dropbox.cache`, browsers `.crdownload`, rsync
 * `.name.XXXXXX`): those are never candidates; the final name arrives by a rename event.
 */
const IMPORTABLE = /\.(fit|gpx|tcx|zip)(\.gz)?$/i;
const TEMPORARY = /(\.(part|partial|tmp|temp|crdownload|download|swp)|~)$/i;

export function isImportableName(relPath: string): boolean {
  const parts = relPath.split(/[\\/]/);
  // Hidden files and folders (".stfolder", ".dropbox.cache", ".Trash-1000", "._x.fit" AppleDouble).
  if (parts.some((p) => p.startsWith('.') || p === '@eaDir' || p === '#recycle')) return false;
  const name = parts[parts.length - 1];
  return IMPORTABLE.test(name) && !TEMPORARY.test(name);
}

/** Two stats of a file are the same state. */
export function sameState(a: { size: number; mtimeMs: number }, b: { size: number; mtimeMs: number }): boolean {
  return a.size === b.size && Math.floor(a.mtimeMs) === Math.floor(b.mtimeMs);
}
