import { describe, expect, it } from 'vitest';
import { formatShare, zoneSegments } from './analysis-zones.js';

describe('zones', () => {
  it('computes shares and readable ranges', () => {
    const segs = zoneSegments(
      {
        kind: 'hr',
        basis: { kind: 'threshold_hr', value: 170, validFrom: null },
        zones: [
          { index: 2, name: 'Endurance', min: 120, max: 140, timeS: 900 },
          { index: 1, name: 'Recovery', min: 0, max: 120, timeS: 300 },
          { index: 3, name: 'Tempo', min: 140, max: null, timeS: 0 },
        ],
      },
      'running',
      'metric',
    );
    expect(segs.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(segs.map((s) => s.share)).toEqual([0.25, 0.75, 0]);
    expect(segs[1]!.range).toBe('120–140 bpm');
    expect(segs[2]!.range).toBe('> 140 bpm');
    expect(segs[1]!.time).toBe('15:00');
    expect(formatShare(0.004)).toBe('<1%');
  });
  it('shows pace zones as paces for runners, fastest zone open-ended', () => {
    const segs = zoneSegments(
      {
        kind: 'pace',
        basis: { kind: 'threshold_pace', value: 1000 / 240, validFrom: '2024-01-01' },
        zones: [
          { index: 1, name: 'Easy', min: 0, max: 1000 / 300, timeS: 60 },
          { index: 2, name: 'Threshold', min: 1000 / 300, max: 1000 / 240, timeS: 60 },
          { index: 3, name: 'Fast', min: 1000 / 240, max: null, timeS: 0 },
        ],
      },
      'running',
      'metric',
    );
    expect(segs.map((s) => s.range)).toEqual(['slower than 5:00 /km', '4:00 /km – 5:00 /km', 'faster than 4:00 /km']);
  });
});
