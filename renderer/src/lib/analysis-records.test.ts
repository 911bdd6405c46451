import { describe, expect, it } from 'vitest';
import type { RecordRowDto } from '../../../shared/analysis-api.js';
import { formatRecord, kindsPresent, recordTable } from './analysis-records.js';

describe('records table', () => {
  const r = (kind: RecordRowDto['kind'], key: number, v: number, year: number, scope: 'all' | 'year', id = `a${year}`): RecordRowDto => ({
    kind,
    key,
    ...(kind === 'distance' ? { valueS: v } : kind === 'power' ? { valueW: v } : kind === 'hr' ? { valueBpm: v } : { valueMps: v }),
    activityId: id,
    date: `${year}-06-01`,
    year,
    scope,
  });
  it('puts the all-time best first and years newest first', () => {
    const t = recordTable([r('distance', 5000, 1250, 2023, 'year'), r('distance', 5000, 1200, 2024, 'year'), r('distance', 5000, 1200, 2024, 'all'), r('distance', 1000, 230, 2023, 'year'), r('power', 60, 400, 2024, 'year')], 'distance');
    expect(t.years).toEqual([2024, 2023]);
    expect(t.rows.map((x) => x.key)).toEqual([1000, 5000]);
    expect(t.rows[1]!.all?.valueS).toBe(1200);
    expect(t.rows[1]!.byYear.get(2023)?.valueS).toBe(1250);
    // No "all" row from the server: the best year stands in (lowest time for distances).
    expect(t.rows[0]!.all?.valueS).toBe(230);
  });
  it('keeps the highest value for curve records', () => {
    const t = recordTable([r('power', 60, 380, 2023, 'year'), r('power', 60, 410, 2024, 'year')], 'power');
    expect(t.rows[0]!.all?.valueW).toBe(410);
    expect(kindsPresent([r('hr', 60, 180, 2024, 'all'), r('power', 60, 410, 2024, 'all')])).toEqual(['power', 'hr']);
  });
  it('formats record values in the chosen units', () => {
    expect(formatRecord('distance', 10_000, 2400, 'running', 'metric')).toBe('40:00 (4:00 /km)');
    expect(formatRecord('power', 1200, 301.6, 'cycling', 'metric')).toBe('302 W');
    expect(formatRecord('pace', 60, 1609.344 / 300, 'running', 'imperial')).toBe('5:00 /mi');
  });
});
