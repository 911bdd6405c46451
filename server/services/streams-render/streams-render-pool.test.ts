import { describe, expect, it } from 'vitest';
import { encodeStreams } from '../../storage/stream-codec.js';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { renderStreams, streamsDto } from './render-streams.js';
import { StreamsRenderPool } from './streams-render-pool.js';

function blobOf(n: number) {
  const timeS = Array.from({ length: n }, (_, i) => i);
  return encodeStreams({
    timeS,
    channels: { hrBpm: timeS.map((i) => 120 + (i % 30)), speedMps: timeS.map((i) => 3 + (i % 7) / 10), latDeg: timeS.map((i) => 46.5 + i * 1e-5), lonDeg: timeS.map((i) => 6.6 + i * 1e-5) },
    developer: [],
  });
}

describe('chart streams rendered on a worker thread', () => {
  it('the worker answers byte for byte what the inline renderer does, compressed or not', async () => {
    const pool = new StreamsRenderPool(1);
    try {
      const blob = blobOf(3600);
      for (const o of [{ maxPoints: 500 }, { maxPoints: 500, encoding: 'gzip' as const }, { maxPoints: 500, encoding: 'br' as const }, { channels: ['hrBpm' as const] }]) {
        const got = await pool.render(blob, o);
        expect(Buffer.from(got).equals(Buffer.from(renderStreams(blob, o)))).toBe(true);
      }
      const dto = JSON.parse(gunzipSync(await pool.render(blob, { maxPoints: 500, encoding: 'gzip' })).toString());
      expect(dto).toEqual(streamsDto(blob, { maxPoints: 500 }));
      expect(JSON.parse(brotliDecompressSync(await pool.render(blob, { maxPoints: 500, encoding: 'br' })).toString())).toEqual(dto);
      expect(dto.sampleCount).toBe(3600);
      expect(dto.timeS.length).toBeLessThanOrEqual(500);
      // Many at once, spread over the worker's queue, each its own answer.
      const blobs = [100, 200, 300, 400, 500].map(blobOf);
      const all = await Promise.all(blobs.map((b) => pool.render(b, {})));
      expect(all.map((b) => JSON.parse(Buffer.from(b).toString()).sampleCount)).toEqual([100, 200, 300, 400, 500]);
    } finally {
      await pool.close();
    }
  });

  it('a blob the codec rejects fails that request alone, and the worker goes on', async () => {
    const pool = new StreamsRenderPool(1);
    try {
      await expect(pool.render(new Uint8Array([1, 2, 3, 4, 5]), {})).rejects.toThrow(/not a MileVault stream blob/);
      expect(JSON.parse(Buffer.from(await pool.render(blobOf(10), {})).toString()).sampleCount).toBe(10);
      expect(pool.restarts).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('charts a dead worker held are rendered inline and a new worker takes over', async () => {
    const pool = new StreamsRenderPool(1);
    try {
      await pool.render(blobOf(10), {});
      const slot = (pool as unknown as { slots: { worker: { terminate(): Promise<number>; emit(e: string, x: unknown): void } }[] }).slots[0]!;
      const inFlight = pool.render(blobOf(50), {});
      slot.worker.emit('error', new Error('simulated crash'));
      expect(JSON.parse(Buffer.from(await inFlight).toString()).sampleCount).toBe(50);
      expect(pool.restarts).toBe(1);
      expect(JSON.parse(Buffer.from(await pool.render(blobOf(20), {})).toString()).sampleCount).toBe(20);
    } finally {
      await pool.close();
    }
  });

  it('without workers (a one-core machine) it renders inline', async () => {
    const pool = new StreamsRenderPool(0);
    expect(JSON.parse(Buffer.from(await pool.render(blobOf(30), {})).toString()).sampleCount).toBe(30);
    await pool.close();
  });
});
