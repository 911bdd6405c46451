import { describe, expect, it } from 'vitest';
import { HrMessages, mergeHr } from './fit-hr-merge.js';
import { BlockCollector } from './fit-collect.js';
import { decodeMessages } from './fit-decoder.js';
import { FitView } from './fit-view.js';
import { FitWriter, T } from '../../../tests/helpers/fit-encoder.js';

describe('hr messages', () => {
  it('unpacks event_timestamp_12 as the FIT SDK does (HrmPluginTestActivity.csv values)', () => {
    // FitCSVTool shows, for this packed field after an anchor at event_timestamp 1242209.0 s,
    // event_timestamp = 1242212.0|1242213.7314453125|1242215.5029296875|1242215.865234375|…
    const w = new FitWriter();
    w.define(0, 132, [[253, T.uint32], [0, T.uint16], [6, T.uint8, 1], [9, T.uint32, 1]]);
    w.data(0, [1030731510, 0, [71], [1242209 * 1024]]);
    w.define(0, 132, [[6, T.uint8, 8], [10, T.byte, 12]]);
    w.data(0, [[71, 71, 71, 71, 71, 71, 71, 71], new Uint8Array([0, 208, 110, 3, 110, 247, 209, 147, 149, 125, 30, 255])]);
    const bytes = w.finish();
    const view = new FitView(bytes);
    const c = new BlockCollector(view);
    decodeMessages(view, 14, bytes.length - 2, c);
    const rel = c.hr.times.map((t) => t - 1030731510 + 1242209);
    expect(rel).toEqual([
      1242209, 1242212.0, 1242213.7314453125, 1242215.5029296875, 1242215.865234375, 1242216.9541015625, 1242218.3369140625,
      1242219.6220703125, 1242219.9853515625,
    ]);
    expect(c.hr.bpm.every((b) => b === 71)).toBe(true);
  });

  it('fills only missing record values, from the latest beat within 5 s', () => {
    const ts = [0, 1, 2, 3, 7, 18, 30];
    const hr = [NaN, 150, NaN, NaN, NaN, NaN, NaN];
    const n = mergeHr(ts, hr, { times: [0.2, 0.9, 2.4, 3.1, 14.9], bpm: [100, 101, 102, 103, 104] });
    expect(hr).toEqual([100, 150, 102, 103, 103, 104, NaN]);
    expect(n).toBe(5);
  });

  it('sorts beats that arrive out of order', () => {
    const hr = [NaN, NaN];
    mergeHr([0, 1], hr, { times: [1, 0], bpm: [61, 60] });
    expect(hr).toEqual([60, 61]);
  });

  it('ignores hr messages before any anchor timestamp', () => {
    const h = new HrMessages();
    expect(h.length).toBe(0);
  });
});
