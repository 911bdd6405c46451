/**
 * Worker thread: decodes files, encodes their streams and derives their analysis off the main
 * thread, so the API stays responsive during imports (better-sqlite3 is synchronous) and all
 * cores work.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { parseFile } from '../ingest/parse-file.js';
import type { DeriveContext } from './derive.js';
import { keepOriginalSync } from './original-store.js';
import { type PreparedParseResult, prepareResult, transferables } from './prepare-result.js';

/** Nice value of parser threads (0 = normal, 19 = lowest). */
const PARSER_NICE = 10;

export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
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
  if (msg.keepAt) {
    try {
      keepOriginalSync(msg.keepAt, msg.bytes);
      kept = true;
    } catch {
      /* the main thread writes it instead (ParsePool reports kept: false) */
    }
  }
  try {
    result = prepareResult(parseFile(msg.bytes, msg.fileName), msg.context);
  } catch (e) {
    // parseFile must not throw; if it does anyway the file fails, the worker lives on.
    result = { kind: 'error', reason: `internal parser error: ${e instanceof Error ? e.message : String(e)}` };
  }
  parentPort!.postMessage({ id: msg.id, result, kept }, transferables(result));
});
