import { describe, expect, it } from 'vitest';
import { formatActivityDate, formatActivityDateTime, formatActivityTime, zoneLabel } from './dates';

describe('activity times on their own clock (issue 13 §2)', () => {
  const fr945 = { startTime: '2019-06-15T09:42:23.000Z', utcOffsetS: -4 * 3600, timeZone: 'America/New_York' };
  it('shows the local wall time and zone of the activity, whatever the viewer zone', () => {
    expect(formatActivityTime(fr945)).toMatch(/05:42|5:42/);
    expect(formatActivityDate(fr945)).toMatch(/15/);
    expect(formatActivityDateTime(fr945)).toMatch(/EDT$/);
    expect(zoneLabel({ startTime: fr945.startTime, utcOffsetS: 5.75 * 3600, timeZone: null })).toBe('UTC+05:45');
  });
  it('counts a Tokyo evening run on the Tokyo date', () => {
    expect(formatActivityDate({ startTime: '2024-03-01T20:00:00.000Z', utcOffsetS: 9 * 3600, timeZone: 'Asia/Tokyo' })).toMatch(/2/);
    expect(formatActivityDate({ startTime: '2024-03-01T20:00:00.000Z', utcOffsetS: 9 * 3600, timeZone: 'Asia/Tokyo' })).not.toMatch(/\b1\b/);
  });
  it('falls back to the viewer zone for rows without an offset yet', () => {
    expect(formatActivityTime({ startTime: '2019-06-15T09:42:23.000Z', utcOffsetS: null })).not.toBe('');
  });
});
