import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';

/**
 * A minimal streaming ustar writer and reader (POSIX.1-1988 headers; our member names are short
 * ASCII paths, so no pax extensions are needed). We write tar rather than zip because the zip
 * writer we have (yazl) is a development dependency, and tar needs nothing: every member is
 * written as header + bytes, so the archive streams through gzip with constant memory. The reader
 * is strict: a bad header checksum or a short member is an error naming the member.
 */
const BLOCK = 512;
const ZEROS = Buffer.alloc(BLOCK * 2);

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtimeMs: number): Buffer {
  if (!/^[\x21-\x7e]+$/.test(name)) throw new Error(`tar member name not supported: ${name}`);
  // Names over 100 bytes go into ustar's 155-byte prefix field, split at a slash.
  let prefix = '';
  if (name.length > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || name.length - cut - 1 > 100) throw new Error(`tar member name too long: ${name}`);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'ascii');
  h.write(prefix, 345, 155, 'ascii');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtimeMs / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0' + '00', 257, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

export class TarWriter {
  constructor(private out: Writable) {}

  private async write(chunk: Buffer): Promise<void> {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async addBuffer(name: string, data: Buffer, mtimeMs = Date.now()): Promise<void> {
    await this.write(header(name, data.length, mtimeMs));
    await this.write(data);
    await this.pad(data.length);
  }

  /**
   * Streams a file whose size was read before (content-addressed files never change in place).
   * `onChunk` sees every byte written, for the checksum. A file that turns out shorter or longer
   * than announced is an error: the member would corrupt the archive.
   */
  async addFile(name: string, path: string, size: number, onChunk: (b: Buffer) => void, mtimeMs = Date.now()): Promise<void> {
    await this.write(header(name, size, mtimeMs));
    let n = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
      n += chunk.length;
      if (n > size) throw new Error(`${path} grew while it was being backed up`);
      onChunk(chunk);
      await this.write(chunk);
    }
    if (n !== size) throw new Error(`${path} shrank while it was being backed up`);
    await this.pad(size);
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest) await this.write(ZEROS.subarray(0, BLOCK - rest));
  }

  /** The end-of-archive marker; the caller ends the stream. */
  async finish(): Promise<void> {
    await this.write(ZEROS);
  }
}

export interface TarEntry {
  name: string;
  size: number;
}

/** Pulls exact byte counts out of a stream of chunks. */
class ByteSource {
  private chunks: Buffer[] = [];
  private have = 0;
  private done = false;
  private it: AsyncIterator<Buffer>;
  constructor(src: Readable) {
    this.it = (src as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<void> {
    while (this.have < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else {
        this.chunks.push(r.value);
        this.have += r.value.length;
      }
    }
  }

  /** Up to `max` bytes (fewer only at the end of the stream), at least 1 unless at the end. */
  async readUpTo(max: number): Promise<Buffer> {
    await this.fill(1);
    if (!this.have) return Buffer.alloc(0);
    const first = this.chunks[0];
    if (first.length <= max) {
      this.chunks.shift();
      this.have -= first.length;
      return first;
    }
    this.chunks[0] = first.subarray(max);
    this.have -= max;
    return first.subarray(0, max);
  }

  async readExact(n: number): Promise<Buffer | null> {
    await this.fill(n);
    if (this.have < n) return this.have === 0 ? null : Buffer.alloc(0);
    const all = Buffer.concat(this.chunks);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.have = all.length - n;
    return all.subarray(0, n);
  }
}

export class TruncatedError extends Error {}

/** Reads members in order: call next(), then consume body() fully (or skip()) before the next. */
export class TarReader {
  private src: ByteSource;
  private remaining = 0;
  private padding = 0;
  constructor(stream: Readable) {
    this.src = new ByteSource(stream);
  }

  async next(): Promise<TarEntry | null> {
    if (this.remaining) await this.skip();
    if (this.padding) {
      const p = await this.src.readExact(this.padding);
      if (!p || p.length < this.padding) throw new TruncatedError('the archive ends inside a member');
      this.padding = 0;
    }
    const h = await this.src.readExact(BLOCK);
    if (h === null) throw new TruncatedError('the archive ends without its end marker');
    if (h.length < BLOCK) throw new TruncatedError('the archive ends inside a header');
    if (h.every((b) => b === 0)) return null;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    const stored = parseInt(h.toString('ascii', 148, 156).replace(/\0.*$/, '').trim(), 8);
    if (stored !== sum) throw new Error('a member header is damaged (bad tar header checksum)');
    const base = h.toString('ascii', 0, 100).replace(/\0.*$/s, '');
    const prefix = h.toString('ascii', 345, 500).replace(/\0.*$/s, '');
    const name = prefix ? `${prefix}/${base}` : base;
    const size = parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`member ${name} has a damaged size`);
    this.remaining = size;
    this.padding = size % BLOCK ? BLOCK - (size % BLOCK) : 0;
    return { name, size };
  }

  /** The current member's bytes, in chunks of at most 256 KB. */
  async *body(): AsyncGenerator<Buffer> {
    while (this.remaining > 0) {
      const b = await this.src.readUpTo(Math.min(this.remaining, 256 * 1024));
      if (!b.length) throw new TruncatedError('the archive ends inside a member');
      this.remaining -= b.length;
      yield b;
    }
  }

  async readAll(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const b of this.body()) parts.push(b);
    return Buffer.concat(parts);
  }

  async skip(): Promise<void> {
    for await (const _ of this.body());
  }
}
