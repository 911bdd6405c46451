/**
 * Worker thread: decodes files, encodes their streams and derives their analysis off the main
 * thread, so the API stays responsive during imports (better-sqlite3 is synchronous) and all
 * cores work.
 */
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { parseFile } from '../ingest/parse-file.js';
import type { DeriveContext } from './derive.js';
import { keepOriginalSync } from './original-store.js';
import { type PreparedParseResult, prepareResult, transferables } from './prepare-result.js';

/** Nice value of parser threads (0 = normal, 19 = lowest). */
const PARSER_NICE = 10;

/**
 * After a file that left this much memory behind (buffers not yet collected: a large file, a
 * gzip that inflated to the cap), the worker asks to be replaced: ending the thread returns its
 * memory at once, where V8 would keep it until a collection it has no reason to start (issue 12,
 * defect 5: ten gzip bombs left +600 MB). Ordinary files stay far below and never cost a restart.
 */
const RECYCLE_EXTERNAL_BYTES = 32 * 1024 * 1024;
const RECYCLE_HEAP_BYTES = 128 * 1024 * 1024;

export interface ParseRequest {
  id: number;
  /** The file's bytes (an archive member), or… */
  bytes?: Uint8Array;
  /** …its path, read here: a file on disk is never copied through the main thread (issue 12). */
  path?: string;
  fileName: string;
  /** With a context the worker also derives metrics and the route track (derive.ts). */
  context?: DeriveContext;
  /** Keep the file at this original-store path before decoding it (original-store.ts). */
  keepAt?: string;
}

// The main thread owns the database and is the import's serial step: when parsing and storing
// compete for the cores, storing goes first. On Linux the nice value is per thread, and
// setpriority(0) applies to the calling thread only (elsewhere it may renice the whole process,
// which is harmless here). Measured: see bench/import.bench.ts.
try {
  setPriority(0, PARSER_NICE);
} catch {
  /* not permitted: parse at normal priority */
}

parentPort!.on('message', (msg: ParseRequest) => {
  let result: PreparedParseResult;
  let kept = false;
  let bytes: Uint8Array;
  try {
    bytes = msg.bytes ?? readFileSync(msg.path!);
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, result: { kind: 'error', reason: `the file could not be read: ${e instanceof Error ? e.message : String(e)}` }, kept });
    return;
  }
  if (msg.keepAt) {
    try {
      keepOriginalSync(msg.keepAt, bytes);
      kept = true;
    } catch {
      /* the main thread writes it instead (ParsePool reports kept: false) */
    }
  }
  try {
    result = prepareResult(parseFile(bytes, msg.fileName), msg.context);
  } catch (e) {
    // parseFile must not throw; if it does anyway the file fails, the worker lives on.
    result = { kind: 'error', reason: `internal parser error: ${e instanceof Error ? e.message : String(e)}` };
  }
  const transfer = transferables(result);
  const heap = getHeapStatistics() as ReturnType<typeof getHeapStatistics> & { external_memory?: number };
  const leftBehind = (heap.external_memory ?? 0) - transfer.reduce((n, b) => n + b.byteLength, 0);
  const recycle = leftBehind > RECYCLE_EXTERNAL_BYTES || heap.total_heap_size > RECYCLE_HEAP_BYTES;
  parentPort!.postMessage({ id: msg.id, result, kept, recycle }, transfer);
});
