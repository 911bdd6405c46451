/**
 * Startup sweep (issue 12, defect 3): deletes only what no committed row references, old enough
 * that no other process can still be about to record it; staging folders of no unfinished job.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import { ORPHAN_MIN_AGE_MS, sweepOrphans, sweepOriginals } from './original-sweep.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sha = (c: string) => c.repeat(64);

/** Writes a file under `originalsDir` (its name as content), with an mtime when `age` is given. */
const writerIn = (originalsDir: string) => (rel: string, age: Date | null) => {
  const p = join(originalsDir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, rel);
  if (age) utimesSync(p, age, age);
  return p;
};

describe('sweepOrphans', () => {
  it('deletes unreferenced old originals, temp files and abandoned staging folders, and nothing else', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'milevault-sweep-'));
    dirs.push(dataDir);
    const storage = await openSqliteStorage(join(dataDir, 'db.sqlite'));
    try {
      await storage.users.ensure('u', 'U');
      await storage.originals.upsert({ userId: 'u', sha256: sha('a'), fileName: 'kept.fit', sizeBytes: 1, format: 'fit' });
      const running = randomUUID();
      const finished = randomUUID();
      await storage.imports.create({ id: running, userId: 'u', files: ['x.fit'] });
      await storage.imports.create({ id: finished, userId: 'u', files: ['y.fit'] });
      await storage.imports.setStatus(finished, 'done');
      await storage.imports.setFile(running, 0, { name: 'x.fit', status: 'failed', error: 'bad', sha256: sha('b') });

      const originalsDir = join(dataDir, 'originals');
      const incomingDir = join(dataDir, 'incoming');
      const now = Date.now();
      const old = new Date(now - ORPHAN_MIN_AGE_MS - 60_000);
      const put = writerIn(originalsDir);
      const referenced = put(`aa/${sha('a')}`, old);
      const referencedByJob = put(`bb/${sha('b')}`, old);
      const orphan = put(`cc/${sha('c')}`, old);
      const youngOrphan = put(`dd/${sha('d')}`, null);
      const oldTemp = put(`ee/${sha('e')}.0123abcd.tmp`, old);
      const youngTemp = put(`ee/${sha('e')}.89abcdef.tmp`, null);
      // Temp files named with their writer's pid: a dead writer's (or this process's, from an earlier
      // run with the same pid) go at once; a live other process's stay.
      const exited = spawnSync(process.execPath, ['-e', '0']).pid!;
      const deadWriterTemp = put(`ee/${sha('e')}.${exited}-00000001.tmp`, null);
      const ownPidTemp = put(`ee/${sha('e')}.${process.pid}-00000002.tmp`, null);
      const liveWriterTemp = put(`ee/${sha('e')}.${process.ppid}-00000003.tmp`, null);
      const strange = put('cc/notes.txt', old);
      const misplaced = put(`ff/${sha('c')}`, old); // not in its own shard: not the store's file

      const stage = (rel: string) => {
        const p = join(incomingDir, rel);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, 'bytes');
        return p;
      };
      const live = stage(`${running}/0`);
      const done = stage(`${finished}/0`);
      const killedBefore202 = stage(`${randomUUID()}/0`);
      const archiveTemp = stage(`archives/${randomUUID()}/member.fit`);
      const other = stage('README');

      const res = await sweepOrphans({ storage, originalsDir, incomingDir, nowMs: now });
      expect(res).toEqual({ originals: 4, staging: 3 });
      for (const p of [referenced, referencedByJob, youngOrphan, youngTemp, liveWriterTemp, strange, misplaced, live, other]) expect(existsSync(p), p).toBe(true);
      for (const p of [orphan, oldTemp, deadWriterTemp, ownPidTemp, done, killedBefore202, archiveTemp]) expect(existsSync(p), p).toBe(false);
    } finally {
      await storage.close();
    }
  });

  it('deletes nothing when the references cannot be read', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'milevault-sweep-'));
    dirs.push(dataDir);
    const storage = await openSqliteStorage(join(dataDir, 'db.sqlite'));
    const p = join(dataDir, 'originals', 'cc', sha('c'));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, 'x');
    const old = new Date(Date.now() - 2 * ORPHAN_MIN_AGE_MS);
    utimesSync(p, old, old);
    await storage.close();
    await expect(sweepOrphans({ storage, originalsDir: join(dataDir, 'originals'), incomingDir: join(dataDir, 'incoming') })).rejects.toThrow();
    expect(existsSync(p)).toBe(true);
  });

  it('run while this server imports (after it listens): its own young temp files are a live writer\'s', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'milevault-sweep-'));
    dirs.push(dataDir);
    const storage = await openSqliteStorage(join(dataDir, 'db.sqlite'));
    try {
      const originalsDir = join(dataDir, 'originals');
      const old = new Date(Date.now() - ORPHAN_MIN_AGE_MS - 60_000);
      const put = writerIn(originalsDir);
      const writing = put(`ee/${sha('e')}.${process.pid}-00000002.tmp`, null);
      const leftOver = put(`ee/${sha('e')}.${process.pid}-00000003.tmp`, old);
      const orphan = put(`cc/${sha('c')}`, old);
      const justKept = put(`dd/${sha('d')}`, null); // an import of this process, its row not yet committed
      expect(await sweepOriginals({ storage, originalsDir, ownWritesInFlight: true })).toBe(2);
      expect([writing, leftOver, orphan, justKept].map(existsSync)).toEqual([true, false, false, true]);
    } finally {
      await storage.close();
    }
  });
});
