/**
 * The bytes of GET answers kept per athlete (issue 14): bounded by total size, least recently
 * used out first. An entry holds the JSON as sent, a gzip copy made off the main thread (zlib's
 * thread pool) for clients that accept it, and an ETag, valid for one data version and one day.
 */
import { createHash } from 'node:crypto';
import { gzip } from 'node:zlib';

export interface ReadCacheEntry {
  version: string;
  day: string;
  contentType: string;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
}

/** Bodies smaller than this are sent as they are (gzip would save too little to pay for itself). */
const GZIP_MIN_BYTES = 1024;

export class ReadCacheStore {
  private entries = new Map<string, ReadCacheEntry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, version: string, day: string): ReadCacheEntry | null {
    const e = this.entries.get(key);
    if (!e) return null;
    this.entries.delete(key);
    if (e.version !== version || e.day !== day) {
      this.bytes -= size(e);
      return null;
    }
    this.entries.set(key, e);
    return e;
  }

  set(key: string, e: Omit<ReadCacheEntry, 'gzip' | 'etag'>): ReadCacheEntry {
    const entry: ReadCacheEntry = { ...e, gzip: null, etag: `"${createHash('sha1').update(e.body).digest('base64url')}"` };
    if (entry.body.length > this.maxBytes / 8) return entry;
    this.drop(key);
    this.entries.set(key, entry);
    this.bytes += size(entry);
    this.evict();
    if (entry.body.length >= GZIP_MIN_BYTES) {
      gzip(entry.body, { level: 6 }, (err, out) => {
        if (err || this.entries.get(key) !== entry) return;
        entry.gzip = out;
        this.bytes += out.length;
        this.evict();
      });
    }
    return entry;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= size(old);
  }

  private evict(): void {
    while (this.bytes > this.maxBytes && this.entries.size) this.drop(this.entries.keys().next().value!);
  }
}

function size(e: ReadCacheEntry): number {
  return e.body.length + (e.gzip?.length ?? 0) + 200;
}
