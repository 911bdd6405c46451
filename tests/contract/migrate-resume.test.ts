/**
 * `milevault migrate` is resumable (issue 16): a run that is killed (SIGKILL, in a child process)
 * or fails part-way (an injected failure after N batches, SQLite → PostgreSQL) leaves what it
 * committed; running it again skips the tables and batches already copied and the files already
 * present with the right checksum, and ends with every table row-equal and every file
 * checksum-equal to the source.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATE_LEDGER_TABLE } from '../../server/services/backup/db-location.js';
import { migrateData, type MigrateProgress } from '../../server/services/backup/migrate-data.js';
import { dumpRows, fileHashes, rawSqliteDump, seedData } from '../helpers/backup-fixtures.js';
import { createTestDatabase } from '../helpers/pg-database.js';

const root = mkdtempSync(join(tmpdir(), 'milevault-migrate-resume-'));
const source = join(root, 'desktop');
const drops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  await seedData(source, 3);
}, 120_000);
afterAll(async () => {
  for (const d of drops) await d().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

async function pgTables(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  await c.end();
  return r.rows.map((x) => x.table_name);
}

describe('resumable migrate', () => {
  it('SQLite → SQLite killed mid-copy (SIGKILL): the re-run continues and ends identical', async () => {
    const target = join(root, 'desktop-copy');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'helpers', 'migrate-child.ts'), source, target], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let lastRows = 0;
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const killedAt = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        for (const l of b.toString().split('\n').filter((x) => x.startsWith('rows '))) {
          lines++;
          lastRows = Number(l.split(' ')[2]);
        }
        if (lines >= 40 && !child.killed) {
          child.kill('SIGKILL');
          resolve(lines);
        }
      });
      child.on('exit', (code) => reject(new Error(`the child ended by itself (code ${code}) after ${lines} batches: ${stderr}`)));
    });
    await new Promise((r) => child.once('close', r));
    expect(killedAt).toBeGreaterThanOrEqual(40);
    // Nothing switched: the target folder does not exist, the staging folder holds the progress.
    const staging = join(dirname(target), `.${basename(target)}.migrate`);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(staging, 'milevault.sqlite'))).toBe(true);

    const report = await migrateData({ from: { kind: 'sqlite', dataDir: source }, to: { kind: 'sqlite', dataDir: target }, fromFiles: source, toFiles: target });
    expect(report.resumed).not.toBeNull();
    // At least the rows it reported before the kill were kept (each batch commits before its line).
    expect(lastRows).toBeGreaterThan(0);
    expect(report.resumed!.rows).toBeGreaterThanOrEqual(lastRows);
    expect(await dumpRows({ kind: 'sqlite', dataDir: target })).toEqual(await dumpRows({ kind: 'sqlite', dataDir: source }));
    expect(fileHashes(target)).toEqual(fileHashes(source));
    expect(Object.keys(rawSqliteDump(target))).not.toContain(MIGRATE_LEDGER_TABLE);
    expect(existsSync(staging)).toBe(false);
  }, 180_000);

  it('SQLite → PostgreSQL failing after N batches, then in the files: each re-run continues; a different source is refused', async () => {
    const db = await createTestDatabase();
    expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
    drops.push(db!.drop);
    const files = join(root, 'server-files');
    const run = (stopWhen?: (p: MigrateProgress, n: number) => boolean) => {
      let n = 0;
      return migrateData({
        from: { kind: 'sqlite', dataDir: source },
        to: { kind: 'postgres', url: db!.url },
        fromFiles: source,
        toFiles: files,
        batchRows: 3,
        onProgress: (p) => {
          if (stopWhen?.(p, ++n)) throw new Error('injected failure');
        },
      });
    };
    // 1: stops after 25 committed batches of 3 rows.
    await expect(run((p, n) => p.phase === 'rows' && n >= 25)).rejects.toThrow(/stopped after \d+ rows .*injected failure.*run the same command again/);
    expect(await pgTables(db!.url)).toContain(MIGRATE_LEDGER_TABLE);
    // Another source cannot continue this one.
    const other = join(root, 'other');
    await seedData(other, 1);
    await expect(migrateData({ from: { kind: 'sqlite', dataDir: other }, to: { kind: 'postgres', url: db!.url }, fromFiles: other, toFiles: files })).rejects.toThrow(/unfinished migrate from/);
    // 2: all rows, then stops after the first file.
    let rowsSeenInRun2 = 0;
    await expect(
      run((p) => {
        if (p.phase === 'rows') rowsSeenInRun2++;
        return p.phase === 'files';
      }),
    ).rejects.toThrow(/injected failure/);
    expect(readdirSync(join(files, '.migrate', 'originals')).length).toBeGreaterThan(0);
    // 3: completes.
    const report = await run();
    expect(report.resumed).not.toBeNull();
    expect(report.resumed!.tables).toBe(report.tables.length);
    expect(report.resumed!.files).toBeGreaterThanOrEqual(1);
    expect(rowsSeenInRun2).toBeGreaterThan(0);
    expect(await dumpRows({ kind: 'postgres', url: db!.url })).toEqual(await dumpRows({ kind: 'sqlite', dataDir: source }));
    expect(fileHashes(files)).toEqual(fileHashes(source));
    expect(await pgTables(db!.url)).not.toContain(MIGRATE_LEDGER_TABLE);
    expect(existsSync(join(files, '.migrate'))).toBe(false);
  }, 240_000);
});
