import { parentPort } from 'node:worker_threads';
import { argon2id, argon2Verify } from 'hash-wasm';

/** Runs argon2id off the main thread (see secret-hash.ts). One request at a time, in order. */
export type Argon2Request = { id: number; op: 'hash'; password: string; salt: Uint8Array; params: { parallelism: number; iterations: number; memorySize: number; hashLength: number } } | { id: number; op: 'verify'; password: string; hash: string };

parentPort!.on('message', (req: Argon2Request) => {
  const work = req.op === 'hash' ? argon2id({ ...req.params, password: req.password, salt: req.salt, outputType: 'encoded' }) : argon2Verify({ password: req.password, hash: req.hash }).catch(() => false);
  work.then(
    (result) => parentPort!.postMessage({ id: req.id, result }),
    (e: unknown) => parentPort!.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
