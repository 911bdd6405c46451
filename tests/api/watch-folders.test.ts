import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { createServices } from '../../server/start.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';

const H = { 'x-milevault-client': 'test' };

/** The real app on a data folder that survives a "restart" (close + open again). */
async function open(dataDir: string) {
  const config: ServerConfig = { ...configFromEnv({}), dataDir };
  const services = await createServices(config, 2);
  const app = await buildApp({ config, ...services, version: 'test' });
  services.autoIngest.watch.configure({ stableMs: 300, batchMs: 100 });
  await services.imports.resumeUnfinished();
  await services.autoIngest.start();
  return {
    app,
    services,
    async close() {
      await app.close();
      await services.close();
    },
  };
}

type Open = Awaited<ReturnType<typeof open>>;

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 40_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const fit = (minute: number) => makeFitActivity({ startTime: new Date(Date.UTC(2024, 0, 1, 6, minute)), durationS: 120 });

async function activityCount(a: Open): Promise<number> {
  return (await a.app.inject({ url: '/api/v1/activities?limit=1' })).json().total;
}

async function files(a: Open, folderId: string): Promise<Record<string, { status: string; error: string | null; importJobId: string | null; activityId: string | null }>> {
  const body = (await a.app.inject({ url: `/api/v1/sources/folders/${folderId}/files` })).json();
  return Object.fromEntries(body.items.map((f: { relPath: string }) => [f.relPath, f]));
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function dirs() {
  const dataDir = mkdtempSync(join(tmpdir(), 'milevault-watch-data-'));
  const watched = mkdtempSync(join(tmpdir(), 'milevault-watched-'));
  cleanup.push(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(watched, { recursive: true, force: true });
  });
  return { dataDir, watched };
}

describe('watched folders (real files, real fs events)', () => {
  it('imports files that appear (also in subfolders), each once, with results in the import history', async () => {
    const { dataDir, watched } = dirs();
    const a = await open(dataDir);
    cleanup.push(() => a.close());
    const add = await a.app.inject({ method: 'POST', url: '/api/v1/sources/folders', headers: H, payload: { path: watched } });
    expect(add.statusCode).toBe(201);
    const folder = add.json();
    expect(folder.usingEvents).toBe(true);

    writeFileSync(join(watched, 'a.fit'), fit(0));
    mkdirSync(join(watched, 'phone'));
    writeFileSync(join(watched, 'phone', 'b.fit'), fit(10));
    writeFileSync(join(watched, 'notes.txt'), 'not an activity');
    await until('two activities', async () => (await activityCount(a)) === 2);
    const f = await until('two results', async () => {
      const x = await files(a, folder.id);
      return Object.values(x).filter((r) => r.status === 'imported').length === 2 && x;
    });
    expect(Object.keys(f).sort()).toEqual(['a.fit', 'phone/b.fit']);
    expect(f['a.fit'].activityId).toBeTruthy();
    const history = (await a.app.inject({ url: '/api/v1/imports' })).json();
    const names = history.flatMap((j: { files: { name: string }[] }) => j.files.map((x) => x.name));
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/\/a\.fit$/), expect.stringMatching(/\/phone\/b\.fit$/)]));

    // A rescan sees the same files again: nothing new is imported.
    const jobsBefore = (await a.app.inject({ url: '/api/v1/jobs?kind=watch-import' })).json().total;
    await a.app.inject({ method: 'POST', url: `/api/v1/sources/folders/${folder.id}/scan`, headers: H });
    await new Promise((r) => setTimeout(r, 800));
    expect((await a.app.inject({ url: '/api/v1/jobs?kind=watch-import' })).json().total).toBe(jobsBefore);
    expect(await activityCount(a)).toBe(2);
  });

  it('waits for a file that is still being written (partial writes) and imports it whole, once', async () => {
    const { dataDir, watched } = dirs();
    const a = await open(dataDir);
    cleanup.push(() => a.close());
    const folder = (await a.app.inject({ method: 'POST', url: '/api/v1/sources/folders', headers: H, payload: { path: watched } })).json();
    const bytes = fit(20);
    const path = join(watched, 'growing.fit');
    // Written in four parts 150 ms apart: every look before the end sees a different size.
    const parts = 4;
    const step = Math.ceil(bytes.length / parts);
    writeFileSync(path, bytes.subarray(0, step));
    for (let i = 1; i < parts; i++) {
      await new Promise((r) => setTimeout(r, 150));
      appendFileSync(path, bytes.subarray(i * step, (i + 1) * step));
    }
    const f = await until('the result', async () => {
      const x = await files(a, folder.id);
      return x['growing.fit'] && x['growing.fit'].status !== 'queued' && x;
    });
    expect(f['growing.fit'].status).toBe('imported');
    expect(f['growing.fit'].error).toBeNull();
    await new Promise((r) => setTimeout(r, 700));
    const jobs = (await a.app.inject({ url: '/api/v1/jobs?kind=watch-import' })).json();
    expect(jobs.total).toBe(1);
    expect(await activityCount(a)).toBe(1);
  });

  it('a temporary name renamed to its final name imports once; renaming an imported file imports nothing again', async () => {
    const { dataDir, watched } = dirs();
    const a = await open(dataDir);
    cleanup.push(() => a.close());
    const folder = (await a.app.inject({ method: 'POST', url: '/api/v1/sources/folders', headers: H, payload: { path: watched } })).json();
    writeFileSync(join(watched, 'ride.fit.part'), fit(30));
    await new Promise((r) => setTimeout(r, 600));
    expect(await activityCount(a)).toBe(0);
    renameSync(join(watched, 'ride.fit.part'), join(watched, 'ride.fit'));
    await until('the renamed file', async () => (await files(a, folder.id))['ride.fit']?.status === 'imported');

    renameSync(join(watched, 'ride.fit'), join(watched, 'ride-renamed.fit'));
    const f = await until('the second name', async () => {
      const x = await files(a, folder.id);
      return x['ride-renamed.fit'] && x;
    });
    expect(f['ride-renamed.fit'].status).toBe('duplicate');
    expect(f['ride-renamed.fit'].error).toMatch(/same content as ride\.fit/);
    expect(f['ride-renamed.fit'].activityId).toBe(f['ride.fit'].activityId);
    expect((await a.app.inject({ url: '/api/v1/jobs?kind=watch-import' })).json().items.filter((j: { result: { importJobId: string | null } }) => j.result?.importJobId).length).toBe(1);
    expect(await activityCount(a)).toBe(1);
  });

  it('survives a restart: known files are not imported again, files that landed meanwhile are', async () => {
    const { dataDir, watched } = dirs();
    let a = await open(dataDir);
    const folder = (await a.app.inject({ method: 'POST', url: '/api/v1/sources/folders', headers: H, payload: { path: watched } })).json();
    writeFileSync(join(watched, 'one.fit'), fit(40));
    await until('first file', async () => (await files(a, folder.id))['one.fit']?.status === 'imported');
    await a.close();

    writeFileSync(join(watched, 'two.fit'), fit(50)); // lands while the app is closed
    a = await open(dataDir);
    cleanup.push(() => a.close());
    await until('second file', async () => (await files(a, folder.id))['two.fit']?.status === 'imported').catch(async (e) => {
      console.log(JSON.stringify(await files(a, folder.id)), JSON.stringify((await a.app.inject({ url: '/api/v1/jobs' })).json()), JSON.stringify((await a.app.inject({ url: '/api/v1/sources/folders' })).json()));
      throw e;
    });
    await new Promise((r) => setTimeout(r, 700));
    const jobs = (await a.app.inject({ url: '/api/v1/jobs?kind=watch-import' })).json();
    expect(jobs.total).toBe(2);
    expect(jobs.items.every((j: { params: { files: { relPath: string }[] } }) => j.params.files.length === 1)).toBe(true);
    expect(await activityCount(a)).toBe(2);
    // A changed file (new content under the same name) is imported again.
    writeFileSync(join(watched, 'one.fit'), fit(55));
    await until('changed file', async () => (await activityCount(a)) === 3);
  });

  it('polls a folder in poll mode (network shares) and refuses bad folders with a reason', async () => {
    const { dataDir, watched } = dirs();
    const a = await open(dataDir);
    cleanup.push(() => a.close());
    const folder = (await a.app.inject({ method: 'POST', url: '/api/v1/sources/folders', headers: H, payload: { path: watched, mode: 'poll', pollIntervalS: 2 } })).json();
    expect(folder.usingEvents).toBe(false);
    writeFileSync(join(watched, 'nas.fit'), fit(45));
    await until('polled file', async () => (await files(a, folder.id))['nas.fit']?.status === 'imported');

    const rel = await a.app.inject({ method: 'POST', url: '/api/v1/sources/folders', headers: H, payload: { path: 'relative/dir' } });
    expect(rel.statusCode).toBe(400);
    expect(rel.json().error.message).toMatch(/not an absolute path/);
    const inside = await a.app.inject({ method: 'POST', url: '/api/v1/sources/folders', headers: H, payload: { path: join(dataDir, 'originals') } });
    expect(inside.statusCode).toBe(400);
    expect((await a.app.inject({ method: 'POST', url: '/api/v1/sources/folders', headers: H, payload: { path: '/' } })).statusCode).toBe(400);
    expect((await a.app.inject({ url: '/api/v1/events' })).statusCode).toBe(406);
    const dup = await a.app.inject({ method: 'POST', url: '/api/v1/sources/folders', headers: H, payload: { path: watched } });
    expect(dup.statusCode).toBe(409);
    const del = await a.app.inject({ method: 'DELETE', url: `/api/v1/sources/folders/${folder.id}`, headers: H });
    expect(del.statusCode).toBe(204);
    expect((await a.app.inject({ url: '/api/v1/sources/folders' })).json().items).toEqual([]);
  });
});
