import { describe, expect, it } from 'vitest';
import { durationLabel, effortLabel, formatEffort, formatLoad } from './analysis-format.js';

describe('analysis labels', () => {
  it('names best-effort distances the way races are named', () => {
    expect(effortLabel(400)).toBe('400 m');
    expect(effortLabel(1000)).toBe('1 km');
    expect(effortLabel(1609.344)).toBe('1 mile');
    expect(effortLabel(804.672)).toBe('½ mile');
    expect(effortLabel(21097.5)).toBe('Half marathon');
    expect(effortLabel(42195)).toBe('Marathon');
    expect(effortLabel(100_000)).toBe('100 km');
  });
  it('labels curve durations', () => {
    expect(durationLabel(1)).toBe('1 s');
    expect(durationLabel(300)).toBe('5 min');
    expect(durationLabel(90)).toBe('1 min 30 s');
    expect(durationLabel(3600)).toBe('1 h');
    expect(durationLabel(5400)).toBe('1 h 30 min');
  });
  it('shows an effort with its pace in either unit system', () => {
    expect(formatEffort(5000, 1200, 'running', 'metric')).toBe('20:00 (4:00 /km)');
    expect(formatEffort(1609.344, 360, 'running', 'imperial')).toBe('6:00 (6:00 /mi)');
    expect(formatEffort(40_000, 3600, 'cycling', 'metric')).toBe('1:00:00 (40.0 km/h)');
  });
  it('signs balances only when asked', () => {
    expect(formatLoad(12.4, true)).toBe('+12');
    expect(formatLoad(-3.6, true)).toBe('-4');
    expect(formatLoad(-0.2, true)).toBe('0');
    expect(formatLoad(null)).toBe('—');
  });
});
