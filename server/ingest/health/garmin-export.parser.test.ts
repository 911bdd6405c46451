import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusOrWarn } from '../../../tests/helpers/corpus.js';
import { parseGarminWellnessJson } from './garmin-export.parser.js';
import { parseHrvCsv } from './hrv-csv.parser.js';
import type { WellnessBatch } from './wellness-batch.js';

const byMetric = (b: WellnessBatch | { skipped: string }, date: string) => {
  if ('skipped' in b) throw new Error(b.skipped);
  return Object.fromEntries(b.daily.filter((d) => d.date === date).map((d) => [d.metric, d.value]));
};

/** Shapes as documented in FORMATS.md §6 (field names from real exports; values made up). */
describe('Garmin export wellness JSON', () => {
  it('reads sleepData nights and skips off-wrist ones', () => {
    const json = [
      { sleepStartTimestampGMT: '2025-11-25T22:26:00.0', sleepEndTimestampGMT: '2025-11-26T05:26:00.0', calendarDate: '2025-11-26', sleepWindowConfirmationType: 'ENHANCED_CONFIRMED_FINAL', deepSleepSeconds: 4800, lightSleepSeconds: 14400, remSleepSeconds: 5400, awakeSleepSeconds: 600, averageRespiration: 14.5, sleepScores: { overallScore: 81 }, spo2SleepSummary: { averageSPO2: 95, lowestSPO2: 89 } },
      { calendarDate: '2025-11-27', sleepWindowConfirmationType: 'OFF_WRIST', deepSleepSeconds: 0, lightSleepSeconds: 0, remSleepSeconds: 0 },
    ];
    const b = parseGarminWellnessJson('2025-09-01_2025-12-10_12345_sleepData.json', json);
    expect(byMetric(b, '2025-11-26')).toEqual({ sleepS: 24600, sleepDeepS: 4800, sleepLightS: 14400, sleepRemS: 5400, sleepAwakeS: 600, sleepRespirationBrpm: 14.5, sleepScore: 81, spo2AvgPct: 95, spo2MinPct: 89 });
    expect(byMetric(b, '2025-11-27')).toEqual({});
    if ('skipped' in b) return;
    expect(b.sleep).toEqual([{ source: 'garmin', startMs: Date.UTC(2025, 10, 25, 22, 26), endMs: Date.UTC(2025, 10, 26, 5, 26), date: '2025-11-26', stages: [] }]);
  });

  it('reads UDSFile daily summaries: steps, floors, HR, stress, body battery, intensity minutes', () => {
    const json = [{
      calendarDate: '2025-11-26', totalSteps: 10234, totalDistanceMeters: 7890, floorsAscendedInMeters: 30.48, activeKilocalories: 610, totalKilocalories: 2500,
      moderateIntensityMinutes: 20, vigorousIntensityMinutes: 15, restingHeartRate: 47, minHeartRate: 44, maxHeartRate: 165,
      allDayStress: { aggregatorList: [{ type: 'TOTAL', averageStressLevel: 31, maxStressLevel: 92 }, { type: 'AWAKE', averageStressLevel: 40, maxStressLevel: 92 }] },
      bodyBattery: { chargedValue: 60, drainedValue: 55, bodyBatteryStatList: [{ bodyBatteryStatType: 'HIGHEST', statsValue: 88 }, { bodyBatteryStatType: 'LOWEST', statsValue: 21 }] },
      respiration: { avgWakingRespirationValue: 15 },
    }];
    expect(byMetric(parseGarminWellnessJson('UDSFile_2025-09-01_2025-12-10.json', json), '2025-11-26')).toEqual({
      steps: 10234, distanceM: 7890, floorsClimbed: 10, activeEnergyKcal: 610, totalEnergyKcal: 2500, moderateIntensityMin: 20, vigorousIntensityMin: 15,
      restingHrBpm: 47, minHrBpm: 44, maxHrBpm: 165, avgStress: 31, maxStress: 92, bodyBatteryCharged: 60, bodyBatteryDrained: 55, bodyBatteryHigh: 88, bodyBatteryLow: 21, respirationBrpm: 15,
    });
  });

  it('reads VO2max (latest update per day) and health status with baselines', () => {
    const maxmet = [
      { calendarDate: '2025-11-26', updateTimestamp: 2, vo2MaxValue: 52, fitnessAge: '30' },
      { calendarDate: '2025-11-26', updateTimestamp: 1, vo2MaxValue: 51 },
    ];
    expect(byMetric(parseGarminWellnessJson('MetricsMaxMetData_20250901_20251210_12345.json', maxmet), '2025-11-26')).toEqual({ vo2maxMlKgMin: 52 });
    const hs = [{ calendarDate: '2025-11-26', metrics: [{ type: 'HRV', value: 58, baselineLowerLimit: 50, baselineUpperLimit: 70, status: 'NORMAL' }, { type: 'SKIN_TEMP_C', value: -0.3 }, { type: 'HR', value: 49 }] }];
    expect(byMetric(parseGarminWellnessJson('12345_healthStatusData.json', hs), '2025-11-26')).toEqual({ hrvMs: 58, hrvBaselineLowMs: 50, hrvBaselineHighMs: 70, skinTempDeltaC: -0.3, sleepHrBpm: 49 });
    expect(parseGarminWellnessJson('user_profile.json', {})).toHaveProperty('skipped');
  });
});

describe('HRV app CSV exports (corpus wellness/hrv-apps)', () => {
  const corpus = corpusOrWarn();
  const read = (n: string) => readFileSync(join(corpus!, 'wellness', 'hrv-apps', n), 'utf8');
  it.skipIf(!corpus)('reads Elite HRV readiness rMSSD and HR', () => {
    const b = parseHrvCsv(read('EliteHRV_Export-2017-10-02.csv'));
    expect(byMetric(b, '2017-09-06')).toEqual({ hrvMs: 40.87, morningHrBpm: 50.46 });
    expect(byMetric(b, '2017-09-08')).toEqual({ hrvMs: 29.7, morningHrBpm: 52.94 });
  });
  it.skipIf(!corpus)('reads HRV4Training iOS (CR line endings, "-" for no reading)', () => {
    const b = parseHrvCsv(read('HRV4Training-iOS-2018_7_8_myMeasurements.csv'));
    expect(byMetric(b, '2018-05-18')).toEqual({ hrvMs: 32.62, morningHrBpm: 64.45 });
    expect(byMetric(b, '2018-04-27')).toEqual({});
  });
  it.skipIf(!corpus)('reads HRV4Training Android (yyyy-dd-MM dates)', () => {
    const b = parseHrvCsv(read('HRV4Training-Android-MyMeasurements.csv'));
    if ('skipped' in b) throw new Error(b.skipped);
    expect(b.daily.every((d) => /^2017-(08|09|10)-\d\d$/.test(d.date))).toBe(true);
    expect(byMetric(b, '2017-08-29').hrvMs).toBeCloseTo(48.0293, 3);
  });
  it('refuses other CSVs', () => {
    expect(parseHrvCsv('a,b\n1,2\n')).toHaveProperty('skipped');
  });
});
