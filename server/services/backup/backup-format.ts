import type { TableInfo } from './db-location.js';

/**
 * A MileVault backup (issue 16; docs/decisions.md "Own your data"): one gzip-compressed tar.
 *   milevault-backup.json          header, first: format version, schema version (the applied
 *                                  migrations), every table with its typed columns
 *   tables/<table>/<nnnnn>.ndjson  rows, one JSON object per line, parts of at most 4 MB
 *   originals/<ab>/<sha256>        the original files, as kept in <data dir>/originals
 *   health-payloads/<user>/<file>  raw health payloads, as kept in <data dir>/health-payloads
 *   manifest.json                  last: every member with its size and SHA-256, rows per part
 *                                  and per table
 * The header comes first so a restore can refuse a newer schema before writing anything; the
 * manifest comes last because checksums are known only once everything is written.
 */
export const BACKUP_FORMAT = 'milevault-backup';
export const BACKUP_VERSION = 1;
export const HEADER_NAME = 'milevault-backup.json';
export const MANIFEST_NAME = 'manifest.json';
export const PART_BYTES = 4 * 1024 * 1024;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAtMs: number;
  appVersion: string;
  sourceKind: 'sqlite' | 'postgres';
  /** The schema version: names of the applied migrations, sorted. */
  migrations: string[];
  /** Parents before children (foreign keys), as the rows must be restored. */
  tables: TableInfo[];
}

export interface ManifestEntry {
  path: string;
  bytes: number;
  sha256: string;
  /** Table parts: rows in this part. */
  rows?: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** SHA-256 of the header member, binding it to this manifest. */
  headerSha256: string;
  tableRows: Record<string, number>;
  originals: { count: number; bytes: number };
  healthPayloads: { count: number; bytes: number };
  entries: ManifestEntry[];
}

export function partName(table: string, n: number): string {
  return `tables/${table}/${String(n).padStart(5, '0')}.ndjson`;
}

export const PART_RE = /^tables\/([A-Za-z0-9_]+)\/\d{5}\.ndjson$/;
export const ORIGINAL_RE = /^originals\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
/** The user folder is encodeURIComponent(userId): never `.` or `..`. */
export const PAYLOAD_RE = /^health-payloads\/(?!\.\.?\/)([A-Za-z0-9%._~!*'()-]+)\/([0-9a-f]{64}\.json\.gz)$/;

/** A backup that cannot be used; the message names the problem. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}
