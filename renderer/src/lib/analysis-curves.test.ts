import { describe, expect, it } from 'vitest';
import { curveTicks, mergeCurves, valueAt } from './analysis-curves.js';

describe('curves', () => {
  it('merges an activity curve with the all-time curve up to the activity length', () => {
    const rows = mergeCurves(
      [{ durationS: 1, value: 400 }, { durationS: 60, value: 300 }],
      [{ durationS: 1, value: 900 }, { durationS: 60, value: 450 }, { durationS: 3600, value: 250 }],
    );
    expect(rows).toEqual([
      { durationS: 1, activity: 400, best: 900 },
      { durationS: 60, activity: 300, best: 450 },
    ]);
  });
  it('converts values for display and drops what cannot be shown', () => {
    const rows = mergeCurves([{ durationS: 10, value: 4 }, { durationS: 20, value: 0.1 }], null, (v) => (v < 0.5 ? null : 1000 / v));
    expect(rows.map((r) => r.activity)).toEqual([250, null]);
  });
  it('ticks on round durations and interpolates in log time', () => {
    expect(curveTicks(1, 1800)).toEqual([1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800]);
    const pts = [{ durationS: 10, value: 300 }, { durationS: 1000, value: 100 }];
    expect(valueAt(pts, 100)).toBeCloseTo(200);
    expect(valueAt(pts, 5)).toBeNull();
  });
});
