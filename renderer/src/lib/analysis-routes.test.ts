import { describe, expect, it } from 'vitest';
import { parseAnalysisHash } from './analysis-routes.js';

describe('analysis routes', () => {
  it('recognises the four pages and nothing else', () => {
    expect(parseAnalysisHash('#/records?sport=cycling')).toMatchObject({ page: 'records' });
    expect(parseAnalysisHash('#/records?sport=cycling')!.query.get('sport')).toBe('cycling');
    expect(parseAnalysisHash('#/fitness')?.page).toBe('fitness');
    expect(parseAnalysisHash('#/calendar?month=2024-05')?.page).toBe('calendar');
    expect(parseAnalysisHash('#/settings/thresholds')?.page).toBe('thresholds');
    expect(parseAnalysisHash('#/settings')).toBeNull();
    expect(parseAnalysisHash('#/activities/records')).toBeNull();
  });
});
