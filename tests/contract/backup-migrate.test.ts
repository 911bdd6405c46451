import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../server/services/backup/create-backup.js';
import { migrateData } from '../../server/services/backup/migrate-data.js';
import { restoreBackup } from '../../server/services/backup/restore-backup.js';
import { dumpRows, fileHashes, rawSqliteDump, seedData } from '../helpers/backup-fixtures.js';
import { createTestDatabase } from '../helpers/pg-database.js';

const root = mkdtempSync(join(tmpdir(), 'milevault-migrate-'));
const source = join(root, 'desktop');
const drops: (() => Promise<void>)[] = [];

async function newDb(): Promise<string> {
  const db = await createTestDatabase();
  expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
  drops.push(db!.drop);
  return db!.url;
}

async function pgTableNames(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  await c.end();
  return r.rows.map((x) => x.table_name).sort();
}

beforeAll(async () => {
  await seedData(source, 5);
});
afterAll(async () => {
  for (const d of drops) await d().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

describe('desktop ⇄ server (SQLite ⇄ PostgreSQL)', () => {
  let serverUrl = '';
  const serverFiles = join(root, 'server-files');

  it('SQLite → PostgreSQL: every table row-equal, every file checksum-equal', async () => {
    serverUrl = await newDb();
    const progress: string[] = [];
    const report = await migrateData({ from: { kind: 'sqlite', dataDir: source }, to: { kind: 'postgres', url: serverUrl }, fromFiles: source, toFiles: serverFiles, onProgress: (p) => progress.push(p.phase) });
    expect(report.tables.find((t) => t.name === 'activities')?.rows).toBe(5);
    expect(progress).toContain('verify');
    const a = await dumpRows({ kind: 'sqlite', dataDir: source });
    const b = await dumpRows({ kind: 'postgres', url: serverUrl });
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const t of Object.keys(a)) expect(b[t], t).toEqual(a[t]);
    expect(fileHashes(serverFiles)).toEqual(fileHashes(source));
    // PostgreSQL keeps the same columnar blob per activity as SQLite (issue 15); the per-sample
    // rows exist only as a TimescaleDB mirror, so plain PostgreSQL has none.
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    const n = await c.query<{ n: string }>('SELECT count(*) AS n FROM activity_streams');
    await c.end();
    expect(Number(n.rows[0].n)).toBe(5);
  });

  it('PostgreSQL → SQLite: back to a desktop folder equal to the original', async () => {
    const back = join(root, 'desktop-again');
    await migrateData({ from: { kind: 'postgres', url: serverUrl }, to: { kind: 'sqlite', dataDir: back }, fromFiles: serverFiles, toFiles: back });
    const a = await dumpRows({ kind: 'sqlite', dataDir: source });
    const b = await dumpRows({ kind: 'sqlite', dataDir: back });
    for (const t of Object.keys(a)) expect(b[t], t).toEqual(a[t]);
    expect(fileHashes(back)).toEqual(fileHashes(source));
    // Everything but the stream blobs (re-encoded from rows) is byte-identical.
    const raw = rawSqliteDump(back);
    const orig = rawSqliteDump(source);
    for (const t of Object.keys(orig).filter((x) => x !== 'activity_streams')) expect(raw[t], t).toEqual(orig[t]);
  });

  it('PostgreSQL backup → restore into an empty PostgreSQL database', async () => {
    const file = join(root, 'server.tar.gz');
    await createBackup({ source: { kind: 'postgres', url: serverUrl }, dataDir: serverFiles, outFile: file });
    const url2 = await newDb();
    const files2 = join(root, 'server2-files');
    await restoreBackup({ file, into: { kind: 'postgres', url: url2 }, filesDir: files2 });
    const a = await dumpRows({ kind: 'postgres', url: serverUrl });
    const b = await dumpRows({ kind: 'postgres', url: url2 });
    for (const t of Object.keys(a)) expect(b[t], t).toEqual(a[t]);
    expect(fileHashes(files2)).toEqual(fileHashes(serverFiles));
    // Not into a database that already has data.
    await expect(restoreBackup({ file, into: { kind: 'postgres', url: url2 }, filesDir: files2 })).rejects.toThrow(/not empty/);
  });

  it('a failed PostgreSQL restore leaves the database empty', async () => {
    const file = join(root, 'server.tar.gz');
    const url3 = await newDb();
    const { readMembers, writeMembers } = await import('../helpers/backup-fixtures.js');
    const members = await readMembers(file);
    const last = members.findIndex((m) => m.name === 'manifest.json');
    const bad = join(root, 'no-manifest.tar.gz');
    await writeMembers(bad, members.slice(0, last));
    await expect(restoreBackup({ file: bad, into: { kind: 'postgres', url: url3 }, filesDir: join(root, 'f3') })).rejects.toThrow(/no manifest/);
    expect(await pgTableNames(url3)).toEqual([]);
    expect(existsSync(join(root, 'f3', 'originals'))).toBe(false);
  });

  it('a PostgreSQL snapshot does not see writes committed after it began', async () => {
    const { openSnapshot } = await import('../../server/services/backup/snapshot-reader.js');
    const snap = await openSnapshot({ kind: 'postgres', url: serverUrl });
    try {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`INSERT INTO gear (id, user_id, name, kind, retired, default_sports_json, initial_distance_m, created_at_ms) SELECT 'g-after', user_id, 'Bought later', kind, 0, '[]', 0, created_at_ms FROM gear LIMIT 1`);
      const now = await c.query<{ n: string }>('SELECT count(*) AS n FROM gear');
      await c.end();
      const gear = snap.tables.find((t) => t.name === 'gear')!;
      let seen = 0;
      for await (const _ of snap.rows(gear)) seen++;
      expect(Number(now.rows[0].n)).toBe(seen + 1);
    } finally {
      await snap.close();
    }
  });

  it('refuses to migrate into a folder that already holds a database', async () => {
    await expect(migrateData({ from: { kind: 'sqlite', dataDir: source }, to: { kind: 'sqlite', dataDir: source }, fromFiles: source, toFiles: source })).rejects.toThrow(/already holds/);
  });
});
