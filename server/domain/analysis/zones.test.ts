import { describe, expect, it } from 'vitest';
import { thresholdOn, type ThresholdLike } from './thresholds.js';
import { HR_THRESHOLD_ZONES, POWER_ZONES, timeInZones } from './zones.js';

const T: ThresholdLike[] = [
  { kind: 'ftp', sport: null, value: 200, validFrom: '2023-01-01' },
  { kind: 'ftp', sport: null, value: 250, validFrom: '2024-01-01' },
  { kind: 'ftp', sport: 'virtual_ride', value: 230, validFrom: '2024-06-01' },
];

describe('thresholds on a date', () => {
  it('use the latest value valid on the day, per sport first', () => {
    expect(thresholdOn(T, 'ftp', 'cycling', '2023-12-31')?.value).toBe(200);
    expect(thresholdOn(T, 'ftp', 'cycling', '2024-01-01')?.value).toBe(250);
    expect(thresholdOn(T, 'ftp', 'virtual_ride', '2024-05-31')?.value).toBe(250);
    expect(thresholdOn(T, 'ftp', 'virtual_ride', '2024-07-01')?.value).toBe(230);
  });
  it('apply the first value to older activities, and nothing when none exists', () => {
    expect(thresholdOn(T, 'ftp', 'cycling', '2020-01-01')).toEqual({ value: 200, validFrom: '2023-01-01' });
    expect(thresholdOn(T, 'threshold_hr', 'cycling', '2024-01-01')).toBeNull();
  });
});

describe('time in zones', () => {
  it('puts each second in the zone of its value with the FTP of the day', () => {
    // FTP 250: 100 s at 100 W (Z1 < 137.5), 200 s at 200 W (Z3 187.5–225), 50 s at 400 W (Z7 ≥ 375).
    const values = [...Array(100).fill(100), ...Array(200).fill(200), ...Array(50).fill(400)];
    const z = timeInZones(POWER_ZONES, { value: 250, validFrom: '2024-01-01' }, values, Array(values.length).fill(1))!;
    expect(z.zones.map((b) => b.timeS)).toEqual([100, 0, 200, 0, 0, 0, 50]);
    expect(z.zones[2].min).toBeCloseTo(187.5, 9);
    expect(z.zones[6].max).toBeNull();
    expect(z.basis).toEqual({ kind: 'ftp', value: 250, validFrom: '2024-01-01' });
  });
  it('skips nulls and returns null without any value', () => {
    expect(timeInZones(HR_THRESHOLD_ZONES, { value: 170, validFrom: null }, [null, null], [1, 1])).toBeNull();
    const z = timeInZones(HR_THRESHOLD_ZONES, { value: 170, validFrom: null }, [null, 180, 160], [1, 2, 3])!;
    expect(z.zones.reduce((s, b) => s + b.timeS, 0)).toBe(5);
  });
});
