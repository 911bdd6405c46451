/**
 * Field reading on the raw bytes. Values are read on demand from a message's payload offset, so a
 * data message costs no object allocation (design: import ≥1.5× the fit-file-parser decode rate).
 * Invalid FIT values (all-ones, or zero for the *z types) read as NaN; callers map NaN to null.
 */

/** Base-type sizes indexed by the low 5 bits of the base-type byte (FIT protocol table 4-6). */
export const BASE_SIZE = [1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8];
export const BT = {
  enum: 0,
  sint8: 1,
  uint8: 2,
  sint16: 3,
  uint16: 4,
  sint32: 5,
  uint32: 6,
  string: 7,
  float32: 8,
  float64: 9,
  uint8z: 10,
  uint16z: 11,
  uint32z: 12,
  byte: 13,
  sint64: 14,
  uint64: 15,
  uint64z: 16,
  /** Unknown base type, or a size that is no multiple of the type size: read as opaque bytes. */
  opaque: 31,
} as const;

export interface FieldDef {
  num: number;
  size: number;
  /** Base type 0..16, or BT.opaque. */
  type: number;
  /** Offset inside the message payload. */
  pos: number;
}

export interface DevFieldDef {
  num: number;
  size: number;
  devIndex: number;
  pos: number;
  /** The field read as its field_description's base type (cached by readDevValue). */
  asField?: FieldDef;
}

export interface MessageDef {
  global: number;
  little: boolean;
  /** Payload size in bytes (native + developer fields). */
  size: number;
  fields: FieldDef[];
  /** Field number → index in `fields`, -1 when absent. */
  index: Int16Array;
  dev: DevFieldDef[];
  /** A consumer's per-definition cache (e.g. the record plan); definitions are shared between identical layouts. */
  plan: unknown;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class FitView {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Element `elem` of a field as a number, NaN when invalid or unreadable. */
  read(f: FieldDef, off: number, little: boolean, elem = 0): number {
    const t = f.type;
    if (t > 16 || t === BT.string) return NaN;
    const es = BASE_SIZE[t];
    if ((elem + 1) * es > f.size) return NaN;
    const p = off + f.pos + elem * es;
    const b = this.bytes;
    const dv = this.dv;
    switch (t) {
      case BT.enum:
      case BT.uint8:
      case BT.byte: {
        const v = b[p];
        return v === 0xff ? NaN : v;
      }
      case BT.sint8: {
        const v = b[p];
        return v === 0x7f ? NaN : v > 127 ? v - 256 : v;
      }
      case BT.uint8z: {
        const v = b[p];
        return v === 0 ? NaN : v;
      }
      case BT.sint16: {
        const v = dv.getInt16(p, little);
        return v === 0x7fff ? NaN : v;
      }
      case BT.uint16: {
        const v = dv.getUint16(p, little);
        return v === 0xffff ? NaN : v;
      }
      case BT.uint16z: {
        const v = dv.getUint16(p, little);
        return v === 0 ? NaN : v;
      }
      case BT.sint32: {
        const v = dv.getInt32(p, little);
        return v === 0x7fffffff ? NaN : v;
      }
      case BT.uint32: {
        const v = dv.getUint32(p, little);
        return v === 0xffffffff ? NaN : v;
      }
      case BT.uint32z: {
        const v = dv.getUint32(p, little);
        return v === 0 ? NaN : v;
      }
      case BT.float32: {
        if (dv.getUint32(p, little) === 0xffffffff) return NaN;
        const v = dv.getFloat32(p, little);
        return Number.isFinite(v) ? v : NaN;
      }
      case BT.float64: {
        const v = dv.getFloat64(p, little);
        return Number.isFinite(v) ? v : NaN;
      }
      case BT.sint64: {
        const v = Number(dv.getBigInt64(p, little));
        return v === 0x7fffffffffffffff ? NaN : v;
      }
      case BT.uint64:
      case BT.uint64z: {
        const raw = dv.getBigUint64(p, little);
        if (raw === 0xffffffffffffffffn || (t === BT.uint64z && raw === 0n)) return NaN;
        return Number(raw);
      }
      default:
        return NaN;
    }
  }

  /** Number of elements of a numeric field (0 for strings and opaque fields). */
  count(f: FieldDef): number {
    if (f.type > 16 || f.type === BT.string) return 0;
    return Math.floor(f.size / BASE_SIZE[f.type]);
  }

  /** A string field: UTF-8 up to the first NUL or the field end (some writers omit the NUL: Wahoo ROAM). */
  str(f: FieldDef, off: number): string | null {
    const start = off + f.pos;
    let end = start;
    const stop = start + f.size;
    const b = this.bytes;
    while (end < stop && b[end] !== 0) end++;
    if (end === start) return null;
    const s = utf8.decode(b.subarray(start, end)).trim();
    return s === '' ? null : s;
  }

  raw(f: FieldDef, off: number): Uint8Array {
    return this.bytes.subarray(off + f.pos, off + f.pos + f.size);
  }
}

/** Field `num` of a message, or null. */
export function field(def: MessageDef, num: number): FieldDef | null {
  const i = def.index[num];
  return i < 0 ? null : def.fields[i];
}

/** Convenience for the rare (non-record) messages: field `num`'s first element, NaN when absent. */
export function num(view: FitView, def: MessageDef, off: number, fieldNum: number): number {
  const i = def.index[fieldNum];
  return i < 0 ? NaN : view.read(def.fields[i], off, def.little);
}

export function str(view: FitView, def: MessageDef, off: number, fieldNum: number): string | null {
  const i = def.index[fieldNum];
  if (i < 0) return null;
  const f = def.fields[i];
  // A string written with a non-string base type (seen with byte/uint8) is still text.
  return f.type === BT.string || f.type === BT.byte || f.type === BT.uint8 || f.type === BT.opaque ? view.str(f, off) : null;
}
