import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackupCommand } from '../../server/cli/backup.command.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { createServices } from '../../server/start.js';
import { dumpRows, fileHashes, rawSqliteDump } from '../helpers/backup-fixtures.js';
import { corpusFiles, corpusOrWarn } from '../helpers/corpus.js';
import { createTestDatabase } from '../helpers/pg-database.js';

const root = mkdtempSync(join(tmpdir(), 'milevault-backup-corpus-'));
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of drops) await d().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

/** Part of the real-device corpus (every 4th FIT, GPX and TCX file), through the CLI commands. */
describe.skipIf(!corpusOrWarn())('backup, restore and migrate on corpus data', () => {
  const dataDir = join(root, 'corpus-data');
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: () => {}, isTty: false, columns: 100 };

  it('milevault backup → verify → restore gives an identical data folder', async () => {
    const files = [...corpusFiles('fit', /\.fit$/i), ...corpusFiles('gpx', /\.gpx$/i), ...corpusFiles('tcx', /\.tcx$/i)].filter((_, i) => i % 4 === 0);
    expect(files.length).toBeGreaterThan(10);
    const s = await createServices({ dataDir, maxUploadBytes: 256 * 1024 * 1024 }, 2);
    try {
      await s.imports.waitFor(await s.imports.createJobFromPaths(LOCAL_USER_ID, files));
    } finally {
      await s.close();
    }
    const file = join(root, 'corpus.tar.gz');
    expect(await runBackupCommand('backup', ['--data-dir', dataDir, '--to', file], io)).toBe(0);
    expect(await runBackupCommand('verify', [file], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/^backup OK: .* every checksum matches$/);
    const into = join(root, 'corpus-restored');
    expect(await runBackupCommand('restore', [file, '--into', into], io)).toBe(0);
    // Stored charts are derived data the backup does not carry: the restore renders them again,
    // byte for byte the ones the import stored (compared in the dump).
    expect(rawSqliteDump(dataDir).activity_charts!.length).toBeGreaterThan(10);
    expect(rawSqliteDump(into)).toEqual(rawSqliteDump(dataDir));
    expect(fileHashes(into)).toEqual(fileHashes(dataDir));
  });

  it('milevault migrate to PostgreSQL gives identical rows and files', async () => {
    const db = await createTestDatabase();
    expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
    drops.push(db!.drop);
    const serverFiles = join(root, 'server-files');
    expect(await runBackupCommand('migrate', ['--from', dataDir, '--to', db!.url, '--to-files', serverFiles], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/verified: every table and every file matches/);
    const a = await dumpRows({ kind: 'sqlite', dataDir });
    const b = await dumpRows({ kind: 'postgres', url: db!.url });
    for (const t of Object.keys(a)) expect(b[t], t).toEqual(a[t]);
    expect(fileHashes(serverFiles)).toEqual(fileHashes(dataDir));
  });
});
