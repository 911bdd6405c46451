import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { SNIFF_BYTES } from '../ingest/sniff.js';

/** Files up to this size are read in one call; larger ones are streamed (bounded memory). */
const READ_WHOLE_BYTES = 1024 * 1024;

export interface FileScan {
  sha256: string;
  /** The first SNIFF_BYTES (format detection, ingest/parse-file.ts). */
  head: Uint8Array;
  /** The last 4 bytes (a gzip's stated inflated size). */
  tail4: Uint8Array;
}

/**
 * Hashes a file and keeps its first and last bytes, holding at most one 1 MB read at a time
 * (issue 12, defect 5: a 600 MB upload was read whole into the database thread).
 */
export async function scanFile(path: string, size: number): Promise<FileScan> {
  if (size <= READ_WHOLE_BYTES) {
    const bytes = await readFile(path);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), head: bytes.subarray(0, SNIFF_BYTES), tail4: bytes.subarray(Math.max(0, bytes.length - 4)) };
  }
  const hash = createHash('sha256');
  const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
  let headFilled = 0;
  let last: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: READ_WHOLE_BYTES }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (headFilled < head.length) headFilled += chunk.copy(head, headFilled, 0, Math.min(chunk.length, head.length - headFilled));
    last = chunk.length >= 4 ? chunk.subarray(chunk.length - 4) : Buffer.concat([last, chunk]).subarray(-4);
  }
  return { sha256: hash.digest('hex'), head: head.subarray(0, headFilled), tail4: Buffer.from(last) };
}

/**
 * Keeps the file at `path` under `target` (an original-store path) unless it is there: copied to a
 * temp name and renamed into place, like OriginalStore.put, without reading it into memory.
 */
export async function keepFileAt(path: string, target: string): Promise<void> {
  if (existsSync(target)) return;
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await copyFile(path, tmp);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
}
