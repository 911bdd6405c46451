/**
 * Live sharing figures for issue 19 (`liveBench(opts)`, `npm run bench -- --only live`): a server
 * child process (the bundled server `dist/app/main.js`, SQLite in a temp folder, or PostgreSQL with --database-url)
 * receives points from simulated OsmAnd/Traccar trackers (Traccar Client 9 JSON, `batch` points
 * per request every second, as the app's batch sync sends them; trackers spread over the second)
 * while WebSocket viewers watch
 * their sessions. Reported: points/s stored, tracker request latency, point→viewer latency (from
 * the moment the tracker sent the request to the viewer's message), points a viewer never got,
 * and the server's peak RSS. The load generator runs in this process on the same machine, so on
 * 2 cores the figures are a floor, not a ceiling.
 * Issue-sized run: `--live-trackers 1000 --live-batch 10 --live-viewers 1000`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildChanged, peakRssMb, startServerChild } from './server-child.js';
import { percentile, printTable } from './table.js';

export interface LiveBenchOptions {
  trackers: number;
  /** Points per tracker request (one request per tracker per second). */
  batch: number;
  viewers: number;
  seconds: number;
  databaseUrl?: string;
}

type Ws = { on(ev: string, fn: (...a: any[]) => void): void; terminate(): void };
const WsClient = createRequire(import.meta.url)('ws') as new (url: string) => Ws;

async function startChild(dataDir: string, databaseUrl?: string) {
  // LIVE_BENCH_PROF=dir: a V8 CPU profile of the server, written there when it stops.
  const prof = process.env.LIVE_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LIVE_BENCH_PROF}`] : [];
  // The server as `npm start` runs it: compiled JavaScript (built only if sources changed), not
  // sources transpiled by tsx in the process, which costs CPU and ~40 MB of RSS a user never pays.
  buildChanged();
  // Setup creates 1,000 tokens in a second: the write limit is raised for it.
  return startServerChild({ MILEVAULT_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', MILEVAULT_AUTH_TOKEN: '', MILEVAULT_RATE_LIMIT_WRITES: '1000000' }, prof);
}

export async function liveBench(opts: LiveBenchOptions): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'milevault-live-bench-'));
  const server = await startChild(dataDir, opts.databaseUrl);
  const client = { 'x-milevault-client': 'bench', 'content-type': 'application/json' };
  try {
    const tokens: string[] = [];
    for (let i = 0; i < opts.trackers; i++) {
      const res = await fetch(`${server.url}/api/v1/live/tokens`, { method: 'POST', headers: client, body: JSON.stringify({ name: `tracker ${i}` }) });
      if (!res.ok) throw new Error(`creating live token ${i}: HTTP ${res.status} ${await res.text()}`);
      tokens.push(((await res.json()) as { token: string }).token);
    }
    const t0 = Date.now() - 60_000;
    const sentAt = new Map<string, number>();
    const reqMs: number[] = [];
    let sent = 0;
    let accepted = 0;
    let failed = 0;
    const failReasons = new Map<string, number>();
    const post = async (i: number, round: number) => {
      const location = Array.from({ length: opts.batch }, (_, k) => {
        const step = round * opts.batch + k;
        return { timestamp: new Date(t0 + step * Math.floor(1000 / opts.batch)).toISOString(), coords: { latitude: 45 + i * 0.01 + step * 2e-5, longitude: 7 + (i % 50) * 0.01, speed: 3, heading: 0, altitude: 500, accuracy: 5 } };
      });
      const start = performance.now();
      for (const l of location) sentAt.set(`${i}:${Date.parse(l.timestamp)}`, start);
      sent += location.length;
      try {
        const res = await fetch(`${server.url}/api/v1/live/osmand`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ location, device_id: tokens[i] }) });
        const body = (await res.json()) as { accepted?: number };
        if (res.ok) accepted += body.accepted ?? 0;
        else {
          failed++;
          const code = (body as { error?: { code?: string } }).error?.code ?? String(res.status);
          failReasons.set(code, (failReasons.get(code) ?? 0) + 1);
        }
      } catch (e) {
        failed++;
        const code = (e as Error).message;
        failReasons.set(code, (failReasons.get(code) ?? 0) + 1);
      }
      if (round > 0) reqMs.push(performance.now() - start); // round 0 opens 1 session per tracker
    };
    // Round 0 opens every session, so viewers have share links to watch.
    await Promise.all(tokens.map((_, i) => post(i, 0)));
    const shareOf = new Map<string, number>();
    {
      // The newest 500 sessions (the listing's page limit): viewers spread over them.
      const res = await fetch(`${server.url}/api/v1/live/sessions?limit=500`);
      const items = ((await res.json()) as { items: { tokenId: string; share: { token: string } }[] }).items;
      const tokenIds = ((await (await fetch(`${server.url}/api/v1/live/tokens`)).json()) as { items: { id: string; name: string }[] }).items;
      const idx = new Map(tokenIds.map((t) => [t.id, Number(t.name.split(' ')[1])]));
      for (const s of items) shareOf.set(s.share.token, idx.get(s.tokenId)!);
    }
    const watched = [...shareOf.entries()];
    const viewerLat: number[] = [];
    const got = new Map<number, Set<number>>();
    const sockets: Ws[] = [];
    // A viewer is watching once its page holds the snapshot (the first message): the trackers'
    // clock starts when all 1,000 are, so the figures are the steady state. How long 1,000 viewers
    // opening at the same instant take to get their snapshots is its own column.
    const join0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.viewers }, (_, v) => {
        const [share, tracker] = watched[v % watched.length]!;
        const ws = new WsClient(`${server.url.replace('http', 'ws')}/api/v1/live/share/${share}`);
        sockets.push(ws);
        const seen = got.get(v) ?? new Set<number>();
        got.set(v, seen);
        let snapshot: () => void = () => {};
        const watching = new Promise<void>((ok) => (snapshot = ok));
        ws.on('message', (data: Buffer) => {
          const now = performance.now();
          const m = JSON.parse(data.toString()) as { type: string; points?: { t: number }[] };
          if (m.type === 'snapshot') snapshot();
          for (const p of m.points ?? []) {
            seen.add(p.t);
            const s = sentAt.get(`${tracker}:${p.t}`);
            if (m.type === 'points' && s !== undefined) viewerLat.push(now - s);
          }
        });
        return watching;
      }),
    );
    const wall0 = performance.now();
    const joinS = (wall0 - join0) / 1000;
    // Each tracker on its own clock, spread over the second as real phones are (not all at once).
    await Promise.all(
      tokens.map(async (_, i) => {
        const offset = (i / opts.trackers) * 1000;
        for (let round = 1; round <= opts.seconds; round++) {
          const due = wall0 + offset + (round - 1) * 1000;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          await post(i, round);
        }
      }),
    );
    const wallS = (performance.now() - wall0) / 1000;
    await new Promise((r) => setTimeout(r, 1500)); // the last pushes
    // A viewer should have every point of its tracker: (rounds + 1) × batch.
    const expected = (opts.seconds + 1) * opts.batch;
    let lost = 0;
    for (const seen of got.values()) lost += Math.max(0, expected - seen.size);
    for (const ws of sockets) ws.terminate();
    if (failReasons.size) console.log(`failed requests by reason: ${[...failReasons].map(([k, v]) => `${k} ×${v}`).join(", ")}`);
    printTable(`Live sharing (issue 19): ${opts.trackers} trackers × ${opts.batch} points/s, ${opts.viewers} WebSocket viewers, ${opts.seconds} s, ${opts.databaseUrl ? 'PostgreSQL' : 'SQLite'}`, [
      {
        'viewers joined s': joinS,
        'points sent': sent,
        accepted,
        'failed requests': failed,
        'points/s offered': opts.trackers * opts.batch,
        'points/s stored': (accepted - opts.trackers * opts.batch) / wallS,
        'request p50 ms': percentile(reqMs, 50),
        'request p99 ms': percentile(reqMs, 99),
        'point→viewer p50 ms': percentile(viewerLat, 50),
        'point→viewer p99 ms': percentile(viewerLat, 99),
        'point→viewer max ms': viewerLat.reduce((m, v) => (v > m ? v : m), 0),
        'points a viewer missed': lost,
        'server peak RSS MB': peakRssMb(server.pid),
      },
    ]);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (name: string, def: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : def);
  const db = args.includes('--database-url') ? args[args.indexOf('--database-url') + 1] : undefined;
  await liveBench({ trackers: arg('live-trackers', 200), batch: arg('live-batch', 5), viewers: arg('live-viewers', 200), seconds: arg('live-seconds', 10), databaseUrl: db });
}
