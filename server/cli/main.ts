import { runImport } from './import.command.js';
import { BACKUP_USAGE, runBackupCommand } from './backup.command.js';
import { EXPORT_USAGE, runExportCommand } from './export.command.js';

const USAGE = `Usage:
  milevault import [--json] [--dry-run] [--data-dir DIR] <files or folders…>
      Imports FIT/GPX/TCX files (also .gz) and Strava / Garmin export zips into MileVault's data folder (MILEVAULT_DATA_DIR,
      or DATABASE_URL for PostgreSQL). Shows a progress bar on a terminal; with --json prints one
      JSON object per file: {"name","status","activityId"?,"error"?,"warnings"?}.
      Exit code 1 when any file failed. --dry-run reports what would be imported (duplicates,
      problems) and writes nothing.
  milevault serve
      Starts the UI and API (same as npm start, without building).
${BACKUP_USAGE}${EXPORT_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'import') {
    let json = false;
    let dryRun = false;
    let dataDir: string | undefined;
    const paths: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      if (a === '--json') json = true;
      else if (a === '--dry-run') dryRun = true;
      else if (a === '--data-dir') dataDir = rest[++i];
      else if (a.startsWith('--data-dir=')) dataDir = a.slice(11);
      else if (a.startsWith('--')) {
        process.stderr.write(`unknown option ${a}\n${USAGE}`);
        return 2;
      } else paths.push(a);
    }
    if (!paths.length || (rest.includes('--data-dir') && !dataDir)) {
      process.stderr.write(USAGE);
      return 2;
    }
    return runImport(
      { json, dataDir, paths, dryRun },
      {
        out: (l) => process.stdout.write(`${l}\n`),
        err: (t) => process.stderr.write(t),
        isTty: Boolean(process.stderr.isTTY),
        columns: process.stderr.columns ?? 100,
      },
    );
  }
  if (cmd === 'backup' || cmd === 'verify' || cmd === 'restore' || cmd === 'migrate') {
    return runBackupCommand(cmd, rest, {
      out: (l) => process.stdout.write(`${l}\n`),
      err: (t) => process.stderr.write(t),
      isTty: Boolean(process.stderr.isTTY),
      columns: process.stderr.columns ?? 100,
    });
  }
  if (cmd === 'export') {
    return runExportCommand(rest, {
      out: (l) => process.stdout.write(`${l}\n`),
      err: (t) => process.stderr.write(t),
      isTty: Boolean(process.stderr.isTTY),
      columns: process.stderr.columns ?? 100,
    });
  }
  if (cmd === 'serve') {
    await import('../start.js').then(async (m) => {
      const { configFromEnv } = await import('../config.js');
      const cfg = configFromEnv();
      const s = await m.startServer({ host: cfg.host, port: cfg.port, dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, authToken: cfg.authToken, logger: true });
      console.log(`MileVault serving at ${s.url}`);
    });
    return -1; // keep running
  }
  process.stdout.write(USAGE);
  return cmd === undefined || cmd === '--help' || cmd === 'help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`milevault: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
