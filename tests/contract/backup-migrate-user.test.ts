import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackupCommand } from '../../server/cli/backup.command.js';
import { openSqliteStorage } from '../../server/storage/sqlite/sqlite-storage.js';
import { sqliteFileOf } from '../../server/services/backup/db-location.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp } from '../helpers/test-app.js';

/**
 * `milevault migrate --user`: one athlete into an existing database that already has data, and a
 * second run (an interrupted one resumed) adds nothing twice.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function instance(days: number[], name: string): Promise<string> {
  const t = await createTestApp();
  await t.importAndWait(days.map((d) => ({ name: `${name}-${d}.fit`, bytes: makeFitActivity({ durationS: 300, startTime: new Date(Date.UTC(2025, 0, d, 7)) }) })));
  await t.services.storage.health.upsertDaily('local', days.map((d) => ({ metric: 'restingHrBpm', dayMs: Date.UTC(2025, 0, d), source: name, value: 40 + d })));
  await t.app.close();
  await t.services.close();
  dirs.push(t.dataDir);
  return t.dataDir;
}

async function counts(dir: string) {
  const s = await openSqliteStorage(sqliteFileOf(dir));
  try {
    return { activities: (await s.activities.list('local', { limit: 1, offset: 0 })).total, daily: (await s.health.counts('local')).daily };
  } finally {
    await s.close();
  }
}

describe('migrate --user', () => {
  it('moves one athlete into an existing database, and a re-run adds nothing twice', async () => {
    const from = await instance([1, 2, 3], 'src');
    const to = await instance([10], 'dst');
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: () => {}, isTty: false, columns: 80 };
    expect(await runBackupCommand('migrate', ['--from', from, '--to', to, '--user', 'local'], io)).toBe(0);
    expect(await counts(to)).toEqual({ activities: 4, daily: 4 });
    expect(out.join('\n')).toMatch(/athlete local → account local .*3 activities/);
    expect(await runBackupCommand('migrate', ['--from', from, '--to', to, '--user', 'local'], io)).toBe(0);
    expect(await counts(to)).toEqual({ activities: 4, daily: 4 });
    expect(await counts(from)).toEqual({ activities: 3, daily: 3 });
    const err: string[] = [];
    expect(await runBackupCommand('migrate', ['--from', from, '--to', to, '--user', 'local', '--into-user', 'nobody'], { ...io, err: (t: string) => err.push(t) })).toBe(1);
    expect(err.join('')).toMatch(/no account nobody/);
  });
});
