import { BASE_SIZE, BT, type DevFieldDef, type FieldDef, type MessageDef } from './fit-view.js';

/**
 * Definition messages (FIT protocol §"Definition message"): header, reserved, architecture,
 * global number, fields (number, size, base type) and, when header bit 5 is set, developer fields.
 */
export function buildDef(b: Uint8Array, p: number, little: boolean, nf: number, nd: number): MessageDef {
  const global = little ? b[p + 3] | (b[p + 4] << 8) : (b[p + 3] << 8) | b[p + 4];
  const fields: FieldDef[] = new Array(nf);
  const index = new Int16Array(256).fill(-1);
  let pos = 0;
  for (let i = 0; i < nf; i++) {
    const q = p + 6 + i * 3;
    const num = b[q];
    const size = b[q + 1];
    let type = b[q + 2] & 0x1f;
    // A size that is no multiple of the base type (COROS PACE 2 misaligned fields) is kept as opaque bytes.
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

/** Byte length of a definition message at p, or -1 when it is cut off. */
export function defLength(b: Uint8Array, p: number, end: number): number {
  if (p + 6 > end) return -1;
  let len = 6 + b[p + 5] * 3;
  if (b[p] & 0x20) {
    if (p + len + 1 > end) return -1;
    len += 1 + b[p + len] * 3;
  }
  return p + len > end ? -1 : len;
}

export function defPayloadSize(b: Uint8Array, p: number): number {
  const nf = b[p + 5];
  let size = 0;
  for (let i = 0; i < nf; i++) size += b[p + 7 + i * 3];
  if (b[p] & 0x20) {
    const q = p + 6 + nf * 3;
    for (let i = 0; i < b[q]; i++) size += b[q + 2 + i * 3];
  }
  return size;
}

