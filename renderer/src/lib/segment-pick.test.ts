import { describe, expect, it } from 'vitest';
import { indexAtTime, nearestSample, nextPick, stretchPoints } from './segment-pick';

const t = { timeS: [0, 10, 20, 30, 40], lat: [47, 47.001, null, 47.003, 47.004], lon: [8, 8, null, 8, 8] };

describe('segment picking on the map', () => {
  it('snaps a click to the nearest sample with a position', () => {
    expect(nearestSample(t, 47.0012, 8.0001)).toBe(1);
    expect(nearestSample(t, 47.0019, 8)).toBe(1); // sample 2 has no position: the nearest one that has
    expect(nearestSample({ timeS: [0], lat: [null], lon: [null] }, 47, 8)).toBe(-1);
  });

  it('takes start then end in either order, and a third click starts again', () => {
    let p = nextPick({ start: null, end: null }, 3);
    expect(p).toEqual({ start: 3, end: null });
    p = nextPick(p, 1);
    expect(p).toEqual({ start: 1, end: 3 });
    expect(nextPick(p, 4)).toEqual({ start: 4, end: null });
    expect(nextPick({ start: 2, end: null }, 2)).toEqual({ start: 2, end: null });
  });

  it('lists the stretch and finds samples by time', () => {
    expect(stretchPoints(t, 1, 3)).toEqual([[47.001, 8], [47.003, 8]]);
    expect(indexAtTime(t, 25)).toBe(3);
    expect(indexAtTime(t, 0)).toBe(0);
    expect(indexAtTime(t, 99)).toBe(4);
  });
});
