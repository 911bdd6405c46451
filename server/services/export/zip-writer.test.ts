import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ZipWriter } from './zip-writer.js';

describe('ZipWriter', () => {
  it('stops with an error when the reader goes away instead of waiting forever', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const zip = new ZipWriter(out);
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced++;
        yield randomBytes(4096);
      }
    }
    const writing = zip.add('big.bin', endless());
    // Nobody reads: the writer blocks on backpressure; then the download is closed.
    await new Promise((r) => setTimeout(r, 50));
    out.destroy();
    await expect(writing).rejects.toThrow(/download was closed/);
    // Backpressure held it to a few chunks, and nothing more is produced after the close.
    const atClose = produced;
    expect(atClose).toBeLessThan(100);
    await new Promise((r) => setTimeout(r, 50));
    expect(produced).toBe(atClose);
  });
});
