import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { renderStreams, type RenderStreamsOptions } from './render-streams.js';

interface Pending {
  blob: Uint8Array;
  o: RenderStreamsOptions;
  resolve(b: Uint8Array): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Worker threads for charts: 1 when the machine has a second core, else none (inline). */
export function defaultRenderWorkers(): number {
  const env = process.env.MILEVAULT_RENDER_WORKERS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (Number.isInteger(n) && n >= 0 && n <= 16) return n;
  }
  return availableParallelism() >= 2 ? 1 : 0;
}

/**
 * Renders activity chart streams (decode, downsample, JSON, gzip: about 2.5 ms of CPU for an hour
 * at 1 Hz) on worker threads, so the event loop only reads the blob and sends the bytes. With 50
 * clients browsing, chart requests had been the largest share of the one thread every request
 * waits for (issue 14). Workers start on the first chart. A worker that dies has its charts
 * rendered inline and is replaced; a blob the codec rejects fails that request alone.
 */
export class StreamsRenderPool {
  private slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers replaced after an error or an exit (tests and /metrics-style introspection). */
  restarts = 0;

  constructor(readonly size: number = defaultRenderWorkers()) {}

  render(blob: Uint8Array, o: RenderStreamsOptions): Promise<Uint8Array> {
    if (this.size === 0 || this.closed) return Promise.resolve().then(() => renderStreams(blob, o));
    if (this.slots.length < this.size) this.slots.push(this.spawn());
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { blob, o, resolve, reject });
      const copy = new Uint8Array(blob.byteLength);
      copy.set(blob);
      slot.worker.postMessage({ id, blob: copy, o }, [copy.buffer]);
    });
  }

  private spawn(): Slot {
    const here = import.meta.url;
    // From source (tests, tsx) a bootstrap registers tsx inside the thread first (as parse-pool.ts).
    const worker = new Worker(new URL(here.endsWith('.ts') ? './streams-render-worker-dev.mjs' : './streams-render.worker.js', here));
    worker.unref();
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (m.bytes) p.resolve(m.bytes);
      else p.reject(Object.assign(new Error(m.error ?? 'chart rendering failed'), { statusCode: 500 }));
    });
    const lost = () => this.replace(slot);
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) lost();
    });
    return slot;
  }

  /** The worker is gone: what it held is rendered here, and a new worker takes its place. */
  private replace(slot: Slot) {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    this.restarts++;
    void slot.worker.terminate();
    for (const p of slot.pending.values()) {
      try {
        p.resolve(renderStreams(p.blob, p.o));
      } catch (e) {
        p.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    slot.pending.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    for (const s of slots) for (const p of s.pending.values()) p.reject(new Error('the server is shutting down'));
  }
}
