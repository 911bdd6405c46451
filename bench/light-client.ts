/**
 * A closed-loop HTTP/1.1 load client with little CPU of its own (`--load-client light`).
 *
 * Why: the server-load bench runs its clients on the same 2 cores as the server. autocannon (a
 * JavaScript HTTP parser, a request rebuilt through lodash's deep clone for every dynamic request)
 * measured 0.23–0.25 ms of CPU per request there, half the server's own 0.43 ms: at ~2,700
 * requests/s the load generator took ~0.65 of the 2 cores, and its event-loop stalls (up to
 * ~50 ms) were counted as server latency. Remote browsers cost the server's machine nothing.
 * This client keeps each connection busy exactly as autocannon does (one request in flight per
 * connection, the next sent when the answer is complete), writes a prepared request line and
 * reads only what it needs (status, Content-Length or chunked framing). The bench prints both.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface LightRequest {
  path: string;
  headers: Record<string, string>;
}

export interface LightResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  non2xx: number;
  timeouts: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const TIMEOUT_MS = 10_000;

/** One response's framing, read from its head. */
function framing(head: string): { status: number; length: number | 'chunked' | 'close' } {
  const status = Number(head.slice(9, 12));
  const te = /\r\ntransfer-encoding:\s*chunked/i.test(head);
  if (te) return { status, length: 'chunked' };
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (m) return { status, length: Number(m[1]) };
  // 204/304 and HEAD have no body; anything else without a length ends with the connection.
  return { status, length: status === 204 || status === 304 ? 0 : 'close' };
}

/**
 * Where a chunked body ends in `buf` (from `from`), or -1 while more bytes are needed.
 * Bounded: each step consumes a chunk header and its data, or stops.
 */
function chunkedEnd(buf: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return -1;
    const size = parseInt(buf.toString('latin1', at, eol).split(';')[0]!, 16);
    if (!Number.isFinite(size)) throw new Error('bad chunk size');
    const next = eol + 2 + size + 2;
    if (size === 0) {
      // The last chunk: its line, any trailers, then an empty line ("0\r\n\r\n" without trailers).
      const end = buf.indexOf(HEADER_END, eol);
      return end < 0 ? -1 : end + 4;
    }
    if (buf.length < next) return -1;
    at = next;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runLightClient(o: { url: string; connections: number; durationS: number; next: () => LightRequest }): Promise<LightResult> {
  const target = new URL(o.url);
  const host = target.hostname;
  const port = Number(target.port || 80);
  let latencies = new Float64Array(1 << 14);
  let count = 0;
  let errors = 0;
  let non2xx = 0;
  let timeouts = 0;
  const started = performance.now();
  const endAt = started + o.durationS * 1000;

  const record = (ms: number) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = ms;
  };

  const connection = () =>
    new Promise<void>((done) => {
      let socket: Socket;
      let buf: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        socket.destroy();
        done();
      };
      const open = () => {
        buf = Buffer.alloc(0);
        socket = connect({ host, port, noDelay: true });
        socket.on('connect', send);
        socket.on('data', onData);
        socket.on('error', () => {
          errors++;
          reopen();
        });
        socket.on('close', () => {
          if (!finished && sentAt) reopen();
        });
      };
      const reopen = () => {
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.destroy();
        sentAt = 0;
        if (performance.now() >= endAt) return finish();
        open();
      };
      const send = () => {
        if (performance.now() >= endAt) return finish();
        const r = o.next();
        let head = `GET ${r.path} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: keep-alive\r\n`;
        for (const [k, v] of Object.entries(r.headers)) head += `${k}: ${v}\r\n`;
        sentAt = performance.now();
        clearTimeout(timer);
        timer = setTimeout(() => {
          timeouts++;
          reopen();
        }, TIMEOUT_MS);
        socket.write(`${head}\r\n`);
      };
      const onData = (chunk: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        const headEnd = buf.indexOf(HEADER_END);
        if (headEnd < 0) return;
        let f: ReturnType<typeof framing>;
        let end: number;
        try {
          f = framing(buf.toString('latin1', 0, headEnd));
          if (f.length === 'close') throw new Error('a response without a length');
          end = f.length === 'chunked' ? chunkedEnd(buf, headEnd + 4) : headEnd + 4 + f.length;
        } catch {
          errors++;
          return reopen();
        }
        if (end < 0 || buf.length < end) return;
        record(performance.now() - sentAt);
        if (f.status < 200 || f.status >= 300) non2xx++;
        buf = buf.subarray(end);
        sentAt = 0;
        send();
      };
      open();
    });

  await Promise.all(Array.from({ length: o.connections }, connection));
  const elapsedS = (performance.now() - started) / 1000;
  const sorted = latencies.slice(0, count).sort();
  return {
    requests: { average: Math.round(count / elapsedS), total: count },
    latency: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[count - 1] ?? NaN },
    errors,
    non2xx,
    timeouts,
  };
}
