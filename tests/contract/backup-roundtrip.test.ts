import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DERIVED_TABLES } from '../../server/services/backup/db-location.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_NAME, MANIFEST_NAME, type BackupHeader, type BackupManifest } from '../../server/services/backup/backup-format.js';
import { createBackup } from '../../server/services/backup/create-backup.js';
import { readBackup } from '../../server/services/backup/read-backup.js';
import { restoreBackup } from '../../server/services/backup/restore-backup.js';
import { MIGRATIONS } from '../../server/storage/migrate.js';
import { fileHashes, rawSqliteDump, readMembers, seedData, writeMembers } from '../helpers/backup-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'milevault-backup-'));
const source = join(root, 'source');
const backup = join(root, 'b.mvbackup.tar.gz');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Lists what a location holds, so "nothing written" is checked, not assumed. */
const siblings = () => readdirSync(root).sort();

beforeAll(async () => {
  await seedData(source, 6);
  await createBackup({ source: { kind: 'sqlite', dataDir: source }, dataDir: source, outFile: backup });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('backup → restore (SQLite)', () => {
  it('covers every table of the database, read from SQLite itself', async () => {
    const { header, manifest } = await readBackup(backup);
    const conn = new BetterSqlite3(join(source, 'milevault.sqlite'), { readonly: true });
    const all = (conn.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
    const applied = (conn.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    conn.close();
    const inBackup = new Set(header.tables.map((t) => t.name));
    const missing = all.filter((t) => !t.startsWith('schema_migrations') && !inBackup.has(t));
    // Derived tables (stored charts) are rendered again by the restore, not carried.
    expect(missing, 'tables not in the backup').toEqual([...DERIVED_TABLES].filter((t) => all.includes(t)));
    expect(missing).toContain('activity_charts');
    expect(header.migrations).toEqual(applied);
    expect(manifest.tableRows.activities).toBe(6);
    expect(manifest.originals.count).toBe(6);
    expect(manifest.healthPayloads.count).toBe(1);
  });

  it('restores into a new folder with every table row-equal and every file checksum-equal', async () => {
    const into = join(root, 'restored');
    await restoreBackup({ file: backup, into: { kind: 'sqlite', dataDir: into } });
    const before = rawSqliteDump(source);
    const after = rawSqliteDump(into);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const t of Object.keys(before)) expect(after[t], t).toEqual(before[t]);
    expect(before.activities.some((r) => r.includes('Renamed — \\"quotes\\", ünïcode'))).toBe(true);
    expect(fileHashes(into)).toEqual(fileHashes(source));
    expect(siblings().filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses a non-empty folder unless forced, and then keeps the old one aside', async () => {
    const into = join(root, 'occupied');
    await restoreBackup({ file: backup, into: { kind: 'sqlite', dataDir: into } });
    writeFileSync(join(into, 'marker'), 'old');
    await expect(restoreBackup({ file: backup, into: { kind: 'sqlite', dataDir: into } })).rejects.toThrow(/not empty/);
    const r = await restoreBackup({ file: backup, into: { kind: 'sqlite', dataDir: into }, force: true });
    expect(r.movedAside && readFileSync(join(r.movedAside, 'marker'), 'utf8')).toBe('old');
    expect(existsSync(join(into, 'marker'))).toBe(false);
    expect(rawSqliteDump(into)).toEqual(rawSqliteDump(source));
  });

  it('migrates a backup of an older schema after the rows are in', async () => {
    const members = await readMembers(backup);
    const header = JSON.parse(members[0].data.toString()) as BackupHeader;
    const last = '0012_maintenance_tasks';
    header.migrations = header.migrations.filter((m) => m !== last);
    header.tables = header.tables.filter((t) => t.name !== 'maintenance_tasks');
    const kept = members.filter((m) => !m.name.startsWith('tables/maintenance_tasks/'));
    kept[0] = { name: HEADER_NAME, data: Buffer.from(JSON.stringify(header)) };
    const mi = kept.findIndex((m) => m.name === MANIFEST_NAME);
    const manifest = JSON.parse(kept[mi].data.toString()) as BackupManifest;
    manifest.headerSha256 = sha(kept[0].data);
    delete manifest.tableRows.maintenance_tasks;
    manifest.entries = manifest.entries.filter((e) => !e.path.startsWith('tables/maintenance_tasks/'));
    kept[mi] = { name: MANIFEST_NAME, data: Buffer.from(JSON.stringify(manifest)) };
    const older = join(root, 'older.tar.gz');
    await writeMembers(older, kept);
    const into = join(root, 'from-older');
    await restoreBackup({ file: older, into: { kind: 'sqlite', dataDir: into } });
    const conn = new BetterSqlite3(join(into, 'milevault.sqlite'), { readonly: true });
    const applied = (conn.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    conn.close();
    expect(applied).toEqual(Object.keys(MIGRATIONS.sqlite).sort());
    const after = rawSqliteDump(into);
    expect(after.activities).toEqual(rawSqliteDump(source).activities);
  });
});

describe('a damaged backup is refused with a clear error and nothing written', () => {
  async function expectRefused(file: string, message: RegExp) {
    await expect(readBackup(file)).rejects.toThrow(message);
    const into = join(root, `never-${Math.random().toString(36).slice(2)}`);
    const before = siblings();
    await expect(restoreBackup({ file, into: { kind: 'sqlite', dataDir: into } })).rejects.toThrow(message);
    expect(existsSync(into)).toBe(false);
    expect(siblings()).toEqual(before);
  }

  it('truncated', async () => {
    const bytes = readFileSync(backup);
    const cut = join(root, 'cut.tar.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expectRefused(cut, /truncated/);
  });

  it('an original altered inside the archive', async () => {
    const members = await readMembers(backup);
    const m = members.find((x) => x.name.startsWith('originals/'))!;
    m.data = Buffer.from(m.data);
    m.data[m.data.length >> 1] ^= 0xff;
    const f = join(root, 'tampered-original.tar.gz');
    await writeMembers(f, members);
    await expectRefused(f, /original .* is damaged/);
  });

  it('a row altered inside the archive', async () => {
    const members = await readMembers(backup);
    const m = members.find((x) => x.name.startsWith('tables/activities/'))!;
    m.data = Buffer.from(m.data.toString().replace('Renamed', 'Renamex'));
    const f = join(root, 'tampered-row.tar.gz');
    await writeMembers(f, members);
    await expectRefused(f, /tables\/activities\/00001\.ndjson does not match its checksum/);
  });

  it('a member removed', async () => {
    const members = (await readMembers(backup)).filter((x) => !x.name.startsWith('tables/activity_laps/'));
    const f = join(root, 'missing.tar.gz');
    await writeMembers(f, members);
    await expectRefused(f, /activity_laps.* missing from the archive/);
  });

  it('not a backup at all', async () => {
    const f = join(root, 'random.tar.gz');
    writeFileSync(f, Buffer.from('PK\u0003\u0004 definitely not gzip'));
    await expectRefused(f, /not a MileVault backup/);
  });

  it('a newer schema', async () => {
    const members = await readMembers(backup);
    const header = JSON.parse(members[0].data.toString()) as BackupHeader;
    header.migrations.push('9999_from_the_future');
    members[0] = { name: HEADER_NAME, data: Buffer.from(JSON.stringify(header)) };
    const f = join(root, 'future.tar.gz');
    await writeMembers(f, members);
    // The header is checked before anything is written, whatever the manifest says.
    const into = join(root, 'future-target');
    await expect(restoreBackup({ file: f, into: { kind: 'sqlite', dataDir: into } })).rejects.toThrow(/newer than this MileVault .*9999_from_the_future/);
    expect(existsSync(into)).toBe(false);
    expect(readdirSync(dirname(into)).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('a backup taken while an import runs', () => {
  it('restores to a consistent state', async () => {
    const { createServices } = await import('../../server/start.js');
    const { LOCAL_USER_ID } = await import('../../server/plugins/auth.js');
    const { writeFitFiles } = await import('../helpers/backup-fixtures.js');
    const live = join(root, 'live');
    const s = await createServices({ dataDir: live, maxUploadBytes: 64 * 1024 * 1024 }, 2);
    const file = join(root, 'live.tar.gz');
    let activitiesAtEnd = 0;
    try {
      const first = await s.imports.createJobFromPaths(LOCAL_USER_ID, writeFitFiles(join(root, 'live-a'), 3));
      await s.imports.waitFor(first);
      const job = await s.imports.createJobFromPaths(LOCAL_USER_ID, writeFitFiles(join(root, 'live-b'), 40, 100));
      // Start the backup once the import has committed some of its files, in the same process as the writer.
      const probe = new BetterSqlite3(join(live, 'milevault.sqlite'), { readonly: true });
      const committed = () => (probe.prepare('SELECT count(*) AS n FROM activities').get() as { n: number }).n;
      while (committed() < 6) await new Promise((r) => setTimeout(r, 20));
      probe.close();
      const [, ] = await Promise.all([createBackup({ source: { kind: 'sqlite', dataDir: live }, dataDir: live, outFile: file }), s.imports.waitFor(job)]);
      activitiesAtEnd = (await s.storage.activities.list(LOCAL_USER_ID, { limit: 1, offset: 0 })).total;
    } finally {
      await s.close();
    }
    const into = join(root, 'live-restored');
    const { manifest } = await restoreBackup({ file, into: { kind: 'sqlite', dataDir: into } });
    const n = manifest.tableRows.activities;
    console.log(`[backup during import] backup holds ${n} of ${activitiesAtEnd} activities`);
    expect(n).toBeGreaterThanOrEqual(6);
    expect(n).toBeLessThanOrEqual(activitiesAtEnd);
    const conn = new BetterSqlite3(join(into, 'milevault.sqlite'), { readonly: true });
    try {
      // Every activity came with its samples, laps and original: no half-imported file.
      const orphans = conn.prepare(`SELECT count(*) AS n FROM activities a WHERE NOT EXISTS (SELECT 1 FROM activity_streams s WHERE s.activity_id = a.id)`).get() as { n: number };
      expect(orphans.n).toBe(0);
      const noLaps = conn.prepare(`SELECT count(*) AS n FROM activities a WHERE NOT EXISTS (SELECT 1 FROM activity_laps l WHERE l.activity_id = a.id)`).get() as { n: number };
      expect(noLaps.n).toBe(0);
      expect(conn.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      const shas = (conn.prepare('SELECT DISTINCT original_sha256 AS s FROM activities').all() as { s: string }[]).map((r) => r.s);
      for (const h of shas) expect(existsSync(join(into, 'originals', h.slice(0, 2), h)), h).toBe(true);
    } finally {
      conn.close();
    }
  });
});
