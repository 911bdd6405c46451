import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * A minimal streaming zip writer (PKWARE APPNOTE 6.3: deflate, UTF-8 names, sizes and CRC in a data
 * descriptor after each entry, so nothing is buffered whole). Written here because yazl is only a
 * development dependency; our own reader (yauzl) and common unzip tools read it. No ZIP64: an
 * archive over 4 GB is refused rather than written wrong.
 */
const LIMIT = 0xffffffff;

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** Waits for room in the stream; rejects when it is closed instead (a client that went away), so the writer stops. */
function drainOrClose(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const off = () => {
      out.off('drain', drained);
      out.off('close', closed);
    };
    const drained = () => (off(), resolve());
    const closed = () => (off(), reject(new Error('the download was closed')));
    out.on('drain', drained);
    out.on('close', closed);
  });
}

export class ZipWriter {
  private offset = 0;
  private entries: CentralEntry[] = [];
  constructor(private out: Writable) {}

  private async write(b: Buffer): Promise<void> {
    this.offset += b.length;
    if (this.offset > LIMIT) throw new Error('the export is larger than 4 GB, which this zip writer does not support');
    if (this.out.destroyed) throw new Error('the download was closed');
    if (!this.out.write(b)) await drainOrClose(this.out);
  }

  /** Adds an entry from chunks (a Buffer, a file path streamed from disk, or generated chunks). */
  async add(name: string, source: Buffer | { path: string } | AsyncIterable<Buffer>, when = new Date()): Promise<void> {
    const nameBuf = Buffer.from(name, 'utf8');
    const { time, date } = dosTime(when);
    const offset = this.offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6); // bit 3: data descriptor; bit 11: UTF-8 name
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt16LE(nameBuf.length, 26);
    await this.write(Buffer.concat([local, nameBuf]));
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const deflate = createDeflateRaw({ level: 6 });
    // A failure on the output side (the reader went away) is the one reported, not the deflate
    // stream's abort it causes on the input side.
    let failure: unknown = null;
    const drained = (async () => {
      for await (const c of deflate as AsyncIterable<Buffer>) {
        compressed += c.length;
        await this.write(c);
      }
    })().catch((e: unknown) => {
      failure = e;
    });
    const chunks: AsyncIterable<Buffer> | Buffer[] = Buffer.isBuffer(source) ? [source] : 'path' in source ? (createReadStream(source.path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) : source;
    try {
      for await (const c of chunks) {
        if (failure) throw failure;
        crc = crc32(c, crc);
        size += c.length;
        if (!deflate.write(c)) await once(deflate, 'drain');
      }
    } catch (e) {
      deflate.destroy();
      await drained;
      throw failure ?? e;
    }
    deflate.end();
    await drained;
    if (failure) throw failure;
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(crc >>> 0, 4);
    desc.writeUInt32LE(compressed, 8);
    desc.writeUInt32LE(size, 12);
    await this.write(desc);
    this.entries.push({ name: nameBuf, crc: crc >>> 0, compressed, size, offset, time, date });
  }

  /** Writes the central directory; the caller ends the stream. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(e.time, 12);
      h.writeUInt16LE(e.date, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([h, e.name]));
    }
    if (this.entries.length > 0xffff) throw new Error('more than 65,535 files in one export');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
  }
}
