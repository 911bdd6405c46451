import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configFromEnv } from '../config.js';
import { createBackup } from '../services/backup/create-backup.js';
import { describeLocation, parseLocation, type DbLocation } from '../services/backup/db-location.js';
import { migrateData } from '../services/backup/migrate-data.js';
import { importBackupIntoAccount } from '../services/backup/account-import.js';
import { readBackup } from '../services/backup/read-backup.js';
import { restoreBackup } from '../services/backup/restore-backup.js';
import type { Io } from './import.command.js';

export const BACKUP_USAGE = `  milevault backup [--data-dir DIR] [--to FILE]
      Writes one archive (.tar.gz) of the whole database (every table, typed rows, schema
      version), the originals and raw health payloads, with SHA-256 checksums. The source is
      DATABASE_URL when set, otherwise the data folder. Safe while the app runs.
      Default FILE: <data dir>/backups/milevault-<time>.mvbackup.tar.gz
  milevault verify FILE
      Reads a backup end to end and checks every checksum, row and file.
  milevault restore FILE [--into DATA_DIR | DATABASE_URL] [--force] [--data-dir DIR]
      Restores into a new data folder or an empty PostgreSQL database (default: the data folder).
      Checked before it switches: a damaged backup changes nothing. A non-empty folder is
      replaced only with --force (the old one is moved aside). --data-dir: where a PostgreSQL
      restore puts the originals.
  milevault migrate --from <data dir | DATABASE_URL> --to <data dir | DATABASE_URL> [--from-files DIR] [--to-files DIR]
      Copies everything to another database (SQLite ⇄ PostgreSQL), then compares every table's
      rows and every file's checksum. Resumable: if it stops (killed, connection lost), run the
      same command again and it continues after the last committed batch. --from-files/--to-files:
      the data folder holding the originals of a PostgreSQL side (default: MILEVAULT_DATA_DIR).
  milevault migrate --from <…> --to <…> --user ID [--into-user ID]
      One athlete only, into an existing database: the athlete's activities (originals, names,
      notes, gear…) and health go into account --into-user of the target (default: the same id;
      "local" on a desktop) through the import pipeline, so an interrupted run is resumed by
      running it again (what arrived is recognised as duplicates) and other accounts are untouched.
`;

function opts(rest: string[], flags: string[], bools: string[] = []): { named: Record<string, string | true>; positional: string[]; error?: string } {
  const named: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [k, inline] = a.includes('=') ? [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a.slice(2), undefined];
    if (bools.includes(k)) named[k] = true;
    else if (flags.includes(k)) {
      const v = inline ?? rest[++i];
      if (!v) return { named, positional, error: `--${k} needs a value` };
      named[k] = v;
    } else return { named, positional, error: `unknown option ${a}` };
  }
  return { named, positional };
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

function progressLine(io: Io, text: string) {
  if (io.isTty) io.err(`\r${text.slice(0, io.columns - 1)}\x1b[K`);
}

/** `milevault backup|verify|restore|migrate`. Returns the exit code. */
export async function runBackupCommand(cmd: 'backup' | 'verify' | 'restore' | 'migrate', rest: string[], io: Io): Promise<number> {
  const env = configFromEnv();
  const usage = () => (io.err(`Usage:\n${BACKUP_USAGE}`), 2);
  const t0 = performance.now();
  if (cmd === 'backup') {
    const o = opts(rest, ['data-dir', 'to']);
    if (o.error || o.positional.length) return io.err(`${o.error ?? 'unexpected argument'}\n`), usage();
    const dataDir = resolve((o.named['data-dir'] as string) ?? env.dataDir);
    const source: DbLocation = env.databaseUrl ? { kind: 'postgres', url: env.databaseUrl } : { kind: 'sqlite', dataDir };
    const to = resolve((o.named.to as string) ?? join(dataDir, 'backups', `milevault-${new Date().toISOString().replace(/[:.]/g, '-')}.mvbackup.tar.gz`));
    io.err(`milevault: backing up ${describeLocation(source)} to ${to}\n`);
    const r = await createBackup({ source, dataDir, outFile: to, onProgress: (p) => progressLine(io, `${p.phase} ${p.table ?? ''} rows ${p.rows} files ${p.files} ${mb(p.bytes)}`) });
    if (io.isTty) io.err('\n');
    const rows = Object.values(r.manifest.tableRows).reduce((a, b) => a + b, 0);
    io.out(`backup written: ${r.file} (${mb(r.bytes)}, ${Object.keys(r.manifest.tableRows).length} tables, ${rows} rows, ${r.manifest.originals.count} originals, ${r.manifest.healthPayloads.count} health payloads) in ${secs(t0)}`);
    return 0;
  }
  if (cmd === 'verify') {
    const o = opts(rest, []);
    if (o.error || o.positional.length !== 1) return usage();
    const s = await readBackup(resolve(o.positional[0]), { progress: (p) => progressLine(io, `checked ${p.entries} members, ${p.rows} rows, ${mb(p.bytes)}`) });
    if (io.isTty) io.err('\n');
    const rows = Object.values(s.manifest.tableRows).reduce((a, b) => a + b, 0);
    io.out(`backup OK: made ${new Date(s.header.createdAtMs).toISOString()} from ${s.header.sourceKind} by MileVault ${s.header.appVersion}, schema ${s.header.migrations.at(-1) ?? '-'} (${s.header.migrations.length} migrations); ${s.header.tables.length} tables, ${rows} rows, ${s.manifest.originals.count} originals, ${s.manifest.healthPayloads.count} health payloads; every checksum matches`);
    return 0;
  }
  if (cmd === 'restore') {
    const o = opts(rest, ['into', 'data-dir'], ['force']);
    if (o.error || o.positional.length !== 1) return usage();
    const into = parseLocation((o.named.into as string) ?? (o.named['data-dir'] as string) ?? env.dataDir);
    const filesDir = (o.named['data-dir'] as string) ?? env.dataDir;
    io.err(`milevault: restoring ${o.positional[0]} into ${describeLocation(into)}\n`);
    const r = await restoreBackup({
      file: resolve(o.positional[0]),
      into: into.kind === 'sqlite' ? { kind: 'sqlite', dataDir: resolve(into.dataDir) } : into,
      filesDir,
      force: o.named.force === true,
      onProgress: (p) => progressLine(io, `restored ${p.entries} members, ${p.rows} rows, ${mb(p.bytes)}`),
    });
    if (io.isTty) io.err('\n');
    const rows = Object.values(r.manifest.tableRows).reduce((a, b) => a + b, 0);
    io.out(`restored ${rows} rows and ${r.manifest.originals.count} originals into ${describeLocation(into)} in ${secs(t0)}`);
    if (r.movedAside) io.out(`the previous data folder was moved to ${r.movedAside}`);
    return 0;
  }
  const o = opts(rest, ['from', 'to', 'from-files', 'to-files', 'user', 'into-user']);
  if (o.error || o.positional.length || !o.named.from || !o.named.to) return usage();
  const from = parseLocation(o.named.from as string);
  const to = parseLocation(o.named.to as string);
  const fromFiles = from.kind === 'sqlite' ? from.dataDir : ((o.named['from-files'] as string) ?? env.dataDir);
  const toFiles = to.kind === 'sqlite' ? to.dataDir : ((o.named['to-files'] as string) ?? env.dataDir);
  if (typeof o.named.user === 'string') return migrateOneAthlete(io, from, to, resolve(fromFiles), resolve(toFiles), o.named.user, typeof o.named['into-user'] === 'string' ? o.named['into-user'] : o.named.user, t0);
  io.err(`milevault: migrating ${describeLocation(from)} → ${describeLocation(to)}\n`);
  const r = await migrateData({ from, to, fromFiles: resolve(fromFiles), toFiles: resolve(toFiles), onProgress: (p) => progressLine(io, `${p.phase} ${p.table ?? ''} rows ${p.rows} files ${p.files}`) });
  if (io.isTty) io.err('\n');
  if (r.resumed) io.out(`continued an interrupted migrate: ${r.resumed.tables} tables and ${r.resumed.rows} rows were already copied, ${r.resumed.files} files already in place`);
  io.out(`migrated ${r.tables.reduce((a, t) => a + t.rows, 0)} rows in ${r.tables.length} tables and ${r.files} files (${mb(r.bytes)}) in ${secs(t0)}; verified: every table and every file matches`);
  return 0;
}

/** `migrate --user`: one athlete's history into an account of an existing database (account-import.ts). */
async function migrateOneAthlete(io: Io, from: DbLocation, to: DbLocation, fromFiles: string, toFiles: string, user: string, intoUser: string, t0: number): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), 'milevault-migrate-user-'));
  const { createServices } = await import('../start.js');
  let services: Awaited<ReturnType<typeof createServices>> | null = null;
  try {
    io.err(`milevault: taking athlete ${user} from ${describeLocation(from)}\n`);
    const file = join(tmp, 'source.mvbackup.tar.gz');
    await createBackup({ source: from, dataDir: fromFiles, outFile: file });
    services = await createServices({ ...configFromEnv(), dataDir: toFiles, databaseUrl: to.kind === 'postgres' ? to.url : undefined });
    if (!(await services.storage.users.ids()).includes(intoUser)) {
      io.err(`milevault: ${describeLocation(to)} has no account ${intoUser}; create it first or pass --into-user\n`);
      return 1;
    }
    const exclusions = services.analysis.exclusions;
    const r = await importBackupIntoAccount({ storage: services.storage, imports: services.imports, tmpDir: tmp, exclude: (u, i) => exclusions.exclude(u, i) }, file, intoUser, { sourceUserId: user });
    await services.imports.waitFor(r.jobId);
    const named = await r.followUp;
    const job = await services.storage.imports.get(intoUser, r.jobId);
    const files = job?.files ?? [];
    const count = (st: string) => files.filter((f) => f.status === st).length;
    io.out(`athlete ${user} → account ${intoUser} of ${describeLocation(to)}: ${r.activities} activities (${count('imported')} files new, ${count('duplicate')} already there, ${count('failed')} failed), health ${r.health.daily} daily values, ${r.health.samples} samples, ${r.health.sleep} nights; ${r.carried.thresholds} thresholds, ${r.carried.segments} segments, ${named.routesNamed} route names, ${named.exclusions} record exclusions, settings ${r.carried.settings.join(', ') || 'none'}; in ${secs(t0)}`);
    return count('failed') ? 1 : 0;
  } finally {
    await services?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
