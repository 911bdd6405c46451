import type { ParseResult } from '../../shared/activity.js';

/** Deterministic PRNG (mulberry32) so fuzz cases are reproducible from their seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MUTATIONS = ['truncate', 'flip', 'burst', 'header-size', 'definition', 'delete', 'insert', 'duplicate'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/**
 * One random corruption of a FIT file: truncation, bit flips, a burst of random bytes, a wrong
 * header data_size, a damaged definition (field count, field size, base type, architecture),
 * deleted / inserted / duplicated ranges.
 */
export function mutateFit(src: Uint8Array, rnd: () => number): { bytes: Uint8Array; mutation: Mutation } {
  const n = src.length;
  const int = (max: number) => Math.floor(rnd() * Math.max(1, max));
  const mutation = MUTATIONS[int(MUTATIONS.length)];
  const b = src.slice();
  switch (mutation) {
    case 'truncate':
      return { bytes: src.slice(0, int(n)), mutation };
    case 'flip':
      for (let k = 0, m = 1 + int(8); k < m; k++) b[int(n)] ^= 1 << int(8);
      return { bytes: b, mutation };
    case 'burst': {
      const at = int(n);
      for (let k = 0, m = 1 + int(64); k < m && at + k < n; k++) b[at + k] = int(256);
      return { bytes: b, mutation };
    }
    case 'header-size': {
      const v = [0, 1, 0xffffffff, int(2 * n), n - 14 + int(64) - 32][int(5)] >>> 0;
      b[4] = v & 0xff;
      b[5] = (v >> 8) & 0xff;
      b[6] = (v >> 16) & 0xff;
      b[7] = v >>> 24;
      if (rnd() < 0.5) b[0] = [0, 1, 12, 13, 14, 15, 255][int(7)];
      return { bytes: b, mutation };
    }
    case 'definition': {
      // Find a definition-looking header byte and damage one of its fields.
      for (let tries = 0; tries < 64; tries++) {
        const p = 12 + int(n - 20);
        if ((b[p] & 0xc0) !== 0x40 || b[p + 1] !== 0 || b[p + 2] > 1) continue;
        const what = int(5);
        if (what === 0) b[p + 5] = int(256); // number of fields
        else if (what === 1) b[p + 2] = int(256); // architecture
        else if (what === 2) b[p + 7 + 3 * int(b[p + 5])] = int(256); // a field size
        else if (what === 3) b[p + 8 + 3 * int(b[p + 5])] = int(256); // a base type
        else b[p] |= 0x20; // claims developer fields
        return { bytes: b, mutation };
      }
      return { bytes: b, mutation };
    }
    case 'delete': {
      const at = int(n);
      const stop = Math.min(n, at + 1 + int(16));
      const out = new Uint8Array(n - (stop - at));
      out.set(src.subarray(0, at));
      out.set(src.subarray(stop), at);
      return { bytes: out, mutation };
    }
    case 'insert': {
      const at = int(n);
      const ins = Uint8Array.from({ length: 1 + int(16) }, () => int(256));
      const out = new Uint8Array(n + ins.length);
      out.set(src.subarray(0, at));
      out.set(ins, at);
      out.set(src.subarray(at), at + ins.length);
      return { bytes: out, mutation };
    }
    case 'duplicate': {
      const at = int(n);
      const len = Math.min(n - at, 1 + int(512));
      const out = new Uint8Array(n + len);
      out.set(src.subarray(0, at + len));
      out.set(src.subarray(at, at + len), at + len);
      out.set(src.subarray(at + len), at + 2 * len);
      return { bytes: out, mutation };
    }
  }
}

/** Problems with a ParseResult's shape (empty when it is well formed). */
export function parseResultProblems(r: ParseResult): string[] {
  const p: string[] = [];
  if (r.kind === 'error' || r.kind === 'skipped') {
    if (typeof r.reason !== 'string' || r.reason.length < 5) p.push('missing reason');
    if (r.kind === 'skipped' && !r.fileType) p.push('missing fileType');
    return p;
  }
  if (r.kind !== 'activities') return [`unknown kind ${(r as { kind: string }).kind}`];
  if (!Array.isArray(r.warnings)) p.push('warnings not an array');
  if (r.activities.length === 0) p.push('no activities');
  for (const a of r.activities) {
    if (Number.isNaN(Date.parse(a.startTime))) p.push(`bad startTime ${a.startTime}`);
    const t = a.streams.timeS;
    for (let i = 0; i < t.length; i++) {
      if (!Number.isFinite(t[i]) || (i > 0 && t[i] < t[i - 1])) {
        p.push(`timeS not finite/non-decreasing at ${i}`);
        break;
      }
    }
    for (const [k, v] of Object.entries(a.streams.channels)) {
      if (v.length !== t.length) p.push(`channel ${k} length ${v.length} != ${t.length}`);
      if (v.some((x) => x !== null && !Number.isFinite(x))) p.push(`channel ${k} has a non-finite value`);
    }
    for (const d of a.streams.developer) if (d.values.length !== t.length) p.push(`developer ${d.key} length`);
    if (!a.sport) p.push('no sport');
    for (const s of a.sessions) if (s.firstLapIndex + s.numLaps > a.laps.length) p.push('session laps out of range');
    for (const [k, v] of Object.entries(a.summary)) if (v !== null && !Number.isFinite(v)) p.push(`summary ${k} = ${v}`);
  }
  return p;
}
