/**
 * Storage.bulkWrites on SQLite: one outer transaction with repository transactions as savepoints.
 * A failing repository transaction must still roll back alone, nothing may be lost on end() or
 * close(), and other connections see the data once it is committed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from './sqlite-storage.js';

const dirs: string[] = [];
function dbFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'milevault-bulk-'));
  dirs.push(d);
  return join(d, 'db.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const countJobs = (file: string) => {
  const other = new BetterSqlite3(file, { readonly: true });
  try {
    return (other.prepare('select count(*) as n from import_jobs').get() as { n: number }).n;
  } finally {
    other.close();
  }
};

describe('SQLite bulkWrites', () => {
  it('groups commits, keeps a failed repository transaction to itself and commits on end()', async () => {
    const file = dbFile();
    const s = await openSqliteStorage(file);
    await s.users.ensure('u', 'U');
    const bulk = s.bulkWrites();
    await s.imports.create({ id: 'j1', userId: 'u', files: ['a.fit', 'b.fit'] });
    // Same job id again: the repository transaction fails on the primary key and rolls back.
    await expect(s.imports.create({ id: 'j1', userId: 'u', files: ['c.fit'] })).rejects.toThrow();
    await s.imports.create({ id: 'j2', userId: 'u', files: ['d.fit'] });
    // Inside the bulk this connection sees everything; another connection sees none of it yet.
    expect((await s.imports.get('u', 'j1'))!.files.map((f) => f.name)).toEqual(['a.fit', 'b.fit']);
    expect(countJobs(file)).toBe(0);
    bulk.end();
    expect(countJobs(file)).toBe(2);
    // Ending twice is harmless; a new bulk works the same.
    bulk.end();
    const again = s.bulkWrites();
    await s.imports.create({ id: 'j3', userId: 'u', files: [] });
    again.end();
    expect(countJobs(file)).toBe(3);
    await s.close();
  });

  it('commits what a bulk left open when the storage closes, and nests', async () => {
    const file = dbFile();
    const s = await openSqliteStorage(file);
    await s.users.ensure('u', 'U');
    const outer = s.bulkWrites();
    const inner = s.bulkWrites();
    await s.imports.create({ id: 'j1', userId: 'u', files: ['a.fit'] });
    inner.end();
    expect(countJobs(file)).toBe(0); // the outer bulk is still open
    await s.imports.create({ id: 'j2', userId: 'u', files: ['b.fit'] });
    void outer; // never ended: close() must still commit
    await s.close();
    expect(countJobs(file)).toBe(2);
  });

  it('commits in the background while a bulk stays open', async () => {
    const file = dbFile();
    const s = await openSqliteStorage(file);
    await s.users.ensure('u', 'U');
    const bulk = s.bulkWrites();
    await s.imports.create({ id: 'j1', userId: 'u', files: ['a.fit'] });
    for (let i = 0; i < 40 && countJobs(file) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(countJobs(file)).toBe(1);
    bulk.end();
    await s.close();
  });

  it('reports to clients only what is committed, and durable() resolves once another connection sees it (issue 12)', async () => {
    const file = dbFile();
    const s = await openSqliteStorage(file);
    await s.users.ensure('u', 'U');
    const statusElsewhere = () => {
      const other = new BetterSqlite3(file, { readonly: true });
      try {
        return (other.prepare("select status from import_files where job_id = 'j1' and idx = 0").get() as { status: string } | undefined)?.status;
      } finally {
        other.close();
      }
    };
    // No bulk open: a write is committed when it returns.
    await s.imports.create({ id: 'j1', userId: 'u', files: ['a.fit', 'b.fit'] });
    await s.durable();
    expect(statusElsewhere()).toBe('pending');
    const bulk = s.bulkWrites();
    await s.imports.setFile('j1', 0, { name: 'a.fit', status: 'imported', activityId: 'x' });
    // This connection sees the result; the committed view (what GET /imports/:id answers) does not yet.
    expect((await s.imports.get('u', 'j1'))!.files[0].status).toBe('imported');
    expect(await s.imports.getCommitted('u', 'j1')).toMatchObject({ done: 0, files: [{ status: 'pending' }, { status: 'pending' }] });
    expect((await s.imports.list('u', 5))[0].done).toBe(0);
    expect(statusElsewhere()).toBe('pending');
    const seenWhenDurable = await s.durable().then(() => statusElsewhere());
    expect(seenWhenDurable).toBe('imported');
    expect(await s.imports.getCommitted('u', 'j1')).toMatchObject({ done: 1, files: [{ status: 'imported', activityId: 'x' }, { status: 'pending' }] });
    // Waiting when the storage closes: close() commits, so the wait ends resolved.
    await s.imports.setFile('j1', 1, { name: 'b.fit', status: 'failed', error: 'bad' });
    const pending = s.durable();
    void bulk; // never ended
    await s.close();
    await expect(pending).resolves.toBeUndefined();
    const again = new BetterSqlite3(file, { readonly: true });
    expect(again.prepare("select count(*) as n from import_files where job_id = 'j1' and status != 'pending'").get()).toEqual({ n: 2 });
    again.close();
  });
});
