import { describe, expect, it } from 'vitest';
import { sliceStreamsDto } from './leg-streams';

describe('sliceStreamsDto', () => {
  const s = {
    sampleCount: 6,
    timeS: [0, 10, 20, 30, 40, 50],
    channels: { speedMps: [1, 1, 8, 8, 3, 3], hrBpm: [100, 110, 120, 130, 140, 150] },
    developer: [{ key: 'k', name: 'core', units: null, values: [1, 2, 3, 4, 5, 6] }],
  };
  it('keeps the samples of [from, to) with their activity times', () => {
    const bike = sliceStreamsDto(s, 20, 40);
    expect(bike.timeS).toEqual([20, 30]);
    expect(bike.channels.speedMps).toEqual([8, 8]);
    expect(bike.channels.hrBpm).toEqual([120, 130]);
    expect(bike.developer[0]!.values).toEqual([3, 4]);
    expect(bike.sampleCount).toBe(2);
  });
  it('gives the last leg its end sample and an empty slice outside the data', () => {
    expect(sliceStreamsDto(s, 40, 51).timeS).toEqual([40, 50]);
    expect(sliceStreamsDto(s, 60, 70).timeS).toEqual([]);
  });
});
