/**
 * Which backups to keep (issue 16): the newest backup of each of the last `keepDaily` days that
 * have one, and the newest of each of the last `keepWeekly` ISO weeks that have one (UTC). A
 * backup can count for both. Everything else in the folder made by MileVault may go. Pure.
 */
export interface BackupFileTime {
  name: string;
  timeMs: number;
}

/** The Monday (UTC) of the week: groups like ISO weeks. */
function weekKey(ms: number): string {
  const d = new Date(ms);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return new Date(monday).toISOString().slice(0, 10);
}

function newestPer(files: BackupFileTime[], key: (ms: number) => string, count: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const f of [...files].sort((a, b) => b.timeMs - a.timeMs)) {
    if (out.length >= count) break;
    const k = key(f.timeMs);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f.name);
  }
  return out;
}

export function backupsToKeep(files: BackupFileTime[], keepDaily: number, keepWeekly: number): Set<string> {
  const daily = newestPer(files, (ms) => new Date(ms).toISOString().slice(0, 10), keepDaily);
  const weekly = newestPer(files, weekKey, keepWeekly);
  return new Set([...daily, ...weekly]);
}
