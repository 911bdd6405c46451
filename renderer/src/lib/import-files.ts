/**
 * Choosing what to upload from a folder (issue 17): a watch's GARMIN folder or a Downloads folder
 * holds much besides activities (settings FITs are fine, the server sorts them; .txt, .json, .jpg
 * are not), and a whole folder must not become one request of several hundred megabytes.
 */

/** Names the server can read: FIT/GPX/TCX, gzipped ones, and export zips (case-insensitive). */
const SUPPORTED = /\.(fit|gpx|tcx|zip|fit\.gz|gpx\.gz|tcx\.gz|gz)$/i;

export function isSupportedImportName(name: string): boolean {
  return SUPPORTED.test(name);
}

/** The path a folder pick gives a file (`Activity/2024-05-01.fit`), else its name. */
export function displayPath(f: File): string {
  return (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
}

export interface FolderSelection {
  supported: File[];
  /** Skipped files counted by extension ("txt" → 3, "" for no extension). */
  skipped: Map<string, number>;
  /** The folder the athlete picked (first part of the relative paths), if known. */
  folder: string | null;
}

export function selectSupported(files: File[]): FolderSelection {
  const supported: File[] = [];
  const skipped = new Map<string, number>();
  let folder: string | null = null;
  for (const f of files) {
    const path = displayPath(f);
    if (folder === null && path.includes('/')) folder = path.slice(0, path.indexOf('/'));
    // Hidden files (.DS_Store, ._2024.fit resource forks from macOS) are never activities.
    const base = f.name;
    if (!base.startsWith('.') && isSupportedImportName(base)) supported.push(f);
    else {
      const dot = base.lastIndexOf('.');
      const ext = base.startsWith('.') ? 'hidden' : dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
      skipped.set(ext, (skipped.get(ext) ?? 0) + 1);
    }
  }
  return { supported, skipped, folder };
}

/**
 * Consecutive batches of at most `maxFiles` files and `maxBytes` bytes (a single bigger file goes
 * alone: the server's own limit then reports it). Order is kept.
 */
export function batchFiles<T extends { size: number }>(files: T[], maxFiles: number, maxBytes: number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const f of files) {
    if (cur.length && (cur.length >= maxFiles || bytes + f.size > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(f);
    bytes += f.size;
  }
  if (cur.length) out.push(cur);
  return out;
}

export function describeSkipped(skipped: Map<string, number>): string {
  return [...skipped.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([ext, n]) => `${n} ${ext === '' ? 'without extension' : ext === 'hidden' ? 'hidden' : `.${ext}`}`)
    .join(', ');
}
