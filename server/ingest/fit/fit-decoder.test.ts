import { describe, expect, it } from 'vitest';
import { parseFit } from './fit.parser.js';
import { decodeMessages } from './fit-decoder.js';
import { FitView } from './fit-view.js';
import { FitWriter, T, toFitTs } from '../../../tests/helpers/fit-encoder.js';
import { makeFitActivity } from '../../../tests/helpers/fit-fixture.js';

const START = toFitTs(new Date('2024-05-01T07:00:00Z'));

function header(w: FitWriter): void {
  w.define(0, 0, [[0, T.enum], [1, T.uint16], [2, T.uint16]]).data(0, [4, 1, 3113]);
}

function activities(bytes: Uint8Array) {
  const r = parseFit(bytes);
  if (r.kind !== 'activities') throw new Error(JSON.stringify(r));
  return r;
}

describe('decodeMessages framing', () => {
  it('recovers after a dropped byte inside a record (Strava Android CR-LF damage)', () => {
    const bytes = makeFitActivity({ durationS: 120, withGps: true });
    // Find the 60th record header (local 3) and drop one byte from its payload.
    const view = new FitView(bytes);
    const starts: number[] = [];
    decodeMessages(view, 14, bytes.length - 2, { message: (def, off) => def.global === 20 && starts.push(off) });
    const cut = starts[60] + 5;
    const damaged = new Uint8Array(bytes.length - 1);
    damaged.set(bytes.subarray(0, cut));
    damaged.set(bytes.subarray(cut + 1), cut);
    const r = activities(damaged);
    const t = r.activities[0].streams.timeS;
    expect(r.warnings.join()).toMatch(/recovered from 1 corrupt spot/);
    expect(t.length).toBeGreaterThanOrEqual(119);
    expect(t.every((x, i) => i === 0 || x > t[i - 1])).toBe(true);
    expect(t[t.length - 1]).toBe(120);
  });

  it('stops at a definition with an architecture byte that is not 0/1 and keeps what came before', () => {
    const w = new FitWriter();
    header(w);
    w.define(1, 20, [[253, T.uint32], [3, T.uint8]]);
    for (let i = 0; i < 10; i++) w.data(1, [START + i, 100 + i]);
    const good = w.finish();
    const body = Array.from(good.subarray(14, good.length - 2));
    const junk = [0x41, 0, 229, 20, 0, 2, 253, 4, 0x86, 3, 1, 2, 0x01, 9, 9, 9, 9, 9];
    const w2 = [...good.subarray(0, 14)];
    const bytes = new Uint8Array([...w2, ...body, ...junk, 0, 0]);
    bytes[4] = (body.length + junk.length) & 0xff;
    bytes[5] = (body.length + junk.length) >> 8;
    bytes[12] = bytes[13] = 0; // header CRC "not computed"
    const r = activities(bytes);
    expect(r.activities[0].streams.channels.hrBpm).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    expect(r.warnings.join()).toMatch(/architecture byte \(229\)/);
  });

  it('a data message with a never-defined local number ends decoding with a warning', () => {
    const w = new FitWriter();
    header(w);
    w.define(1, 20, [[253, T.uint32], [3, T.uint8]]);
    for (let i = 0; i < 5; i++) w.data(1, [START + i, 100]);
    const f = w.finish();
    const bytes = new Uint8Array([...f.subarray(0, f.length - 2), 0x0e, 1, 2, 3]);
    const size = bytes.length - 14;
    bytes[4] = size & 0xff;
    bytes[5] = size >> 8;
    bytes[12] = bytes[13] = 0;
    const r = activities(bytes);
    expect(r.activities[0].streams.timeS).toHaveLength(5);
    expect(r.warnings.join()).toMatch(/never defined/);
  });

  it('a field whose size does not match its base type is read as bytes, not as a number (COROS misaligned fields)', () => {
    const w = new FitWriter();
    header(w);
    // speed declared uint16 but 3 bytes long: must be ignored; heart rate after it still lines up.
    w.define(1, 20, [[253, T.uint32], [6, T.byte, 3], [3, T.uint8]]);
    const bytes = w.finish();
    // Patch the speed field's base type from byte to uint16 (0x84) in the definition.
    const defAt = bytes.indexOf(6, 14 + 10 + 5);
    expect(bytes[defAt + 1]).toBe(3);
    bytes[defAt + 2] = 0x84;
    const w2 = new FitWriter();
    header(w2);
    const raw = [...bytes.subarray(14, bytes.length - 2)];
    const data: number[] = [];
    for (let i = 0; i < 3; i++) data.push(1, ...le32(START + i), 0x10, 0x20, 0x30, 150);
    const body = raw.concat(data);
    const file = new Uint8Array([12, 0x20, 0x08, 0x52, body.length & 0xff, body.length >> 8, 0, 0, 0x2e, 0x46, 0x49, 0x54, ...body, 0, 0]);
    const r = activities(file);
    const a = r.activities[0];
    expect(a.streams.channels.speedMps).toBeUndefined();
    expect(a.streams.channels.hrBpm).toEqual([150, 150, 150]);
  });

  it('expands compressed_speed_distance: 12-bit speed /100 and 12-bit accumulated distance /16', () => {
    const w = new FitWriter();
    header(w);
    w.define(1, 20, [[253, T.uint32], [8, T.byte, 3]]);
    for (let i = 0; i <= 100; i++) {
      const speed = 300; // 3.00 m/s
      const dist = (i * 48) & 0xfff; // 3 m/s · 16, wraps past 4096 after 85 s
      w.data(1, [START + i, new Uint8Array([speed & 0xff, ((speed >> 8) & 0x0f) | ((dist & 0x0f) << 4), dist >> 4])]);
    }
    const a = activities(w.finish()).activities[0];
    expect(a.streams.channels.speedMps![50]).toBe(3);
    expect(a.streams.channels.distanceM![100]).toBe(300);
    expect(a.summary.distanceM).toBe(300);
  });

  it('strings without a NUL terminator are read to the field end', () => {
    const w = new FitWriter();
    w.define(0, 0, [[0, T.enum], [1, T.uint16], [2, T.uint16], [8, T.string, 5]]).data(0, [4, 32, 1, 'ROAMX']);
    w.define(1, 20, [[253, T.uint32], [3, T.uint8]]);
    for (let i = 0; i < 3; i++) w.data(1, [START + i, 100]);
    const a = activities(w.finish()).activities[0];
    expect(a.device).toMatchObject({ manufacturer: 'wahoo_fitness', product: 'ROAMX' });
  });
});

function le32(v: number): number[] {
  return [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
}
