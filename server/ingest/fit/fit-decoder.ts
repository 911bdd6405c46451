import { BT, type FitView, type MessageDef } from './fit-view.js';
import { buildDef, defLength, defPayloadSize } from './fit-definition.js';
import { MESG, TIMESTAMP_FIELD } from './fit-profile.js';

const MESG_RECORD = MESG.record;

/**
 * The definition/data-message reader for one FIT block (FIT protocol §"Record header",
 * §"Definition message", §"Compressed timestamp header"). It hands every data message to a sink
 * as (definition, payload offset, timestamp) and never throws.
 *
 * When framing breaks (a data message whose local number was never defined, a definition with an
 * architecture byte other than 0/1, reserved header bits set), the message read just before is
 * dropped (it is the likely mis-framed one) and the reader looks a few bytes further for a point
 * where several messages in a row frame cleanly and time continues (Strava Android 201.10 lost the
 * 0x0D of every CR-LF pair; Lezyne Super GPS appends foreign bytes). If none is found it stops and
 * reports why; everything read before is kept.
 */
export interface MessageSink {
  /** `ts` is the raw FIT timestamp of the message (field 253 or the compressed header), NaN when unknown. */
  message(def: MessageDef, off: number, ts: number): void;
}

export interface DecodeOutcome {
  /** Why decoding stopped early, in words a user understands; null when the block was read to its end. */
  problem: string | null;
  messages: number;
  /** How many times framing was lost and found again, and how many bytes were skipped doing so. */
  resyncs: number;
  skippedBytes: number;
}

const RESYNC_WINDOW = 96;
const MAX_RESYNCS = 32;
const CHAIN = 8;
const MAX_TS_JUMP = 3600;
const HOLD = 2;

interface Held {
  def: MessageDef;
  off: number;
  ts: number;
  start: number;
  /** lastTs and lastRecTs before this message, restored when it is dropped. */
  prevTs: number;
  prevRecTs: number;
}

export function decodeMessages(view: FitView, start: number, end: number, sink: MessageSink): DecodeOutcome {
  const b = view.bytes;
  const defs: (MessageDef | undefined)[] = new Array(16);
  // Identical definitions are common (writers re-emit them); share one object so per-definition plans are reused.
  const cache = new Map<string, MessageDef>();
  /** Last timestamp of any message (base of compressed timestamps), and of the last record (framing checks). */
  let lastTs = NaN;
  let lastRecTs = NaN;
  let p = start;
  let messages = 0;
  let resyncs = 0;
  let skippedBytes = 0;
  let seenCompressed = false;
  const maxResyncs = MAX_RESYNCS + ((end - start) >> 9);
  // The last HOLD messages are held back so that they can be dropped if the bytes after them do not
  // frame: a dropped byte is usually noticed one or two messages after the damaged one.
  const held: Held[] = [];
  const hold = (def: MessageDef, off: number, ts: number, at: number, prevTs: number, prevRecTs: number): void => {
    if (held.length < HOLD) {
      held.push({ def, off, ts, start: at, prevTs, prevRecTs });
      return;
    }
    // The oldest goes to the sink (which reads it there and then) and its object is reused: no
    // allocation per message.
    const h = held.shift() as Held;
    sink.message(h.def, h.off, h.ts);
    messages++;
    h.def = def;
    h.off = off;
    h.ts = ts;
    h.start = at;
    h.prevTs = prevTs;
    h.prevRecTs = prevRecTs;
    held.push(h);
  };
  const restore = (h: Held): void => {
    lastTs = h.prevTs;
    lastRecTs = h.prevRecTs;
  };

  const tsOf = (def: MessageDef, off: number): number => {
    const ti = def.index[TIMESTAMP_FIELD];
    if (ti < 0) return NaN;
    const f = def.fields[ti];
    return f.type === BT.uint32 || f.type === BT.uint32z ? view.read(f, off, def.little) : NaN;
  };

  /**
   * How well CHAIN messages from q frame with the known definitions: -1 when they do not (or a
   * record's time is more than MAX_TS_JUMP from the last record's), else the number of records
   * whose time was checked and found consistent (positive evidence).
   */
  const framesAt = (q: number): number => {
    const sizes: number[] = defs.map((d) => (d ? d.size : -1));
    const globals: number[] = defs.map((d) => (d ? d.global : -1));
    let redefined = 0;
    let evidence = 0;
    for (let n = 0; n < CHAIN; n++) {
      if (q === end) return n > 0 ? evidence : -1;
      const h = b[q];
      let local: number;
      if (h & 0x80) {
        if (!seenCompressed) return -1;
        local = (h >> 5) & 3;
      } else if (h & 0x40) {
        if (h & 0x10 || b[q + 1] !== 0 || b[q + 2] > 1) return -1;
        const len = defLength(b, q, end);
        if (len < 0) return -1;
        sizes[h & 0x0f] = defPayloadSize(b, q);
        globals[h & 0x0f] = b[q + 2] === 0 ? b[q + 3] | (b[q + 4] << 8) : (b[q + 3] << 8) | b[q + 4];
        redefined |= 1 << (h & 0x0f);
        q += len;
        continue;
      } else {
        if (h & 0x30) return -1;
        local = h & 0x0f;
      }
      const size = sizes[local];
      // A file_id after a lost frame is the start of another file glued on (Lezyne): do not read into it.
      if (size < 0 || q + 1 + size > end || globals[local] === 0) return -1;
      const def = defs[local];
      if (!(h & 0x80) && def && def.global === MESG_RECORD && !(redefined & (1 << local)) && lastRecTs === lastRecTs) {
        const ts = tsOf(def, q + 1);
        if (ts === ts) {
          if (Math.abs(ts - lastRecTs) > MAX_TS_JUMP) return -1;
          evidence++;
        }
      }
      q += 1 + size;
    }
    return evidence;
  };

  /** First position in [from, p + RESYNC_WINDOW) off the current framing where framing holds with enough evidence. */
  const findFrame = (from: number, current: number, minEvidence: number): number => {
    const limit = Math.min(end, Math.max(from, p) + RESYNC_WINDOW);
    for (let q = from; q < limit; q++) {
      if (q === current || held.some((h) => h.start === q)) continue;
      if (framesAt(q) >= minEvidence) return q;
    }
    return -1;
  };

  let problem: string | null = null;
  while (p < end) {
    const h = b[p];
    let failure: string | null = null;
    if (h & 0x80) {
      const def = defs[(h >> 5) & 3];
      if (!def) failure = `a record at byte ${p} uses a message type that was never defined`;
      else if (p + 1 + def.size > end) {
        problem = `the last message (byte ${p}) is cut off`;
        break;
      } else {
        seenCompressed = true;
        const prevTs = lastTs;
        const prevRecTs = lastRecTs;
        let ts = NaN;
        if (lastTs === lastTs) {
          const offset = h & 0x1f;
          const low = lastTs % 32;
          ts = lastTs - low + offset + (offset < low ? 32 : 0);
          lastTs = ts;
          if (def.global === MESG_RECORD) lastRecTs = ts;
        }
        hold(def, p + 1, ts, p, prevTs, prevRecTs);
        p += 1 + def.size;
        continue;
      }
    } else if (h & 0x40) {
      const len = defLength(b, p, end);
      const arch = b[p + 2];
      if (len < 0) {
        problem = `a definition at byte ${p} is cut off`;
        break;
      } else if (arch > 1) {
        failure = `a definition at byte ${p} has an invalid architecture byte (${arch})`;
      } else if (resyncs > 0 && (h & 0x10 || b[p + 1] !== 0)) {
        // Once a file has shown corruption, reserved bits must be zero (FIT protocol) to be trusted.
        failure = `a definition at byte ${p} has reserved bits set`;
      } else {
        const key = String.fromCharCode.apply(null, b.subarray(p, p + len) as unknown as number[]);
        let def = cache.get(key);
        if (!def) {
          def = buildDef(b, p, arch === 0, b[p + 5], h & 0x20 ? b[p + 6 + b[p + 5] * 3] : 0);
          cache.set(key, def);
        }
        defs[h & 0x0f] = def;
        p += len;
        continue;
      }
    } else {
      const def = defs[h & 0x0f];
      if (!def) failure = `a record at byte ${p} uses a message type that was never defined`;
      // Bits 4 and 5 of a data-message header are reserved (FIT protocol §"Normal header").
      else if (h & 0x30) failure = `a record at byte ${p} has reserved header bits set`;
      else if (p + 1 + def.size > end) {
        problem = `the last message (byte ${p}) is cut off`;
        break;
      } else {
        const ts = tsOf(def, p + 1);
        const isRecord = def.global === MESG_RECORD;
        if (isRecord && ts === ts && lastRecTs === lastRecTs && Math.abs(ts - lastRecTs) > MAX_TS_JUMP && held.length > 0 && resyncs < maxResyncs) {
          // A jump in time is either real (a recording paused overnight) or the sign of a lost frame
          // (the "timestamp" is other bytes). Take another framing only if one nearby reads records
          // whose times continue.
          const saved = [lastTs, lastRecTs];
          restore(held[0]);
          const alt = findFrame(held[0].start + 1, p, 2);
          if (alt >= 0) {
            skippedBytes += Math.max(0, alt - held[0].start - 1);
            held.length = 0;
            resyncs++;
            p = alt;
            continue;
          }
          [lastTs, lastRecTs] = saved;
        }
        const prevTs = lastTs;
        const prevRecTs = lastRecTs;
        if (ts === ts) {
          lastTs = ts;
          if (isRecord) lastRecTs = ts;
        }
        hold(def, p + 1, ts, p, prevTs, prevRecTs);
        p += 1 + def.size;
        continue;
      }
    }
    // Framing is lost at p: drop the held messages (the damaged one is among them) and look for it again.
    const from = held.length ? held[0].start + 1 : p + 1;
    const dropped = held.splice(0, held.length);
    if (dropped.length) restore(dropped[0]);
    const found = resyncs < maxResyncs ? findFrame(from, -1, 0) : -1;
    if (found < 0) {
      // Nothing frames further on: the held messages were probably fine (a clean cut); keep them
      // unless their times are implausible.
      for (const d of dropped) {
        if (d.def.global === MESG_RECORD && d.ts === d.ts && lastRecTs === lastRecTs && Math.abs(d.ts - lastRecTs) > MAX_TS_JUMP) break;
        sink.message(d.def, d.off, d.ts);
        messages++;
        if (d.ts === d.ts) {
          lastTs = d.ts;
          if (d.def.global === MESG_RECORD) lastRecTs = d.ts;
        }
      }
      problem = failure;
      break;
    }
    resyncs++;
    skippedBytes += found - from + 1;
    p = found;
  }
  for (const d of held) sink.message(d.def, d.off, d.ts), messages++;
  return { problem, messages, resyncs, skippedBytes };
}
