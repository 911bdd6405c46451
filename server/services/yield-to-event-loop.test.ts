import { describe, expect, it } from 'vitest';
import { timeSlicer } from './yield-to-event-loop.js';

describe('timeSlicer', () => {
  it('yields to the event loop only once its budget has run, then starts a new slice', async () => {
    let now = 0;
    const slice = timeSlicer(4, () => now);
    expect(slice()).toBeUndefined();
    now = 3.9;
    expect(slice()).toBeUndefined();
    now = 4;
    let ranBetween = false;
    setImmediate(() => (ranBetween = true));
    const y = slice();
    expect(y).toBeInstanceOf(Promise);
    await y;
    expect(ranBetween).toBe(true); // a macrotask queued before the yield ran during it
    now = 7.9; // the new slice started at 4
    expect(slice()).toBeUndefined();
    now = 8;
    expect(slice()).toBeInstanceOf(Promise);
  });

  it('with a zero budget yields at every call', async () => {
    const slice = timeSlicer(0, () => 0);
    for (let i = 0; i < 3; i++) {
      const y = slice();
      expect(y).toBeInstanceOf(Promise);
      await y;
    }
  });
});
