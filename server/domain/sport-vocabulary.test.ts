import { describe, expect, it } from 'vitest';
import { inferSport, looksLikePoolSwim, normalizeSport, type SportHints } from './sport-vocabulary.js';

const none: SportHints = { hasPosition: false, hasCadence: false, laps: [] };
const swimLaps = [
  { distanceM: 300, timeS: 383 },
  { distanceM: 0, timeS: 132 },
  { distanceM: 1000, timeS: 1259 },
];

describe('sport vocabulary', () => {
  it('maps every format\'s labels to FIT sport names', () => {
    expect(normalizeSport('Biking')).toEqual({ sport: 'cycling', subSport: null }); // TCX
    expect(normalizeSport('lap_swimming')).toEqual({ sport: 'swimming', subSport: 'lap_swimming' }); // Garmin Connect GPX
    expect(normalizeSport('open_water_swimming')).toEqual({ sport: 'swimming', subSport: 'open_water' });
    expect(normalizeSport('16')).toEqual({ sport: 'swimming', subSport: null }); // Strava GPX id
    expect(normalizeSport('VirtualRide')).toEqual({ sport: 'cycling', subSport: 'virtual_activity' }); // Strava name
    expect(normalizeSport('NordicSki').sport).toBe('cross_country_skiing');
    expect(normalizeSport('Radfahren').sport).toBe('cycling'); // OpenTracks, German
    expect(normalizeSport('Other')).toEqual({ sport: 'generic', subSport: null });
  });

  it('reads the sport from names, notes and the creator when the label says "Other"', () => {
    expect(inferSport({ ...none, label: 'Other', texts: ['Morning Swim'] }).sport).toBe('swimming');
    expect(inferSport({ ...none, label: null, texts: [null, 'Lunch Ride'] }).sport).toBe('cycling');
    expect(inferSport({ ...none, label: 'Other', texts: ['Garmin Swim'] }).sport).toBe('swimming');
    // A device name is not a sport: "Forerunner" does not contain the word "run".
    expect(inferSport({ ...none, label: 'Other', texts: ['Forerunner 935'] }).sport).toBe('generic');
    // The label wins over the text.
    expect(inferSport({ ...none, label: 'Running', texts: ['after the swim'] }).sport).toBe('running');
  });

  it('recognises a pool swim by its laps: whole pool lengths, rest laps of 0 m, no position, no cadence', () => {
    expect(looksLikePoolSwim({ ...none, laps: swimLaps })).toBe(true);
    expect(inferSport({ ...none, label: 'Other', laps: swimLaps })).toEqual({ sport: 'swimming', subSport: 'lap_swimming' });
    // 25 yd pool: 4 × 22.86 m.
    expect(looksLikePoolSwim({ ...none, laps: [{ distanceM: 91.44, timeS: 90 }, { distanceM: 0, timeS: 30 }] })).toBe(true);
  });

  it('does not call a walk, a paddle or a treadmill run a pool swim', () => {
    expect(looksLikePoolSwim({ ...none, hasPosition: true, laps: swimLaps })).toBe(false);
    expect(looksLikePoolSwim({ ...none, hasCadence: true, laps: swimLaps })).toBe(false);
    // No rest lap.
    expect(looksLikePoolSwim({ ...none, laps: [{ distanceM: 1000, timeS: 700 }, { distanceM: 1000, timeS: 710 }] })).toBe(false);
    // A last lap that is not whole lengths.
    expect(looksLikePoolSwim({ ...none, laps: [...swimLaps, { distanceM: 563.2, timeS: 400 }] })).toBe(false);
    // Too fast for a swim (4 m/s).
    expect(looksLikePoolSwim({ ...none, laps: [{ distanceM: 1000, timeS: 250 }, { distanceM: 0, timeS: 60 }] })).toBe(false);
  });
});
