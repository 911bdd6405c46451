/**
 * The FIT profile slice of Garmin wellness files: global message and field numbers as in the
 * public FIT profile (SDK 21.x; the same numbers as fit-file-parser's PROFILE_MESSAGES), and the
 * enums we name. Scales are applied where the values are read (fit-wellness.ts).
 */
export const WMESG = {
  fileId: 0,
  weightScale: 30,
  monitoring: 55,
  monitoringInfo: 103,
  monitoringHrData: 211,
  stressLevel: 227,
  maxMetData: 229,
  spo2Data: 269,
  sleepLevel: 275,
  respirationRate: 297,
  sleepAssessment: 346,
  hrvStatusSummary: 370,
  hrvValue: 371,
  skinTempOvernight: 398,
} as const;

export const MONITORING = {
  calories: 1,
  distance: 2,
  cycles: 3,
  activeTime: 4,
  activityType: 5,
  localTimestamp: 11,
  activeCalories: 19,
  currentActivityTypeIntensity: 24,
  timestamp16: 26,
  heartRate: 27,
  durationMin: 29,
  moderateMin: 33,
  vigorousMin: 34,
} as const;

export const WEIGHT_SCALE = { weight: 0, percentFat: 1, percentHydration: 2, boneMass: 4, muscleMass: 5, userProfileIndex: 12, bmi: 13 } as const;
export const HRV_STATUS_SUMMARY = { weeklyAverage: 0, lastNightAverage: 1, baselineBalancedLower: 4, baselineBalancedUpper: 5, status: 6 } as const;
export const SLEEP_ASSESSMENT = { overallSleepScore: 6, averageStressDuringSleep: 15 } as const;
export const SKIN_TEMP = { localTimestamp: 0, averageDeviation: 1 } as const;
export const MAX_MET = { updateTime: 0, vo2Max: 2 } as const;

/** activity_type values whose `cycles` are steps (FIT profile monitoring.cycles subfield "steps"). */
export const STEP_ACTIVITY_TYPES = new Set([1, 6]);

/** sleep_level enum → MileVault stage. */
export const SLEEP_LEVELS = ['unmeasurable', 'awake', 'light', 'deep', 'rem'] as const;

/** file_id.type values of wellness files (Garmin: 49 sleep, 44 metrics, 68 HRV status; FIT profile for the rest). */
export const WELLNESS_FILE_TYPES: Record<number, string> = {
  9: 'weight',
  15: 'monitoring_a',
  28: 'monitoring_daily',
  32: 'monitoring_b',
  44: 'metrics',
  49: 'sleep',
  68: 'hrv_status',
};
