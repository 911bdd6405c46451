import { describe, expect, it } from 'vitest';
import type { ThresholdDto } from '../../../shared/analysis-api.js';
import { formatThreshold, parseThreshold, thresholdHistories, thresholdToText } from './analysis-thresholds.js';

describe('thresholds', () => {
  it('round-trips pace and weight through the athlete units', () => {
    const pace = parseThreshold('threshold_pace', '4:00', 'metric', 'running');
    expect(pace).toEqual({ value: 1000 / 240 });
    expect(thresholdToText('threshold_pace', 1000 / 240, 'metric', 'running')).toBe('4:00');
    expect(formatThreshold('threshold_pace', 1000 / 240, 'metric', 'running')).toBe('4:00 /km');
    expect(thresholdToText('threshold_pace', 1000 / 240, 'imperial', 'running')).toBe('6:26');
    const w = parseThreshold('weight', '154', 'imperial', null);
    expect('value' in w && w.value).toBeCloseTo(69.85, 2);
    expect(thresholdToText('weight', 70, 'imperial', null)).toBe('154.3');
    expect(formatThreshold('ftp', 284.6, 'metric', 'cycling')).toBe('285 W');
  });
  it('rejects nonsense with a reason', () => {
    expect(parseThreshold('ftp', 'abc', 'metric', null)).toHaveProperty('error');
    expect(parseThreshold('max_hr', '400', 'metric', null)).toHaveProperty('error');
    expect(parseThreshold('threshold_pace', '4.30', 'metric', null)).toHaveProperty('error');
  });
  it('groups dated values into histories, newest first, each valid until the next', () => {
    const t = (id: string, kind: ThresholdDto['kind'], sport: string | null, validFrom: string, value: number): ThresholdDto => ({ id, kind, sport, validFrom, value });
    const h = thresholdHistories([t('1', 'weight', null, '2024-01-01', 70), t('2', 'ftp', 'cycling', '2023-01-01', 250), t('3', 'ftp', 'cycling', '2024-03-01', 270), t('4', 'ftp', null, '2022-01-01', 240)]);
    expect(h.map((x) => `${x.kind}:${x.sport}`)).toEqual(['ftp:null', 'ftp:cycling', 'weight:null']);
    expect(h[1]!.entries.map((e) => [e.t.id, e.until])).toEqual([['3', null], ['2', '2024-03-01']]);
  });
});
