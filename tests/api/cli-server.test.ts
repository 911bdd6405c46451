import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListDto } from '../../shared/api.js';
import { runImport, type Io } from '../../server/cli/import.command.js';
import { INSTANCE_FILE, readInstanceFile, writeInstanceFile } from '../../server/instance-file.js';
import { startServer, type RunningServer } from '../../server/start.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';

function captureIo(): Io & { lines: string[]; errText: () => string } {
  const lines: string[] = [];
  let err = '';
  return { lines, out: (l) => void lines.push(l), err: (t) => void (err += t), isTty: false, columns: 100, errText: () => err };
}

function writeFits(dir: string, n: number, dayOffset: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const start = new Date(Date.UTC(2024, 0, 1 + dayOffset + i, 7, 0, 0));
    writeFileSync(join(dir, `run-${dayOffset + i}.fit`), makeFitActivity({ durationS: 600, startTime: start }));
  }
}

/**
 * Issue 12, defect 6: `milevault import` next to a running app on the same data folder failed with
 * "database is locked" and imported nothing. Now it finds the server (server.json) and imports
 * through its API, and says so; with no server it opens the database itself.
 */
describe('milevault import next to a running server', () => {
  let root: string;
  let dataDir: string;
  let server: RunningServer;
  const token = 't'.repeat(48);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'milevault-cli-'));
    dataDir = join(root, 'data');
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, authToken: token });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('writes a private server.json with a local token that is not the launch token', () => {
    const info = readInstanceFile(dataDir);
    expect(info).toMatchObject({ url: server.url, pid: process.pid });
    expect(info?.token).toBeTruthy();
    expect(info?.token).not.toBe(token);
  });

  it('imports through the running server while it is busy with another import', async () => {
    // Keep the server's import queue (and its SQLite write transaction) busy.
    const busy = join(root, 'busy');
    writeFits(busy, 60, 0);
    const form = new FormData();
    const { openAsBlob } = await import('node:fs');
    for (let i = 0; i < 60; i++) form.append('files', await openAsBlob(join(busy, `run-${i}.fit`)), `run-${i}.fit`);
    const up = await fetch(`${server.url}/api/v1/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    expect(up.status).toBe(202);

    const mine = join(root, 'mine');
    writeFits(mine, 12, 100);
    writeFileSync(join(mine, 'notes.fit'), 'not a fit file at all');
    const io = captureIo();
    const code = await runImport({ json: true, dataDir, paths: [mine] }, io);
    expect(io.errText()).toMatch(/importing through it/);
    expect(io.errText()).not.toMatch(/locked/);
    const results = io.lines.map((l) => JSON.parse(l) as { name: string; status: string; error?: string });
    expect(results).toHaveLength(13);
    expect(results.filter((r) => r.status === 'imported')).toHaveLength(12);
    expect(results.find((r) => r.name === 'notes.fit')).toMatchObject({ status: 'failed', error: expect.any(String) });
    expect(code).toBe(1); // one file failed

    const list = (await (await fetch(`${server.url}/api/v1/activities?limit=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as ActivityListDto;
    const starts = new Set(list.items.map((a) => a.startTime.slice(0, 10)));
    for (let i = 0; i < 12; i++) expect(starts.has(new Date(Date.UTC(2024, 0, 101 + i)).toISOString().slice(0, 10))).toBe(true);
  });

  it('dry-runs through the running server too, writing nothing', async () => {
    const dir = join(root, 'dry');
    writeFits(dir, 2, 300);
    const io = captureIo();
    expect(await runImport({ json: true, dataDir, paths: [dir], dryRun: true }, io)).toBe(0);
    expect(io.lines.map((l) => JSON.parse(l).status)).toEqual(['imported', 'imported']);
    const list = (await (await fetch(`${server.url}/api/v1/activities?limit=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as ActivityListDto;
    expect(list.items.some((a) => a.startTime.startsWith(new Date(Date.UTC(2024, 0, 301)).toISOString().slice(0, 10)))).toBe(false);
  });
});

describe('milevault import with no server running', () => {
  it('ignores a stale server.json (dead process) and imports directly, saying so', async () => {
    const root = mkdtempSync(join(tmpdir(), 'milevault-cli-direct-'));
    try {
      const dataDir = join(root, 'data');
      mkdirSync(dataDir, { recursive: true });
      writeInstanceFile(dataDir, { url: 'http://127.0.0.1:9', pid: 2 ** 22 + 12345, startedAt: new Date().toISOString() });
      const dir = join(root, 'files');
      writeFits(dir, 3, 0);
      const io = captureIo();
      expect(await runImport({ json: true, dataDir, paths: [dir] }, io)).toBe(0);
      expect(io.errText()).toMatch(/no running server .* importing into it directly/);
      expect(io.lines.map((l) => JSON.parse(l).status)).toEqual(['imported', 'imported', 'imported']);
      expect(readInstanceFile(dataDir)?.pid).toBe(2 ** 22 + 12345); // not ours to remove
      rmSync(join(dataDir, INSTANCE_FILE));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
