import { describe, expect, it } from 'vitest';
import { STRAVA_HEADER, stravaCsv } from '../../../tests/helpers/archive-fixtures.js';
import { parseStravaActivitiesCsv } from './strava-activities-csv.js';
import { parseStravaDate } from './strava-date.js';
import { stravaSport } from './strava-sports.js';

describe('Strava activities.csv', () => {
  const start = new Date('2022-05-02T20:54:21Z');
  const csv = stravaCsv([
    { id: '7083412669', startTime: start, name: 'Greolières, "Cheiron"', type: 'Hike', description: 'Line one\nline two', privateNote: 'secret', commute: true, gear: 'Old Shoes', perceivedExertion: 7, durationS: 16183, distanceM: 14016.03, file: 'gpx.gz', fileId: '7540528261', media: ['media/a.jpg', 'media/b.jpg'] },
    { id: '2', startTime: start, name: 'Gym', type: 'Weight Training', file: 'none' },
  ]);

  it('reads duplicated columns by position: metres from the second Distance, flags from the raw block', () => {
    const r = parseStravaActivitiesCsv(csv);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [a, b] = r.rows;
    expect(a).toMatchObject({ activityId: '7083412669', name: 'Greolières, "Cheiron"', sport: 'hiking', description: 'Line one\nline two', privateNote: 'secret', commute: true, gearName: 'Old Shoes', perceivedExertion: 7, fileName: 'activities/7540528261.gpx.gz', distanceM: 14016.03, elapsedTimeS: 16183, media: ['media/a.jpg', 'media/b.jpg'] });
    expect(a.startTimeMs).toBe(start.getTime());
    expect(b).toMatchObject({ fileName: null, sport: 'training', subSport: 'strength_training', commute: false });
  });

  it('reads a translated 94-column header by position and says so', () => {
    const translated = STRAVA_HEADER.split(',').map((h, i) => (i < 13 ? `Col ${i}` : h)).join(',');
    const r = parseStravaActivitiesCsv(stravaCsv([{ id: '5', startTime: start, name: 'Běh', type: 'Run', file: 'fit' }], translated));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.rows[0]).toMatchObject({ name: 'Běh', sport: 'running', fileName: 'activities/5.fit' });
      expect(r.warnings.join(' ')).toMatch(/not in English/);
    }
  });

  it('fails clearly on a layout it cannot know', () => {
    const r = parseStravaActivitiesCsv('ID aktivity,Datum,Název\n1,2,3\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/layout we do not know \(3 columns/);
  });

  it('parses Strava dates in several locales as UTC', () => {
    expect(parseStravaDate('May 2, 2022, 8:54:21 AM')).toBe(Date.UTC(2022, 4, 2, 8, 54, 21));
    expect(parseStravaDate('Jul 28, 2024, 12:05:07 PM')).toBe(Date.UTC(2024, 6, 28, 12, 5, 7));
    expect(parseStravaDate('Jul 28, 2024, 12:05:07 AM')).toBe(Date.UTC(2024, 6, 28, 0, 5, 7));
    expect(parseStravaDate('15 mar 2024, 6:45:12')).toBe(Date.UTC(2024, 2, 15, 6, 45, 12));
    expect(parseStravaDate('2 de mayo de 2022, 8:54:21')).toBe(Date.UTC(2022, 4, 2, 8, 54, 21));
    expect(parseStravaDate('02.05.2022, 08:54:21')).toBe(Date.UTC(2022, 4, 2, 8, 54, 21));
    expect(parseStravaDate('not a date')).toBeNull();
  });

  it('maps Strava types and flags unknown ones', () => {
    expect(stravaSport('Alpine Ski')).toMatchObject({ sport: 'alpine_skiing', known: true });
    expect(stravaSport('Ride')).toMatchObject({ sport: 'cycling', known: true });
    expect(stravaSport('Virtual Ride')).toMatchObject({ sport: 'cycling', subSport: 'virtual_activity' });
    expect(stravaSport('Quidditch')).toMatchObject({ sport: 'generic', known: false });
  });
});
