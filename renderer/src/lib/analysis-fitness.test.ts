import { describe, expect, it } from 'vitest';
import type { FitnessRowDto } from '../../../shared/analysis-api.js';
import { currentRow, fitnessRows, formZone, utcDate } from './analysis-fitness.js';

describe('fitness rows', () => {
  const day = (date: string, ctl: number, atl: number, planned = false): FitnessRowDto => ({ date, load: planned ? 0 : 50, ctl, atl, tsb: ctl - atl, rampRate: 1, planned });
  it('splits history from projection and joins them at the last real day', () => {
    const rows = fitnessRows([day('2024-05-03', 41, 60, true), day('2024-05-01', 40, 50), day('2024-05-02', 42, 62)]);
    expect(rows.map((r) => r.date)).toEqual(['2024-05-01', '2024-05-02', '2024-05-03']);
    expect(rows[0]).toMatchObject({ ctl: 40, ctlPlan: null, planned: false });
    expect(rows[1]).toMatchObject({ ctl: 42, ctlPlan: 42, tsb: -20, tsbPlan: -20 });
    expect(rows[2]).toMatchObject({ ctl: null, load: null, ctlPlan: 41, planned: true });
    expect(rows[1]!.t - rows[0]!.t).toBe(86_400_000);
    expect(currentRow(rows)?.date).toBe('2024-05-02');
  });
  it('names form bands and computes UTC days', () => {
    expect(formZone(10).label).toBe('Fresh');
    expect(formZone(-20).label).toBe('Optimal training');
    expect(formZone(-40).tone).toBe('high-risk');
    expect(utcDate(new Date('2024-03-01T23:30:00Z'), -1)).toBe('2024-02-29');
  });
});
