import { describe, expect, it } from 'vitest';
import { splitBlocks } from './fit-blocks.js';
import { fitCrc } from './fit-crc.js';
import { fitCrc16 } from '../../../tests/helpers/fit-encoder.js';
import { makeFitActivity } from '../../../tests/helpers/fit-fixture.js';

describe('splitBlocks', () => {
  it('table CRC equals the bitwise FIT CRC-16', () => {
    const b = makeFitActivity({ durationS: 20 });
    expect(fitCrc(b, 0, b.length - 2)).toBe(fitCrc16(b, 0, b.length - 2));
    expect(fitCrc(b)).toBe(0); // a finished FIT file checks to zero including its CRC
  });

  it('finds every chained file', () => {
    const s = splitBlocks(makeFitActivity({ durationS: 20, chained: 'activity' }));
    expect(s.blocks).toHaveLength(2);
    expect(s.warnings).toEqual([]);
  });

  it('reads a never-finalised file (data_size 0) to the end', () => {
    const b = makeFitActivity({ durationS: 20, headerSize: 12 });
    b.fill(0, 4, 8);
    const s = splitBlocks(b);
    expect(s.blocks[0]).toMatchObject({ dataStart: 12, dataEnd: b.length, unfinalised: true });
    expect(s.warnings.join()).toMatch(/never finalised/);
  });

  it('warns on a bad header CRC and accepts 0', () => {
    const b = makeFitActivity({ durationS: 20 });
    b[12] ^= 1;
    expect(splitBlocks(b).warnings.join()).toMatch(/header CRC/);
    expect(splitBlocks(makeFitActivity({ durationS: 20, headerCrcZero: true })).warnings).toEqual([]);
  });

  it('reports trailing garbage after a chain and rejects non-FIT input', () => {
    const b = makeFitActivity({ durationS: 5 });
    const junk = new Uint8Array(b.length + 20).fill(7);
    junk.set(b);
    expect(splitBlocks(junk).warnings.join()).toMatch(/not a valid FIT header/);
    expect(splitBlocks(new Uint8Array(5)).fatal).toMatch(/too small/);
  });
});
