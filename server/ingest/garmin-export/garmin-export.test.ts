import { describe, expect, it } from 'vitest';
import { garminMemberKind } from './garmin-files.js';
import { parseGarminGear } from './garmin-gear.js';
import { parseSummarizedActivities } from './summarized-activities.js';

describe('Garmin export JSON', () => {
  it('converts summarizedActivities units: scientific-notation ms, cm, ms durations, local-as-UTC', () => {
    const json = '[{"summarizedActivitiesExport":[{"activityId":42,"name":"Gym","activityType":"strength_training","startTimeGmt":1.772721103E12,"startTimeLocal":1.772724703E12,"duration":3600000.0,"distance":1234500.0,"minElevation":11480,"maxElevation":12480,"avgHr":120}]}]';
    const r = parseSummarizedActivities(json);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.activities[0]).toMatchObject({ activityId: '42', name: 'Gym', sport: 'training', subSport: 'strength_training', startTimeMs: 1772721103000, utcOffsetS: 3600, durationS: 3600, distanceM: 12345, minElevationM: 114.8, maxElevationM: 124.8, avgHrBpm: 120 });
  });

  it('skips entries without a start, and reports bad JSON', () => {
    const r = parseSummarizedActivities('[{"summarizedActivitiesExport":[{"activityId":1}]}]');
    expect(r.ok && r.activities.length === 0 && r.warnings.length === 1).toBe(true);
    expect(parseSummarizedActivities('{').ok).toBe(false);
  });

  it('finds gear and its activity links', () => {
    const r = parseGarminGear('[{"gearDTOS":[{"gearPk":7,"displayName":"Pegasus","gearTypeName":"Shoes","gearStatusName":"retired"}],"gearActivityDTOs":[{"gearPk":7,"activityId":42}]}]');
    expect(r.ok && r.gear).toEqual([{ key: '7', name: 'Pegasus', kind: 'shoes', brand: null, model: null, retired: true, activityIds: ['42'] }]);
  });

  it('classifies export members', () => {
    expect(garminMemberKind('DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip')).toBe('uploaded-zip');
    expect(garminMemberKind('DI_CONNECT/DI-Connect-Wellness/1_2_3_sleepData.json')).toBe('wellness');
    expect(garminMemberKind('DI_CONNECT/DI-Connect-Aggregator/UDSFile_2025-01-01_2025-04-10.json')).toBe('wellness');
    expect(garminMemberKind('DI_CONNECT/DI-Connect-Metrics/MetricsMaxMetData_20250101_20250410_1.json')).toBe('wellness');
    expect(garminMemberKind('DI_CONNECT/DI-Connect-Fitness/a@b_personalRecord.json')).toBe('personal-records');
    expect(garminMemberKind('DI_CONNECT/DI-Connect-User/user_profile.json')).toBe('other');
  });
});
