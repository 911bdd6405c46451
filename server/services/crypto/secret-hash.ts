import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Argon2Request } from './argon2.worker.js';

/**
 * argon2id for API keys (and, later, passwords) on a worker thread. hash-wasm runs it in WASM;
 * on the main thread each verification (19 MiB, t=2) blocked the event loop 0.4–0.7 s on this
 * 2-core VM, so one wrong ingest key stalled every other request (issue 12 bad-input suite).
 * One worker, started on first use and unref'd when idle; a bounded queue refuses floods.
 */
export const ARGON2_PARAMS = { parallelism: 1, iterations: 2, memorySize: 19456, hashLength: 32 } as const;
export type Argon2Params = { parallelism: number; iterations: number; memorySize: number; hashLength: number };
const MAX_QUEUED = 64;

/** Omit over each member of the union (the built-in Omit would merge them). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

class Argon2Worker {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;

  private start(): Worker {
    const here = import.meta.url;
    const w = new Worker(new URL(here.endsWith('.ts') ? './argon2-worker-dev.mjs' : './argon2.worker.js', here));
    w.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result);
      if (!this.pending.size) w.unref();
    });
    w.on('error', (e) => this.fail(w, e));
    w.on('exit', (code) => this.fail(w, new Error(`argon2 worker exited with code ${code}`)));
    return w;
  }

  private fail(w: Worker, e: Error) {
    if (this.worker !== w) return;
    this.worker = null;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  run<T>(req: WithoutId<Argon2Request>): Promise<T> {
    if (this.pending.size >= MAX_QUEUED) return Promise.reject(Object.assign(new Error('too many key checks at once; retry shortly'), { statusCode: 503, code: 'busy' }));
    const w = (this.worker ??= this.start());
    w.ref();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ ...req, id });
    });
  }
}

const shared = new Argon2Worker();

/** `params`: tests of login flows pass cheaper ones (the same argon2id; verify reads them from the hash). */
export function hashSecret(secret: string, params: Argon2Params = ARGON2_PARAMS): Promise<string> {
  return shared.run<string>({ op: 'hash', password: secret, salt: randomBytes(16), params: { ...params } });
}

export function verifySecret(secret: string, encodedHash: string): Promise<boolean> {
  return shared.run<boolean>({ op: 'verify', password: secret, hash: encodedHash });
}
