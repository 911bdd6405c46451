import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { fromJsonValue, type ColumnInfo } from './column-types.js';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupError,
  HEADER_NAME,
  MANIFEST_NAME,
  ORIGINAL_RE,
  PART_RE,
  PAYLOAD_RE,
  type BackupHeader,
  type BackupManifest,
  type ManifestEntry,
} from './backup-format.js';
import type { Row } from './snapshot-reader.js';
import { TarReader, TruncatedError } from './tar-stream.js';

export interface BackupVisitor {
  /** Called before any row or file: may throw to refuse the backup (e.g. a newer schema). */
  header?(h: BackupHeader): Promise<void> | void;
  rows?(table: string, columns: ColumnInfo[], rows: Row[]): Promise<void>;
  /** A file member; `body` must be consumed. `kind` tells originals from health payloads. */
  file?(kind: 'original' | 'payload', path: string, body: AsyncIterable<Buffer>): Promise<void>;
  progress?(p: { entries: number; rows: number; bytes: number }): void;
}

export interface BackupSummary {
  header: BackupHeader;
  manifest: BackupManifest;
}

function zlibMessage(e: unknown): string | null {
  const code = (e as { code?: string }).code;
  if (code === 'Z_BUF_ERROR') return 'the backup is truncated (the compressed data ends early)';
  if (code === 'Z_DATA_ERROR') return (e as Error).message.includes('header') ? 'not a MileVault backup (not gzip-compressed)' : 'the backup is damaged (corrupt compressed data)';
  return null;
}

/**
 * Reads a whole backup once, front to back, checking everything: the header, each member against
 * its SHA-256 and size in the manifest, each row against its column's type, each original against
 * its own name (content address), that nothing is missing, extra or repeated, and that the archive
 * ends properly. Hands rows and files to the visitor as they come; throws a BackupError naming the
 * problem. A restore writes only into a fresh location and switches after this returns.
 */
export async function readBackup(file: string, visitor: BackupVisitor = {}): Promise<BackupSummary> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  const src = createReadStream(file);
  const gunzip = createGunzip();
  let streamError: unknown;
  src.on('error', (e) => gunzip.destroy(e));
  src.pipe(gunzip);
  try {
    return await readTar(new TarReader(gunzip), visitor);
  } catch (e) {
    streamError = e;
    const z = zlibMessage(e);
    if (z) throw new BackupError(`${file}: ${z}`);
    if (e instanceof TruncatedError) throw new BackupError(`${file}: the backup is truncated (${e.message})`);
    if (e instanceof BackupError) throw new BackupError(`${file}: ${e.message}`);
    throw e;
  } finally {
    if (streamError) gunzip.destroy();
    src.destroy();
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function readTar(tar: TarReader, visitor: BackupVisitor): Promise<BackupSummary> {
  const first = await tar.next();
  if (!first || first.name !== HEADER_NAME) throw new BackupError('not a MileVault backup (no header)');
  const headerBytes = await tar.readAll();
  let header: BackupHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as BackupHeader;
  } catch {
    throw new BackupError('the backup header is damaged (not JSON)');
  }
  if (header.format !== BACKUP_FORMAT) throw new BackupError('not a MileVault backup (wrong format name)');
  if (!(header.version <= BACKUP_VERSION)) throw new BackupError(`backup format version ${header.version} is newer than this MileVault reads (${BACKUP_VERSION}); update MileVault`);
  if (!Array.isArray(header.tables) || !Array.isArray(header.migrations)) throw new BackupError('the backup header is damaged (no tables or schema version)');
  await visitor.header?.(header);
  const tables = new Map(header.tables.map((t) => [t.name, t.columns]));
  const seen = new Map<string, ManifestEntry>();
  const rowsSeen: Record<string, number> = {};
  let rowsTotal = 0;
  let bytesTotal = 0;
  let manifest: BackupManifest | null = null;
  for (;;) {
    const entry = await tar.next();
    if (!entry) break;
    if (manifest) throw new BackupError(`member ${entry.name} follows the manifest`);
    if (seen.has(entry.name)) throw new BackupError(`member ${entry.name} appears twice`);
    if (entry.name === MANIFEST_NAME) {
      try {
        manifest = JSON.parse((await tar.readAll()).toString('utf8')) as BackupManifest;
      } catch {
        throw new BackupError('the manifest is damaged (not JSON)');
      }
      continue;
    }
    const part = PART_RE.exec(entry.name);
    if (part) {
      const columns = tables.get(part[1]);
      if (!columns) throw new BackupError(`member ${entry.name} holds rows of table ${part[1]}, which the header does not list`);
      const buf = await tar.readAll();
      const rows = parseRows(entry.name, columns, buf);
      seen.set(entry.name, { path: entry.name, bytes: buf.length, sha256: sha256(buf), rows: rows.length });
      rowsSeen[part[1]] = (rowsSeen[part[1]] ?? 0) + rows.length;
      rowsTotal += rows.length;
      bytesTotal += buf.length;
      await visitor.rows?.(part[1], columns, rows);
    } else {
      const orig = ORIGINAL_RE.exec(entry.name);
      if (!orig && !PAYLOAD_RE.test(entry.name)) throw new BackupError(`unexpected member ${entry.name}`);
      const hash = createHash('sha256');
      let bytes = 0;
      const body = (async function* () {
        for await (const b of tar.body()) {
          hash.update(b);
          bytes += b.length;
          yield b;
        }
      })();
      if (visitor.file) await visitor.file(orig ? 'original' : 'payload', entry.name, body);
      for await (const _ of body); // whatever the visitor left
      const digest = hash.digest('hex');
      if (orig && digest !== orig[2]) throw new BackupError(`original ${entry.name} is damaged: its content does not match its SHA-256 name`);
      seen.set(entry.name, { path: entry.name, bytes, sha256: digest });
      bytesTotal += bytes;
    }
    visitor.progress?.({ entries: seen.size, rows: rowsTotal, bytes: bytesTotal });
  }
  if (!manifest) throw new BackupError('the backup is truncated: it has no manifest');
  checkManifest(manifest, sha256(headerBytes), seen, rowsSeen, header);
  return { header, manifest };
}

function parseRows(name: string, columns: ColumnInfo[], buf: Buffer): Row[] {
  const text = buf.toString('utf8');
  if (text.length && !text.endsWith('\n')) throw new BackupError(`member ${name} is damaged (its last row is cut off)`);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const rows: Row[] = [];
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (!line) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new BackupError(`member ${name} line ${lineNo} is damaged (not JSON)`);
    }
    if (!o || typeof o !== 'object' || Array.isArray(o)) throw new BackupError(`member ${name} line ${lineNo} is not a row`);
    const row: Row = {};
    for (const [k, v] of Object.entries(o)) {
      const col = byName.get(k);
      if (!col) throw new BackupError(`member ${name} line ${lineNo}: column ${k} is not in the header`);
      try {
        row[k] = fromJsonValue(col, v);
      } catch (e) {
        throw new BackupError(`member ${name} line ${lineNo}: ${(e as Error).message}`);
      }
    }
    rows.push(row);
  }
  return rows;
}

function checkManifest(m: BackupManifest, headerSha: string, seen: Map<string, ManifestEntry>, rowsSeen: Record<string, number>, header: BackupHeader): void {
  if (m.format !== BACKUP_FORMAT || !Array.isArray(m.entries)) throw new BackupError('the manifest is damaged');
  if (m.headerSha256 !== headerSha) throw new BackupError('the header does not match the manifest (altered?)');
  const listed = new Set<string>();
  for (const e of m.entries) {
    listed.add(e.path);
    const got = seen.get(e.path);
    if (!got) throw new BackupError(`member ${e.path} is listed in the manifest but missing from the archive`);
    if (got.bytes !== e.bytes || got.sha256 !== e.sha256) throw new BackupError(`member ${e.path} does not match its checksum in the manifest (altered or damaged)`);
    if ((e.rows ?? undefined) !== (got.rows ?? undefined)) throw new BackupError(`member ${e.path} has ${got.rows} rows, the manifest says ${e.rows}`);
  }
  for (const p of seen.keys()) if (!listed.has(p)) throw new BackupError(`member ${p} is not in the manifest (added after the backup was made?)`);
  for (const t of header.tables) {
    const want = m.tableRows?.[t.name];
    if (want === undefined) throw new BackupError(`the manifest has no row count for table ${t.name}`);
    if ((rowsSeen[t.name] ?? 0) !== want) throw new BackupError(`table ${t.name} has ${rowsSeen[t.name] ?? 0} rows, the manifest says ${want}`);
  }
}
