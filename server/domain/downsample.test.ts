import { describe, expect, it } from 'vitest';
import { downsampleStreams } from './downsample.js';

describe('downsampleStreams', () => {
  const s = {
    timeS: [0, 1, 2, 3, 4, 5, 6, 7],
    channels: { hrBpm: [100, 102, null, null, 120, 122, 130, 134] },
    developer: [{ key: 'd', name: 'x', units: null, appId: null, values: [1, 1, 1, 1, 2, 2, 2, 2] }],
  };
  it('keeps streams that already fit', () => {
    expect(downsampleStreams(s, 8)).toBe(s);
  });
  it('averages buckets on one axis and keeps all-null buckets as gaps', () => {
    const d = downsampleStreams(s, 4);
    expect(d.timeS).toEqual([0, 2, 4, 6]);
    expect(d.channels.hrBpm).toEqual([101, null, 121, 132]);
    expect(d.developer[0].values).toEqual([1, 1, 2, 2]);
  });
  it('keeps a mean to the stored resolution, not 17 digits of float noise', () => {
    const g = { timeS: [0, 1, 2, 3], channels: { latDeg: [46.5605864, 46.5605865, 1, 1], speedMps: [3.333, 3.334, 1, 1] }, developer: [] };
    const d = downsampleStreams(g, 2);
    expect(d.channels.latDeg).toEqual([46.5605865, 1]);
    expect(d.channels.speedMps).toEqual([3.33, 1]);
    expect(JSON.stringify(d.channels.latDeg)).toBe('[46.5605865,1]');
  });
  it('handles uneven bucket sizes', () => {
    const d = downsampleStreams(s, 3);
    expect(d.timeS).toHaveLength(3);
    expect(d.channels.hrBpm).toHaveLength(3);
  });
});
