import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupJobDto, BackupListDto } from '../../shared/backup-api.js';
import { readBackup } from '../../server/services/backup/read-backup.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const W = { 'x-milevault-client': 'test' };
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await t.importAndWait([{ name: 'a.fit', bytes: makeFitActivity({ durationS: 300 }) }]);
});
afterAll(async () => t.close());

async function waitJob(id: string): Promise<BackupJobDto> {
  for (;;) {
    const j = (await t.app.inject({ url: `/api/v1/backups/jobs/${id}` })).json() as BackupJobDto;
    if (j.status !== 'running') return j;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('backups API', () => {
  it('starts a backup job, reports progress to done, lists and downloads it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/backups', headers: W });
    expect(res.statusCode).toBe(202);
    const job = await waitJob(res.json().id);
    expect(job.status).toBe('done');
    expect(job.rows).toBeGreaterThan(0);
    const list = (await t.app.inject({ url: '/api/v1/backups' })).json() as BackupListDto;
    expect(list.folder).toBe(join(t.dataDir, 'backups'));
    expect(list.items.map((i) => i.name)).toEqual([job.name]);
    expect(list.items[0].sizeBytes).toBeGreaterThan(0);
    expect(list.last?.status).toBe('done');
    const dl = await t.app.inject({ url: `/api/v1/backups/files/${job.name}` });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toContain(job.name!);
    const copy = join(t.dataDir, 'downloaded.tar.gz');
    writeFileSync(copy, dl.rawPayload);
    const { manifest } = await readBackup(copy);
    expect(manifest.tableRows.activities).toBe(1);
  });

  it('a scheduled catch-up is due only when the last successful backup is over a day old', async () => {
    const { finishedAt } = (await t.app.inject({ url: '/api/v1/backups' })).json().last as BackupJobDto;
    const done = Date.parse(finishedAt!);
    await expect(t.services.backups.catchUpDue(done + 3600_000)).resolves.toBe(false);
    await expect(t.services.backups.catchUpDue(done + 25 * 3600_000)).resolves.toBe(true);
  });

  it('refuses names outside the backup folder', async () => {
    for (const name of ['..%2Fmilevault.sqlite', 'milevault.sqlite', 'last-backup.json']) {
      const r = await t.app.inject({ url: `/api/v1/backups/files/${name}` });
      expect(r.statusCode, name).toBe(400);
    }
    expect((await t.app.inject({ url: '/api/v1/backups/files/milevault-2020-01-01T00-00-00-000Z.mvbackup.tar.gz' })).statusCode).toBe(404);
  });

  it('saves settings and validates the schedule', async () => {
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/backups/settings', payload: { cron: '99 99 * * *' } });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({ method: 'PUT', url: '/api/v1/backups/settings', payload: { keepDaily: 2, cron: '0 2 * * *' } });
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/backups/settings' })).json()).toMatchObject({ keepDaily: 2, cron: '0 2 * * *', enabled: true });
  });

  it('a failed backup becomes an insight with the reason', async () => {
    // A folder that cannot be created (a file is in the way; permissions would not stop root).
    const inTheWay = join(t.dataDir, 'in-the-way');
    writeFileSync(inTheWay, 'x');
    const blocked = join(inTheWay, 'backups');
    await t.app.inject({ method: 'PUT', url: '/api/v1/backups/settings', payload: { folder: blocked } });
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/backups', headers: W });
      const job = await waitJob(res.json().id);
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/ENOTDIR|not a directory/i);
      const insights = (await t.services.storage.insights.list('local', { includeDismissed: false, limit: 50 })).filter((i) => i.detector === 'backup');
      expect(insights).toHaveLength(1);
      expect(insights[0].message).toContain(job.error!);
    } finally {
      await t.app.inject({ method: 'PUT', url: '/api/v1/backups/settings', payload: { folder: '' } });
    }
  });
});
