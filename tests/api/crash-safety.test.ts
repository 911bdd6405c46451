/**
 * Crash safety (issue 12, defect 3): a real server process is killed with SIGKILL at several
 * points of a multi-hundred-file import and restarted on the same data folder each time. Nothing
 * the server accepted may be lost: no file ends "interrupted before this file was saved", no
 * progress the API reported is undone by the kill, nothing is left orphaned in originals/ or
 * incoming/, and the database passes its integrity check.
 *
 * Before the fix (staged uploads deleted while their rows were still inside the uncommitted group
 * commit) this lost files at every kill point; see the figures logged per kill.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { multipartBody } from '../helpers/test-app.js';

const FILES = 300;
const KILL_AT = [0.1, 0.5, 0.9];
const ROOT = resolve(import.meta.dirname, '..', '..');

interface Server {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** `node --import tsx server/main.ts` on a free port; resolves once it prints its URL. */
async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MILEVAULT_DATA_DIR: dataDir, DATABASE_URL: '', MILEVAULT_AUTH_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = await new Promise<string>((res, rej) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /serving UI and API at (http:\/\/\S+)/.exec(line);
      if (m) res(m[1]);
    });
    void exited.then((code) => rej(new Error(`the server exited (${code}) before listening: ${stderr}`)));
  });
  // Keep draining stdout (request logs) so the child never blocks on a full pipe.
  child.stdout!.resume();
  return { url, child, exited };
}

async function kill(s: Server, signal: NodeJS.Signals): Promise<void> {
  s.child.kill(signal);
  await s.exited;
}

async function api<T>(s: Server, path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(`${s.url}${path}`, { ...init, headers: { origin: s.url, ...(init?.headers ?? {}) } });
  return { status: res.status, body: (await res.json()) as T };
}

interface JobView {
  status: string;
  done: number;
  total: number;
}

/** Polls the job until it is done; returns the last view. */
async function pollUntilDone(s: Server, jobId: string): Promise<JobView> {
  for (;;) {
    const { status, body } = await api<JobView>(s, `/api/v1/imports/${jobId}`);
    expect(status).toBe(200);
    if (body.status === 'done') return body;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Originals kept so far: a parse worker keeps a file's original before its result is stored. */
function keptOriginals(dataDir: string): number {
  return filesUnder(join(dataDir, 'originals')).filter((p) => /[0-9a-f]{64}$/.test(p)).length;
}

/**
 * Waits until `count` originals are kept, then reads the job as the API reports it. The kill point
 * follows the parse workers, not the API, so it lands anywhere within a group commit, and the job
 * cannot have finished (the files without an original have no result yet).
 */
async function waitForKept(s: Server, dataDir: string, jobId: string, count: number): Promise<JobView> {
  while (keptOriginals(dataDir) < count) await new Promise((r) => setTimeout(r, 10));
  const { body } = await api<JobView>(s, `/api/v1/imports/${jobId}`);
  return body;
}

/** Read from the database file directly, with the server dead. */
function inspect(dataDir: string, jobId: string) {
  const db = new BetterSqlite3(join(dataDir, 'milevault.sqlite'), { readonly: true });
  try {
    const files = db.prepare('select idx, name, status, error from import_files where job_id = ? order by idx').all(jobId) as { idx: number; name: string; status: string; error: string | null }[];
    const job = db.prepare('select status, done, total from import_jobs where id = ?').get(jobId) as { status: string; done: number; total: number } | undefined;
    return { files, job };
  } finally {
    db.close();
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  // A temp file can be renamed between the listing and the stat while the server runs.
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p), { throwIfNoEntry: false })?.isFile());
}

/**
 * What a crash of older code leaves behind, for the startup sweep: an original no row references
 * (written two days ago) and the staging folder of an upload killed before its 202.
 */
function plantLeftovers(dataDir: string): void {
  const sha = `00${'e'.repeat(62)}`;
  const orphan = join(dataDir, 'originals', '00', sha);
  mkdirSync(dirname(orphan), { recursive: true });
  writeFileSync(orphan, 'orphaned bytes');
  const old = new Date(Date.now() - 2 * 86_400_000);
  utimesSync(orphan, old, old);
  const staged = join(dataDir, 'incoming', randomUUID(), '0');
  mkdirSync(dirname(staged), { recursive: true });
  writeFileSync(staged, 'an upload killed before its 202');
}

describe('SIGKILL during a multi-hundred-file import', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'milevault-crash-'));
  let server: Server | null = null;
  afterAll(async () => {
    if (server) await kill(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no accepted file, orphans nothing and keeps the database intact', { timeout: 150_000 }, async () => {
    const day = 86_400_000;
    const files = Array.from({ length: FILES }, (_, i) => ({
      name: `run-${String(i).padStart(3, '0')}.fit`,
      bytes: makeFitActivity({ startTime: new Date(Date.UTC(2020, 0, 1) + i * day), durationS: 120 + (i % 7) }),
    }));
    server = await startServer(dataDir);
    const { payload, headers } = multipartBody(files);
    const created = await api<{ id: string }>(server, '/api/v1/imports', { method: 'POST', body: payload, headers });
    expect(created.status).toBe(202);
    const jobId = created.body.id;

    const lostPerKill: number[] = [];
    const undonePerKill: number[] = [];
    for (const fraction of KILL_AT) {
      const seen = await waitForKept(server, dataDir, jobId, Math.ceil(FILES * fraction));
      await kill(server, 'SIGKILL');
      server = null;
      const after = inspect(dataDir, jobId);
      // The job row the 202 promised survives the kill, and the kill came before the job ended.
      expect(after.job).toBeDefined();
      expect(after.job!.status).not.toBe('done');
      const final = after.files.filter((f) => f.status !== 'pending');
      // A file still pending must still have its staged bytes, or it can never be imported.
      const lost = after.files.filter((f) => f.status === 'pending' && !existsSync(join(dataDir, 'incoming', jobId, String(f.idx)))).length;
      lostPerKill.push(lost);
      // Progress the API reported before the kill must not be undone by it.
      undonePerKill.push(Math.max(0, seen.done - final.length));
      console.log(`[crash-safety] killed at ${Math.round(fraction * 100)} % of originals kept, ${seen.done}/${FILES} reported done: ${final.length} final in the database, ${lost} lost`);
      if (fraction === KILL_AT[0]) plantLeftovers(dataDir);
      server = await startServer(dataDir);
    }

    const end = await pollUntilDone(server, jobId);
    expect(end.status).toBe('done');
    const acts = await api<{ total: number }>(server, '/api/v1/activities?limit=1&offset=0');
    await kill(server, 'SIGTERM');
    server = null;

    const { files: rows, job } = inspect(dataDir, jobId);
    const db = new BetterSqlite3(join(dataDir, 'milevault.sqlite'), { readonly: true });
    let integrity: unknown;
    let orphans: string[];
    let kept: string[];
    try {
      integrity = db.pragma('integrity_check', { simple: true });
      const referenced = new Set((db.prepare('select sha256 from originals union select original_sha256 from activities union select sha256 from activity_sources where sha256 is not null').all() as { sha256: string }[]).map((r) => r.sha256));
      kept = filesUnder(join(dataDir, 'originals')).map((p) => p.split('/').pop()!);
      orphans = kept.filter((sha) => !referenced.has(sha));
    } finally {
      db.close();
    }
    const notImported = rows.filter((r) => r.status !== 'imported');
    const staged = filesUnder(join(dataDir, 'incoming'));
    console.log(`[crash-safety] end: ${FILES - notImported.length}/${FILES} imported, ${acts.body.total} activities, ${orphans.length} orphaned originals, ${staged.length} staged files left`);

    expect({ lostPerKill, undonePerKill }).toEqual({ lostPerKill: KILL_AT.map(() => 0), undonePerKill: KILL_AT.map(() => 0) });
    expect(job).toMatchObject({ status: 'done', done: FILES, total: FILES });
    expect(notImported).toEqual([]);
    expect(acts.body.total).toBe(FILES);
    expect(integrity).toBe('ok');
    // Every kept original is referenced by a row, and every imported file kept its original.
    expect(orphans).toEqual([]);
    expect(kept.length).toBe(FILES);
    expect(staged).toEqual([]);
  });
});
