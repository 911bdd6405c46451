import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListDto, ImportJobDto } from '../../shared/api.js';
import { ROOT } from '../helpers/e2e.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';

/**
 * The bundled server (scripts/bundle-server.mjs → dist/app, what `npm start`, Docker and the
 * desktop run) works end to end: it starts, reads the package version, and each of its three
 * worker entries is found and used (argon2 for the admin and the login, parsing for an import,
 * chart rendering for the streams). Bundled into a folder of its own, so a running `npm start`
 * is never disturbed.
 */
const OUT = join('dist', `app-test-${process.pid}`);
const ADMIN = { email: 'admin@bundle.test', password: 'a long bundle password' };
const METRICS_TOKEN = 'bundle-metrics-token-0123456789';

describe('bundled server (dist/app)', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  let url = '';
  let firstLine = '';
  let stderr = '';

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/bundle-server.mjs', '--outdir', OUT], { cwd: ROOT, stdio: 'pipe' });
    dataDir = mkdtempSync(join(tmpdir(), 'milevault-bundle-'));
    child = spawn(process.execPath, [join(ROOT, OUT, 'main.js')], {
      cwd: tmpdir(), // the bundle finds the project (package.json, renderer) from its own location
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MILEVAULT_DATA_DIR: dataDir, MILEVAULT_MODE: 'server', MILEVAULT_ADMIN_EMAIL: ADMIN.email, MILEVAULT_ADMIN_PASSWORD: ADMIN.password, MILEVAULT_METRICS_TOKEN: METRICS_TOKEN, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    url = await new Promise<string>((ok, fail) => {
      let out = '';
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^(MileVault \S+) serving UI and API at (http:\/\/\S+)/m.exec(out);
        if (m) {
          firstLine = m[1]!;
          ok(m[2]!);
        }
      });
      child!.on('exit', (code) => fail(new Error(`bundled server exited (${code}): ${out.slice(-500)} ${stderr.slice(-1500)}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    rmSync(join(ROOT, OUT), { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('emits the entries and worker files the server locates at run time', () => {
    for (const f of ['main.js', 'start.js', 'cli.js', 'parse.worker.js', 'argon2.worker.js', 'streams-render.worker.js']) expect(existsSync(join(ROOT, OUT, f)), f).toBe(true);
  });

  it('reports the package version (it finds package.json from the bundle folder)', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(firstLine).toBe(`MileVault ${version}`);
  });

  it('logs in, imports a FIT file and renders its chart through the bundled workers', async () => {
    const h = { 'x-milevault-client': 'test' };
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('milevault_session=')) ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^milevault_session=./);

    const form = new FormData();
    form.append('files', new Blob([makeFitActivity()]), 'bundle-run.fit');
    const up = await fetch(`${url}/api/v1/imports`, { method: 'POST', body: form, headers: { ...h, cookie } });
    expect(up.status).toBe(202);
    const { id } = (await up.json()) as { id: string };
    let job: ImportJobDto | undefined;
    for (let i = 0; i < 600; i++) {
      job = (await (await fetch(`${url}/api/v1/imports/${id}`, { headers: { cookie } })).json()) as ImportJobDto;
      if (job.status !== 'queued' && job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job?.files.map((f) => f.status)).toEqual(['imported']);

    const list = (await (await fetch(`${url}/api/v1/activities`, { headers: { cookie } })).json()) as ActivityListDto;
    expect(list.items).toHaveLength(1);
    const streams = await fetch(`${url}/api/v1/activities/${list.items[0]!.id}/streams?maxPoints=200`, { headers: { cookie, 'accept-encoding': 'gzip' } });
    expect(streams.status).toBe(200);
    expect(streams.headers.get('content-encoding')).toBe('gzip');
    const body = (await streams.json()) as { timeS: number[] };
    expect(body.timeS.length).toBeGreaterThan(10);
    // A worker file the bundle lacks would not fail a request: the pools fall back or retry. They count it.
    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/^milevault_parse_worker_restarts_total 0$/m);
    expect(metrics).toMatch(/^milevault_render_worker_restarts_total 0$/m);
    expect(stderr).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/i);
  });

  it('serves the API reference and its files (Swagger UI is bundled; its static folder is not)', async () => {
    const page = await fetch(`${url}/api/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/swagger/i);
    for (const f of ['swagger-ui-bundle.js', 'index.css', 'logo.svg']) {
      const r = await fetch(`${url}/api/docs/static/${f}`);
      expect(r.status, f).toBe(200);
      expect((await r.arrayBuffer()).byteLength, f).toBeGreaterThan(100);
    }
  });

  it('exports startServer from start.js for the desktop shell', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(`file://${join(ROOT, OUT, 'start.js')}`)}); console.log(typeof m.startServer, typeof m.createServices)`], { cwd: ROOT }).toString().trim();
    expect(out).toBe('function function');
  });
});
