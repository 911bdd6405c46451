/**
 * A minimal FIT writer for generated test fixtures (FIT protocol: 12/14-byte header with CRC,
 * definition + data messages, compressed-timestamp headers, developer fields, file CRC-16).
 * fit-file-parser ships a FitEncoder, but it cannot write compressed-timestamp headers, developer
 * fields, big-endian definitions or deliberately broken files, which the parser tests need; the
 * project owns its fixtures, so this small writer is ours.
 */
export const FIT_EPOCH_MS = 631065600000;

export const T = {
  enum: 0x00,
  sint8: 0x01,
  uint8: 0x02,
  string: 0x07,
  uint8z: 0x0a,
  byte: 0x0d,
  sint16: 0x83,
  uint16: 0x84,
  sint32: 0x85,
  uint32: 0x86,
  float32: 0x88,
  uint16z: 0x8b,
  uint32z: 0x8c,
} as const;

const SIZE: Record<number, number> = { 0x00: 1, 0x01: 1, 0x02: 1, 0x07: 1, 0x0a: 1, 0x0d: 1, 0x83: 2, 0x84: 2, 0x85: 4, 0x86: 4, 0x88: 4, 0x8b: 2, 0x8c: 4 };

/** [field number, base type, element count (arrays) or byte length (strings, bytes)] */
export type FieldSpec = [num: number, type: number, count?: number];
export type DevFieldSpec = [num: number, size: number, devIndex: number];
export type Value = number | null | string | number[] | Uint8Array;

export function toFitTs(d: Date | number): number {
  return Math.round(((typeof d === 'number' ? d : d.getTime()) - FIT_EPOCH_MS) / 1000);
}

export function fitCrc16(bytes: ArrayLike<number>, start = 0, end = bytes.length, seed = 0): number {
  let crc = seed;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i];
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

interface Def {
  fields: FieldSpec[];
  dev: DevFieldSpec[];
  big: boolean;
}

export class FitWriter {
  private readonly out: number[] = [];
  private readonly defs: (Def | undefined)[] = [];
  constructor(private readonly bigEndian = false) {}

  define(local: number, global: number, fields: FieldSpec[], dev: DevFieldSpec[] = []): this {
    const big = this.bigEndian;
    this.out.push(0x40 | (dev.length ? 0x20 : 0) | local, 0, big ? 1 : 0);
    if (big) this.out.push((global >> 8) & 0xff, global & 0xff);
    else this.out.push(global & 0xff, (global >> 8) & 0xff);
    this.out.push(fields.length);
    for (const [num, type, count] of fields) this.out.push(num, SIZE[type] * (count ?? 1), type);
    if (dev.length) {
      this.out.push(dev.length);
      for (const d of dev) this.out.push(...d);
    }
    this.defs[local] = { fields, dev, big };
    return this;
  }

  /** A data message; `compressedTs` (0..31) writes a compressed-timestamp header (local 0..3). */
  data(local: number, values: Value[], devValues: Value[] = [], compressedTs?: number): this {
    const def = this.defs[local];
    if (!def) throw new Error(`local ${local} not defined`);
    this.out.push(compressedTs === undefined ? local : 0x80 | (local << 5) | (compressedTs & 0x1f));
    def.fields.forEach(([, type, count], i) => this.value(type, count ?? 1, values[i] ?? null, def.big));
    def.dev.forEach(([, size], i) => this.devValue(size, devValues[i] ?? null, def.big));
    return this;
  }

  private devValue(size: number, v: Value, big: boolean): void {
    if (size === 1) this.value(T.uint8, 1, v, big);
    else if (size === 2) this.value(T.uint16, 1, v, big);
    else this.value(T.uint32, size / 4, v, big);
  }

  private value(type: number, count: number, v: Value, big: boolean): void {
    const size = SIZE[type];
    if (type === T.string || type === T.byte) {
      const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : v instanceof Uint8Array ? v : new Uint8Array(0);
      for (let i = 0; i < count; i++) this.out.push(i < bytes.length ? bytes[i] : type === T.byte && v === null ? 0xff : 0);
      return;
    }
    const arr = Array.isArray(v) ? v : [v as number | null];
    for (let k = 0; k < count; k++) {
      const x = arr[k] ?? null;
      const raw = x === null ? invalid(type) : Math.round(x);
      const bytes: number[] = [];
      if (type === T.float32) {
        const dv = new DataView(new ArrayBuffer(4));
        if (x === null) dv.setUint32(0, 0xffffffff, true);
        else dv.setFloat32(0, x, true);
        for (let i = 0; i < 4; i++) bytes.push(dv.getUint8(i));
      } else {
        let u = raw < 0 ? raw + 2 ** (size * 8) : raw;
        for (let i = 0; i < size; i++) {
          bytes.push(u % 256);
          u = Math.floor(u / 256);
        }
      }
      if (big && type !== T.float32) bytes.reverse();
      this.out.push(...bytes);
    }
  }

  get length(): number {
    return this.out.length;
  }

  /** Header + data + CRC. */
  finish(opts: { headerSize?: 12 | 14; headerCrcZero?: boolean; badCrc?: boolean; dataSizeZero?: boolean } = {}): Uint8Array {
    const hs = opts.headerSize ?? 14;
    const size = opts.dataSizeZero ? 0 : this.out.length;
    const header = [hs, 0x20, 0x08, 0x52, size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, (size >>> 24) & 0xff, 0x2e, 0x46, 0x49, 0x54];
    if (hs === 14) {
      const c = opts.headerCrcZero ? 0 : fitCrc16(header);
      header.push(c & 0xff, c >> 8);
    }
    const body = header.concat(this.out);
    let crc = fitCrc16(body);
    if (opts.badCrc) crc ^= 0x5a5a;
    const bytes = new Uint8Array(body.length + 2);
    bytes.set(body);
    bytes[body.length] = crc & 0xff;
    bytes[body.length + 1] = crc >> 8;
    return bytes;
  }
}

function invalid(type: number): number {
  switch (type) {
    case T.sint8:
      return 0x7f;
    case T.sint16:
      return 0x7fff;
    case T.sint32:
      return 0x7fffffff;
    case T.uint8z:
    case T.uint16z:
    case T.uint32z:
      return 0;
    default:
      return 2 ** (SIZE[type] * 8) - 1;
  }
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
