/**
 * The bench's light load client (bench/light-client.ts) counts what a server answers, whatever its
 * framing: Content-Length, chunked (with a chunk split across writes), 304 without a body, errors
 * as non-2xx, and a connection the server closes is reopened.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLightClient } from '../../bench/light-client.js';

let url = '';
const seen: string[] = [];
const server = createServer((req, res) => {
  seen.push(`${req.url} ${req.headers['x-who']}`);
  const u = req.url ?? '';
  if (u.startsWith('/len')) return res.writeHead(200, { 'content-length': '5' }).end('hello');
  if (u.startsWith('/chunked')) {
    res.writeHead(200, { 'content-type': 'text/plain' }); // no length: Node sends it chunked
    res.write('x'.repeat(70_000));
    setImmediate(() => res.end('tail'));
    return;
  }
  if (u.startsWith('/304')) return res.writeHead(304).end();
  if (u.startsWith('/close')) return res.writeHead(200, { 'content-length': '2', connection: 'close' }).end('ok');
  return res.writeHead(500, { 'content-length': '4' }).end('oops');
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('bench light load client', () => {
  it('counts answers of every framing, non-2xx apart, and reopens closed connections', async () => {
    const paths = ['/len', '/chunked', '/304', '/close', '/fail'];
    let i = 0;
    const r = await runLightClient({ url, connections: 3, durationS: 0.6, next: () => ({ path: paths[i++ % paths.length]!, headers: { 'x-who': 'bench' } }) });
    expect(r.errors).toBe(0);
    expect(r.timeouts).toBe(0);
    expect(r.requests.total).toBeGreaterThanOrEqual(paths.length);
    // Every answer the server gave was counted once (none lost, none twice).
    expect(r.requests.total).toBe(seen.length);
    // As autocannon counts them: anything outside 2xx (the 500s and the 304s).
    const fails = seen.filter((s) => s.startsWith('/fail') || s.startsWith('/304')).length;
    expect(r.non2xx).toBe(fails);
    expect(seen.every((s) => s.endsWith(' bench'))).toBe(true);
    expect(r.latency.p50).toBeGreaterThan(0);
    expect(r.latency.p99).toBeGreaterThanOrEqual(r.latency.p50);
    expect(r.latency.max).toBeGreaterThanOrEqual(r.latency.p99);
  });

  it('reports a server that is not there as errors, and stops at its time', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const r = await runLightClient({ url: `http://127.0.0.1:${port}`, connections: 1, durationS: 0.2, next: () => ({ path: '/', headers: {} }) });
    expect(r.requests.total).toBe(0);
    expect(r.errors).toBeGreaterThan(0);
  });
});
