/**
 * Health Auto Export metric names (the reference server's MetricName.ts, FORMATS.md §7) → the
 * MileVault sample metric and the unit its name carries. Names not listed are still stored, as
 * `hae_<name>_<base unit>`, so nothing the app sends is lost.
 */
export interface HaeMetricSpec {
  metric: string;
  unit: string;
  /** Percentages that some exports write as fractions (0.97) and others as percent (97). */
  percent?: boolean;
}

const S = (metric: string, unit: string, percent?: boolean): HaeMetricSpec => ({ metric, unit, percent });

export const HAE_METRICS: Record<string, HaeMetricSpec> = {
  step_count: S('steps', 'count'),
  walking_running_distance: S('distanceM', 'm'),
  cycling_distance: S('cyclingDistanceM', 'm'),
  swimming_distance: S('swimmingDistanceM', 'm'),
  flights_climbed: S('floorsClimbed', 'count'),
  active_energy: S('activeEnergyKcal', 'kcal'),
  basal_energy_burned: S('restingEnergyKcal', 'kcal'),
  apple_exercise_time: S('exerciseMin', 'min'),
  apple_stand_hour: S('standHours', 'count'),
  apple_stand_time: S('standMin', 'min'),
  time_in_daylight: S('daylightMin', 'min'),
  resting_heart_rate: S('restingHrBpm', 'bpm'),
  walking_heart_rate_average: S('walkingHrBpm', 'bpm'),
  heart_rate_variability: S('hrvSdnnMs', 'ms'),
  heart_rate_variability_sdnn: S('hrvSdnnMs', 'ms'),
  cardio_recovery: S('cardioRecoveryBpm', 'bpm'),
  blood_oxygen_saturation: S('spo2Pct', '%', true),
  respiratory_rate: S('respirationBrpm', 'count/min'),
  vo2_max: S('vo2maxMlKgMin', 'ml/kg/min'),
  weight_body_mass: S('weightKg', 'kg'),
  body_fat_percentage: S('bodyFatPct', '%', true),
  body_mass_index: S('bmi', 'count'),
  lean_body_mass: S('leanMassKg', 'kg'),
  height: S('heightM', 'm'),
  apple_sleeping_wrist_temperature: S('wristTempC', 'degC'),
  body_temperature: S('bodyTempC', 'degC'),
  walking_speed: S('walkingSpeedMps', 'm/s'),
  running_speed: S('runningSpeedMps', 'm/s'),
  running_power: S('runningPowerW', 'W'),
  cycling_power: S('cyclingPowerW', 'W'),
  cycling_cadence: S('cyclingCadenceRpm', 'count/min'),
  dietary_energy: S('dietaryEnergyKcal', 'kcal'),
  dietary_water: S('waterL', 'L'),
  protein: S('proteinG', 'g'),
  carbohydrates: S('carbohydratesG', 'g'),
  total_fat: S('fatG', 'g'),
  caffeine: S('caffeineMg', 'mg'),
  blood_glucose: S('bloodGlucoseMmolL', 'mmol/L'),
  environmental_audio_exposure: S('audioExposureDb', 'dBASPL'),
  headphone_audio_exposure: S('headphoneExposureDb', 'dBASPL'),
  mindful_minutes: S('mindfulMin', 'min'),
};

/** How a sample metric becomes daily values: [daily metric, aggregate]. Unlisted metrics: daily sum. */
export type DailyAgg = 'sum' | 'avg' | 'min' | 'max' | 'last';

export const DAILY_FROM_SAMPLES: Record<string, [string, DailyAgg][]> = {
  hrBpm: [['avgHrBpm', 'avg']],
  hrMinBpm: [['minHrBpm', 'min']],
  hrMaxBpm: [['maxHrBpm', 'max']],
  restingHrBpm: [['restingHrBpm', 'avg']],
  walkingHrBpm: [['walkingHrBpm', 'avg']],
  hrvSdnnMs: [['hrvSdnnMs', 'avg']],
  hrvMs: [['hrvMs', 'avg']],
  cardioRecoveryBpm: [['cardioRecoveryBpm', 'avg']],
  spo2Pct: [['spo2AvgPct', 'avg'], ['spo2MinPct', 'min']],
  respirationBrpm: [['respirationBrpm', 'avg']],
  vo2maxMlKgMin: [['vo2maxMlKgMin', 'last']],
  weightKg: [['weightKg', 'last']],
  bodyFatPct: [['bodyFatPct', 'last']],
  bmi: [['bmi', 'last']],
  leanMassKg: [['leanMassKg', 'last']],
  heightM: [['heightM', 'last']],
  wristTempC: [['wristTempC', 'avg']],
  bodyTempC: [['bodyTempC', 'avg']],
  walkingSpeedMps: [['walkingSpeedMps', 'avg']],
  runningSpeedMps: [['runningSpeedMps', 'avg']],
  runningPowerW: [['runningPowerW', 'avg']],
  cyclingPowerW: [['cyclingPowerW', 'avg']],
  cyclingCadenceRpm: [['cyclingCadenceRpm', 'avg']],
  bloodGlucoseMmolL: [['bloodGlucoseMmolL', 'avg']],
  bpSystolicMmHg: [['bpSystolicMmHg', 'avg']],
  bpDiastolicMmHg: [['bpDiastolicMmHg', 'avg']],
  audioExposureDb: [['audioExposureDb', 'avg']],
  headphoneExposureDb: [['headphoneExposureDb', 'avg']],
  stress: [['avgStress', 'avg'], ['maxStress', 'max']],
  bodyBattery: [['bodyBatteryHigh', 'max'], ['bodyBatteryLow', 'min']],
};

export function dailyAggsFor(sampleMetric: string): [string, DailyAgg][] {
  return DAILY_FROM_SAMPLES[sampleMetric] ?? [[sampleMetric, 'sum']];
}
