import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { createServices } from '../../server/start.js';
import { generatedStravaActivities, makeStravaExport } from '../helpers/archive-fixtures.js';

type Services = Awaited<ReturnType<typeof createServices>>;
const N = 16;

/** Starts an archive job and closes every service (pool, database) once `doneAt` members finished: a kill. */
async function killMidway(dataDir: string, start: (s: Services) => Promise<string>, doneAt: number): Promise<void> {
  const s1 = await createServices({ ...configFromEnv({}), dataDir }, 2);
  const jobId = await start(s1);
  await new Promise<void>((resolve) => {
    let closing = false;
    s1.imports.onProgress(jobId, (job) => {
      if (closing || job.done < doneAt) return;
      closing = true;
      void s1.close().then(resolve);
    });
  });
}

async function checkComplete(s: Services, list: ReturnType<typeof generatedStravaActivities>) {
  const all = await s.storage.activities.list(LOCAL_USER_ID, { limit: 500, offset: 0 });
  expect(all.total).toBe(N);
  expect(all.items.map((a) => a.name).sort()).toEqual(list.map((a) => a.name).sort());
  for (const a of all.items) {
    const i = Number(a.name.split(' ')[1]);
    const m = await s.storage.activityMeta.get(LOCAL_USER_ID, a.id);
    // No half-written activity: every one has its CSV metadata and its source recorded.
    expect(m).toMatchObject({ description: `Description ${i}`, source: 'strava' });
    expect(m!.sources.map((x) => x.externalId)).toContain(list[i].id);
    expect(m!.gearId).not.toBeNull();
  }
}

describe('kill and resume an archive import', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('importing the zip again after a kill finishes the rest without duplicates (CLI)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'milevault-resume-'));
    dirs.push(dataDir);
    const list = generatedStravaActivities(N, 900);
    const zipPath = join(dataDir, 'export.zip');
    writeFileSync(zipPath, await makeStravaExport(list));
    await killMidway(dataDir, (s) => s.imports.createJobFromPaths(LOCAL_USER_ID, [zipPath]), 4);
    const s2 = await createServices({ ...configFromEnv({}), dataDir }, 2);
    try {
      const partial = (await s2.storage.activities.list(LOCAL_USER_ID, { limit: 500, offset: 0 })).total;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(N);
      const jobId = await s2.imports.createJobFromPaths(LOCAL_USER_ID, [zipPath]);
      await s2.imports.waitFor(jobId);
      const job = (await s2.storage.imports.get(LOCAL_USER_ID, jobId))!;
      expect(job.status).toBe('done');
      expect(job.files.filter((f) => f.status === 'duplicate').length).toBeGreaterThanOrEqual(partial);
      await checkComplete(s2, list);
    } finally {
      await s2.close();
    }
  });

  it('an uploaded archive job resumes after a restart and finishes its own rows', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'milevault-resume-'));
    dirs.push(dataDir);
    const list = generatedStravaActivities(N, 900);
    const src = join(dataDir, 'src.zip');
    writeFileSync(src, await makeStravaExport(list));
    const jobId = 'job-resume-1';
    await killMidway(
      dataDir,
      async (s) => {
        // As the upload route stages it: <incoming>/<jobId>/<idx>, owned by the job.
        mkdirSync(join(s.incomingDir, jobId), { recursive: true });
        copyFileSync(src, join(s.incomingDir, jobId, '0'));
        return s.imports.createJob(LOCAL_USER_ID, [{ name: 'export.zip', path: join(s.incomingDir, jobId, '0'), owned: true }], jobId);
      },
      5,
    );
    const s2 = await createServices({ ...configFromEnv({}), dataDir }, 2);
    try {
      await s2.imports.resumeUnfinished();
      await s2.imports.waitFor(jobId);
      const job = (await s2.storage.imports.get(LOCAL_USER_ID, jobId))!;
      expect(job.status).toBe('done');
      expect(job.done).toBe(job.total);
      // The rows of the first run were reused, not added again.
      expect(new Set(job.files.map((f) => f.name)).size).toBe(job.files.length);
      expect(job.files.every((f) => f.status !== 'pending')).toBe(true);
      await checkComplete(s2, list);
    } finally {
      await s2.close();
    }
  });
});
