import { createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import { type ZipLimits, totalBytesAllowed, unsafeName } from './zip-limits.js';

export interface ZipMember {
  name: string;
  sizeBytes: number;
  compressedBytes: number;
  /** Set when the member must not be read (unsafe name, too large, bomb-like ratio, encrypted…). */
  problem?: string;
  entry: yauzl.Entry;
}

const utf8 = new TextDecoder('utf-8');

/** Shared byte budget of one archive and its nested archives (the total-size limit). */
export class ByteBudget {
  used = 0;
  constructor(readonly limit: number) {}
}

/**
 * A zip read straight from disk: only the central directory is loaded; each member is inflated on
 * demand with its size checked as bytes arrive (headers can lie), so the archive is never
 * extracted whole. Member problems are per member; the archive stays usable.
 */
export class ZipArchive {
  /** Members beyond maxMembers, reported but never read. */
  skippedMembers = 0;

  private constructor(private zip: yauzl.ZipFile, readonly members: ZipMember[], private limits: ZipLimits, private budget: ByteBudget) {}

  static async open(path: string, limits: ZipLimits, budget?: ByteBudget): Promise<ZipArchive> {
    // The outer archive sets the budget for itself and its nested archives.
    budget ??= new ByteBudget(totalBytesAllowed(limits, statSync(path, { throwIfNoEntry: false })?.size ?? 0));
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      // decodeStrings false: yauzl would otherwise abort the whole archive on one traversal name;
      // we check names ourselves and fail only that member.
      yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (err, z) => (err || !z ? reject(err ?? new Error('unreadable zip')) : resolve(z))),
    );
    const members: ZipMember[] = [];
    const archive = new ZipArchive(zip, members, limits, budget);
    archive.skippedMembers = Math.max(0, zip.entryCount - limits.maxMembers);
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        const raw = entry.fileName as unknown as Buffer | string;
        const name = typeof raw === 'string' ? raw : utf8.decode(raw);
        if (!name.endsWith('/')) members.push(archive.check(name, entry));
        if (members.length >= limits.maxMembers) resolve();
        else zip.readEntry();
      });
      zip.once('end', () => resolve());
      zip.once('error', reject);
      zip.readEntry();
    }).catch((e: unknown) => {
      zip.close();
      throw e;
    });
    return archive;
  }

  private check(name: string, entry: yauzl.Entry): ZipMember {
    const m: ZipMember = { name, sizeBytes: entry.uncompressedSize, compressedBytes: entry.compressedSize, entry };
    const l = this.limits;
    const bad = unsafeName(name);
    if (bad) m.problem = bad;
    else if (entry.isEncrypted()) m.problem = 'the member is encrypted';
    else if (!entry.canDecodeFileData()) m.problem = `the member uses an unsupported compression method (${entry.compressionMethod})`;
    else if (entry.uncompressedSize > l.maxMemberBytes) m.problem = `the member expands to ${mb(entry.uncompressedSize)}, over the ${mb(l.maxMemberBytes)} per-file limit`;
    else if (entry.uncompressedSize >= l.ratioMinBytes && entry.uncompressedSize > l.maxRatio * Math.max(1, entry.compressedSize)) {
      m.problem = `the member expands ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}× (${mb(entry.compressedSize)} → ${mb(entry.uncompressedSize)}), like a zip bomb; refused`;
    }
    return m;
  }

  /** The stream of one member, counting real bytes against the member and archive limits. */
  private async stream(m: ZipMember): Promise<Readable> {
    if (m.problem) throw new Error(m.problem);
    const raw = await new Promise<Readable>((resolve, reject) => this.zip.openReadStream(m.entry, (err, s) => (err || !s ? reject(err ?? new Error('unreadable member')) : resolve(s))));
    const { limits, budget } = this;
    let seen = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        seen += chunk.length;
        budget.used += chunk.length;
        if (seen > limits.maxMemberBytes || seen > m.sizeBytes) return done(new Error('the member is larger than its header says (a crafted archive); refused'));
        if (budget.used > budget.limit) return done(new Error(`the archive expands past the ${mb(budget.limit)} total-size limit; this member and the rest were not read`));
        done(null, chunk);
      },
    });
    raw.on('error', (e) => counter.destroy(e));
    return raw.pipe(counter);
  }

  /**
   * Reads one member into memory. Callers read activity files only up to MAX_ANALYSE_BYTES (larger
   * ones go through extractTo) and CSV/JSON indexes, which are small; maxMemberBytes bounds the rest.
   */
  async read(m: ZipMember): Promise<Buffer> {
    const s = await this.stream(m);
    const chunks: Buffer[] = [];
    try {
      for await (const c of s) chunks.push(c as Buffer);
    } catch (e) {
      throw new Error(memberError(e));
    }
    return Buffer.concat(chunks);
  }

  /** Streams one member to a file (a nested archive, which may be larger than memory allows). */
  async extractTo(m: ZipMember, path: string): Promise<void> {
    try {
      await pipeline(await this.stream(m), createWriteStream(path));
    } catch (e) {
      throw new Error(memberError(e));
    }
  }

  /** Opens a nested archive (already extracted to `path`) sharing this archive's byte budget. */
  openNested(path: string): Promise<ZipArchive> {
    return ZipArchive.open(path, this.limits, this.budget);
  }

  /** One member as the importer takes it: its size first, its bytes or a file on demand. */
  input(m: ZipMember): MemberInput {
    return { sizeBytes: m.sizeBytes, read: () => this.read(m), extractTo: (path) => this.extractTo(m, path) };
  }

  close(): void {
    this.zip.close();
  }
}

/** An archive member handed to the importer, which decides how to read it (memory or temp file). */
export interface MemberInput {
  /** Uncompressed size from the header (reading fails if the member turns out larger). */
  sizeBytes: number;
  read(): Promise<Buffer>;
  extractTo(path: string): Promise<void>;
}

function mb(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
}

/** zlib and yauzl messages, said so that a user knows the member (not the app) is damaged. */
function memberError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/invalid|incorrect|unexpected end|too many length|distance too far|header check|bad|crc/i.test(msg) && !/crafted|limit/.test(msg)) return `the member is corrupt in the archive (${msg})`;
  return msg;
}
