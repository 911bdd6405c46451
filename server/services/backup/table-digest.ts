import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { decodeStreams } from '../../storage/stream-codec.js';
import { canonicalRow } from './column-types.js';
import type { TableInfo } from './db-location.js';
import type { Row, SnapshotReader } from './snapshot-reader.js';

const MOD = 1n << 256n;

/**
 * A row's canonical text. A stream blob compares by what it decodes to: PostgreSQL rebuilds the
 * blob from its sample rows, and two encoders may pick different (equally exact) layouts.
 */
export function comparableRow(table: TableInfo, row: Row): string {
  if (table.name === 'activity_streams' && row.data) {
    const d = row.data as Buffer;
    const streams = decodeStreams(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
    return canonicalRow(table.columns, { ...row, data: Buffer.from(JSON.stringify(streams)) });
  }
  return canonicalRow(table.columns, row);
}

export interface TableDigest {
  rows: number;
  /** Sum of the rows' SHA-256 mod 2^256: independent of row order, sensitive to every value and to duplicates. */
  sum: string;
}

/** Digest of one table: comparable across dialects without sorting either side. */
export async function tableDigest(reader: SnapshotReader, table: TableInfo): Promise<TableDigest> {
  let sum = 0n;
  let rows = 0;
  for await (const r of reader.rows(table)) {
    sum = (sum + BigInt(`0x${createHash('sha256').update(comparableRow(table, r)).digest('hex')}`)) % MOD;
    rows++;
  }
  return { rows, sum: sum.toString(16) };
}

/** `relative path → sha256` of the originals and health payloads under a data folder. */
export async function fileChecksums(dataDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const top of ['originals', 'health-payloads']) {
    const root = join(dataDir, top);
    if (!existsSync(root)) continue;
    for (const d of (await readdir(root, { withFileTypes: true })).filter((x) => x.isDirectory())) {
      for (const f of (await readdir(join(root, d.name), { withFileTypes: true })).filter((x) => x.isFile() && !x.name.endsWith('.tmp'))) {
        const h = createHash('sha256');
        for await (const b of createReadStream(join(root, d.name, f.name))) h.update(b as Buffer);
        out.set(`${top}/${d.name}/${f.name}`, h.digest('hex'));
      }
    }
  }
  return out;
}
