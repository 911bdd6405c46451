import { BASE_SIZE, BT, type DevFieldDef, type FieldDef, type FitView, type MessageDef } from './fit-view.js';
import { TIMESTAMP_FIELD } from './fit-profile.js';

/**
 * The definition/data-message reader for one FIT block (FIT protocol §"Record header",
 * §"Definition message", §"Compressed timestamp header"). It hands every data message to a sink
 * as (definition, payload offset, timestamp) and stops, never throws, at the first thing it cannot
 * frame: a cut-off message or a data message whose local number was never defined.
 */
export interface MessageSink {
  /** `ts` is the raw FIT timestamp of the message (field 253 or the compressed header), NaN when unknown. */
  message(def: MessageDef, off: number, ts: number): void;
}

export interface DecodeOutcome {
  /** Offset where decoding stopped (== end when the block was read completely). */
  stoppedAt: number;
  /** Why decoding stopped early, in words a user understands; null when the block was read to its end. */
  problem: string | null;
  messages: number;
}

function buildDef(b: Uint8Array, p: number, little: boolean, nf: number, nd: number): MessageDef {
  const global = little ? b[p + 3] | (b[p + 4] << 8) : (b[p + 3] << 8) | b[p + 4];
  const fields: FieldDef[] = new Array(nf);
  const index = new Int16Array(256).fill(-1);
  let pos = 0;
  for (let i = 0; i < nf; i++) {
    const q = p + 6 + i * 3;
    const num = b[q];
    const size = b[q + 1];
    let type = b[q + 2] & 0x1f;
    // A size that is no multiple of the base type (COROS PACE 2 misaligned fields) is kept as bytes.
    if (type > 16 || size === 0 || (type !== BT.string && size % BASE_SIZE[type] !== 0)) type = BT.opaque;
    fields[i] = { num, size, type, pos };
    if (index[num] < 0) index[num] = i;
    pos += size;
  }
  const dev: DevFieldDef[] = new Array(nd);
  const dp = p + 6 + nf * 3 + 1;
  for (let i = 0; i < nd; i++) {
    const q = dp + i * 3;
    dev[i] = { num: b[q], size: b[q + 1], devIndex: b[q + 2], pos };
    pos += b[q + 1];
  }
  return { global, little, size: pos, fields, index, dev, plan: undefined };
}

export function decodeMessages(view: FitView, start: number, end: number, sink: MessageSink): DecodeOutcome {
  const b = view.bytes;
  const defs: (MessageDef | undefined)[] = new Array(16);
  // Identical definitions are common (writers re-emit them); share one object so per-definition plans are reused.
  const cache = new Map<string, MessageDef>();
  let lastTs = NaN;
  let p = start;
  let messages = 0;
  while (p < end) {
    const h = b[p];
    if (h & 0x80) {
      const def = defs[(h >> 5) & 3];
      if (!def) return { stoppedAt: p, problem: `a record at byte ${p} uses a message type that was never defined`, messages };
      if (p + 1 + def.size > end) return { stoppedAt: p, problem: `the last message (byte ${p}) is cut off`, messages };
      let ts = NaN;
      if (lastTs === lastTs) {
        const offset = h & 0x1f;
        ts = lastTs - (lastTs & 0x1f) + offset + (offset < (lastTs & 0x1f) ? 0x20 : 0);
        // lastTs may exceed 2^31, where `&` still reads the low bits correctly; keep arithmetic in doubles.
        lastTs = ts;
      }
      sink.message(def, p + 1, ts);
      messages++;
      p += 1 + def.size;
      continue;
    }
    if (h & 0x40) {
      if (p + 6 > end) return { stoppedAt: p, problem: `a definition at byte ${p} is cut off`, messages };
      const arch = b[p + 2];
      // Architecture byte: 0 little, 1 big endian; other values (Lezyne "bad endian") are read by their low bit,
      // as the FIT C SDK masks it (FIT_ARCH_ENDIAN_MASK = 0x01).
      const little = (arch & 1) === 0;
      const nf = b[p + 5];
      let len = 6 + nf * 3;
      let nd = 0;
      if (h & 0x20) {
        if (p + len + 1 > end) return { stoppedAt: p, problem: `a definition at byte ${p} is cut off`, messages };
        nd = b[p + len];
        len += 1 + nd * 3;
      }
      if (p + len > end) return { stoppedAt: p, problem: `a definition at byte ${p} is cut off`, messages };
      const key = String.fromCharCode.apply(null, b.subarray(p + 2, p + len) as unknown as number[]) + (little ? 'l' : 'b');
      let def = cache.get(key);
      if (!def) {
        def = buildDef(b, p, little, nf, nd);
        cache.set(key, def);
      }
      defs[h & 0x0f] = def;
      p += len;
      continue;
    }
    const def = defs[h & 0x0f];
    if (!def) return { stoppedAt: p, problem: `a record at byte ${p} uses a message type that was never defined`, messages };
    if (p + 1 + def.size > end) return { stoppedAt: p, problem: `the last message (byte ${p}) is cut off`, messages };
    let ts = NaN;
    const ti = def.index[TIMESTAMP_FIELD];
    if (ti >= 0) {
      const f = def.fields[ti];
      if (f.type === BT.uint32 || f.type === BT.uint32z) {
        ts = view.read(f, p + 1, def.little);
        if (ts === ts) lastTs = ts;
      }
    }
    sink.message(def, p + 1, ts);
    messages++;
    p += 1 + def.size;
  }
  return { stoppedAt: end, problem: null, messages };
}
