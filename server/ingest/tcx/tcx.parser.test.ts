import { describe, expect, it } from 'vitest';
import { parseTcx } from './tcx.parser.js';

const enc = (s: string) => new TextEncoder().encode(s);
const TCD = 'http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2';
const AX = 'http://www.garmin.com/xmlschemas/ActivityExtension/v2';

function tcx(body: string, ns = `xmlns="${TCD}" xmlns:q="${AX}"`): Uint8Array {
  return enc(`<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase ${ns} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${body}</TrainingCenterDatabase>`);
}
function tp(s: number, extra = ''): string {
  const t = new Date(Date.UTC(2024, 4, 1, 8, 0, s)).toISOString();
  return `<Trackpoint><Time>${t}</Time><DistanceMeters>${s * 3}</DistanceMeters><HeartRateBpm><Value>${140 + s}</Value></HeartRateBpm>${extra}</Trackpoint>`;
}
function lap(startS: number, points: string, totals: string): string {
  const t = new Date(Date.UTC(2024, 4, 1, 8, 0, startS)).toISOString();
  return `<Lap StartTime="${t}">${totals}<TriggerMethod>Manual</TriggerMethod><Track>${points}</Track></Lap>`;
}
const CREATOR = `<Creator xsi:type="Device_t"><Name>fēnix 3</Name><UnitId>3900000000</UnitId><ProductID>2050</ProductID><Version><VersionMajor>7</VersionMajor><VersionMinor>5</VersionMinor></Version></Creator>`;

describe('parseTcx', () => {
  it('reads laps as the device summary, TPX extensions under any prefix, and the creator', () => {
    const ext = (w: number) => `<Extensions><q:TPX><q:Speed>3</q:Speed><q:Watts>${w}</q:Watts><q:RunCadence>88</q:RunCadence></q:TPX></Extensions>`;
    const body = `<Activities><Activity Sport="Running"><Id>2024-05-01T08:00:00Z</Id>
      ${lap(0, tp(0, ext(200)) + tp(1, ext(210)), '<TotalTimeSeconds>100</TotalTimeSeconds><DistanceMeters>300</DistanceMeters><Calories>20</Calories><AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>160</Value></MaximumHeartRateBpm><MaximumSpeed>4</MaximumSpeed>')}
      ${lap(2, tp(2, ext(220)) + tp(3, ext(230)), '<TotalTimeSeconds>300</TotalTimeSeconds><DistanceMeters>900</DistanceMeters><Calories>40</Calories><AverageHeartRateBpm><Value>170</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>180</Value></MaximumHeartRateBpm>')}
      ${CREATOR}</Activity></Activities>`;
    const r = parseTcx(tcx(body));
    if (r.kind !== 'activities') throw new Error(JSON.stringify(r));
    const a = r.activities[0];
    expect(a.sport).toBe('running');
    expect(a.summary.distanceM).toBe(1200);
    expect(a.summary.timerTimeS).toBe(400);
    expect(a.summary.caloriesKcal).toBe(60);
    expect(a.summary.avgHrBpm).toBe((150 * 100 + 170 * 300) / 400);
    expect(a.summary.maxHrBpm).toBe(180);
    expect(a.laps).toHaveLength(2);
    expect(a.laps[1]).toMatchObject({ index: 1, startOffsetS: 2, distanceM: 900, trigger: 'manual' });
    expect(a.streams.channels.powerW).toEqual([200, 210, 220, 230]);
    expect(a.streams.channels.cadenceRpm).toEqual([88, 88, 88, 88]);
    expect(a.streams.channels.speedMps).toEqual([3, 3, 3, 3]);
    expect(a.device).toEqual({ manufacturer: 'garmin', product: 'fēnix 3', serialNumber: '3900000000', softwareVersion: '7.05' });
    expect(a.sessions).toHaveLength(1);
  });

  it('returns one activity per <Activity>, maps Other to generic, accepts no creator and no position', () => {
    const act = (sport: string, s: number) =>
      `<Activity Sport="${sport}"><Id>2024-05-01T08:00:${String(s).padStart(2, '0')}Z</Id>${lap(s, tp(s) + tp(s + 1), '<TotalTimeSeconds>1</TotalTimeSeconds><DistanceMeters>3</DistanceMeters>')}</Activity>`;
    const r = parseTcx(tcx(`<Activities>${act('Other', 0)}${act('Biking', 10)}</Activities>`));
    if (r.kind !== 'activities') throw new Error(JSON.stringify(r));
    expect(r.activities.map((a) => a.sport)).toEqual(['generic', 'cycling']);
    expect(r.activities[0].device).toBeNull();
    expect(r.activities[0].streams.channels.latDeg).toBeUndefined();
    expect(r.activities[1].startTime).toBe('2024-05-01T08:00:10.000Z');
  });

  it('reads bare Polar-style <Cadence> and ActivityExtension as a default namespace', () => {
    const ext = `<Extensions><TPX xmlns="${AX}"><Speed>2.5</Speed></TPX></Extensions>`;
    const r = parseTcx(tcx(`<Activities><Activity Sport="Running">${lap(0, tp(0, `<Cadence>84</Cadence>${ext}`) + tp(1, `<Cadence>86</Cadence>${ext}`), '')}</Activity></Activities>`));
    if (r.kind !== 'activities') throw new Error(JSON.stringify(r));
    expect(r.activities[0].streams.channels.cadenceRpm).toEqual([84, 86]);
    expect(r.activities[0].streams.channels.speedMps).toEqual([2.5, 2.5]);
  });

  it('drops the FIT invalid HR 255 that Fit2Tcx leaks', () => {
    const r = parseTcx(tcx(`<Activities><Activity Sport="Running">${lap(0, tp(0).replace('140', '255') + tp(1), '<AverageHeartRateBpm><Value>255</Value></AverageHeartRateBpm>')}</Activity></Activities>`));
    if (r.kind !== 'activities') throw new Error(JSON.stringify(r));
    expect(r.activities[0].streams.channels.hrBpm).toEqual([null, 141]);
    expect(r.activities[0].summary.avgHrBpm).toBeCloseTo(141, 6);
  });

  it('skips courses and workouts with a reason', () => {
    expect(parseTcx(tcx('<Courses><Course><Name>x</Name></Course></Courses>'))).toMatchObject({ kind: 'skipped', fileType: 'course' });
    expect(parseTcx(tcx('<Workouts><Workout/></Workouts>'))).toMatchObject({ kind: 'skipped', fileType: 'workout' });
  });

  it('returns errors, never throws', () => {
    expect(parseTcx(enc('<gpx/>'))).toMatchObject({ kind: 'error' });
    expect(parseTcx(enc('<TrainingCenterDatabase><Activities><Activity'))).toMatchObject({ kind: 'error' });
  });
});
