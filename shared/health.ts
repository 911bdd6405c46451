/**
 * Shapes of the health API (/api/v1/health, /api/v1/api-keys, /api/v1/ingest, /api/v1/insights).
 * Metric names carry their SI unit (design.md); the renderer converts for display.
 */

/** Sources MileVault knows by name; others (HRV apps) appear as they are stored. */
export const HEALTH_SOURCES = ['garmin', 'apple_health', 'hrv4training', 'elite_hrv'] as const;

/** When no priority is configured, a Garmin device's measurement wins over Apple's, then the HRV apps. */
export const DEFAULT_SOURCE_PRIORITY: readonly string[] = HEALTH_SOURCES;

/** Daily summary metrics shown on the Health page, with a label and the unit in the name. */
export const DAILY_METRICS: Record<string, { label: string; unit: string }> = {
  steps: { label: 'Steps', unit: 'count' },
  distanceM: { label: 'Distance', unit: 'm' },
  floorsClimbed: { label: 'Floors', unit: 'count' },
  activeEnergyKcal: { label: 'Active energy', unit: 'kcal' },
  totalEnergyKcal: { label: 'Total energy', unit: 'kcal' },
  moderateIntensityMin: { label: 'Moderate intensity', unit: 'min' },
  vigorousIntensityMin: { label: 'Vigorous intensity', unit: 'min' },
  restingHrBpm: { label: 'Resting HR', unit: 'bpm' },
  minHrBpm: { label: 'Min HR', unit: 'bpm' },
  maxHrBpm: { label: 'Max HR', unit: 'bpm' },
  avgStress: { label: 'Avg stress', unit: 'score' },
  maxStress: { label: 'Max stress', unit: 'score' },
  bodyBatteryHigh: { label: 'Body Battery high', unit: 'score' },
  bodyBatteryLow: { label: 'Body Battery low', unit: 'score' },
  bodyBatteryCharged: { label: 'Body Battery charged', unit: 'score' },
  bodyBatteryDrained: { label: 'Body Battery drained', unit: 'score' },
  sleepS: { label: 'Sleep', unit: 's' },
  sleepDeepS: { label: 'Deep sleep', unit: 's' },
  sleepLightS: { label: 'Light sleep', unit: 's' },
  sleepRemS: { label: 'REM sleep', unit: 's' },
  sleepAwakeS: { label: 'Awake', unit: 's' },
  sleepScore: { label: 'Sleep score', unit: 'score' },
  hrvMs: { label: 'HRV (rMSSD)', unit: 'ms' },
  hrvSdnnMs: { label: 'HRV (SDNN)', unit: 'ms' },
  hrvStatus: { label: 'HRV status', unit: 'code' },
  spo2AvgPct: { label: 'SpO2', unit: '%' },
  spo2MinPct: { label: 'Lowest SpO2', unit: '%' },
  respirationBrpm: { label: 'Respiration', unit: 'brpm' },
  vo2maxMlKgMin: { label: 'VO2max', unit: 'ml/kg/min' },
  weightKg: { label: 'Weight', unit: 'kg' },
  bodyFatPct: { label: 'Body fat', unit: '%' },
  bmi: { label: 'BMI', unit: 'kg/m²' },
  muscleMassKg: { label: 'Muscle mass', unit: 'kg' },
  boneMassKg: { label: 'Bone mass', unit: 'kg' },
  bodyWaterPct: { label: 'Body water', unit: '%' },
  skinTempDeltaC: { label: 'Skin temp vs baseline', unit: '°C' },
};

/** Intraday series. */
export const SERIES_METRICS = ['hrBpm', 'stress', 'bodyBattery', 'spo2Pct', 'steps', 'respirationBrpm', 'hrvMs'] as const;

/** Garmin HRV status codes stored in `hrvStatus` (FIT profile "hrv_status"). */
export const HRV_STATUS = ['none', 'poor', 'low', 'unbalanced', 'balanced'] as const;

export interface HealthDayDto {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** The value shown per metric (after source priority). */
  metrics: Record<string, number>;
  /** Which source each shown value came from. */
  sources: Record<string, string>;
}

export interface HealthDailyDto {
  from: string;
  to: string;
  days: HealthDayDto[];
}

export interface HealthSeriesDto {
  metric: string;
  /** The source shown (highest priority that has data in the range), null when empty. */
  source: string | null;
  /** Epoch ms and value. */
  points: [number, number][];
}

export interface SleepSessionDto {
  date: string;
  source: string;
  startTime: string;
  endTime: string;
  stages: { stage: string; startTime: string; endTime: string }[];
}

export interface SourcePriorityDto {
  /** Per metric, sources in preference order; `default` applies to metrics not listed. */
  default: string[];
  metrics: Record<string, string[]>;
}

export interface ApiKeyDto {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyCreatedDto {
  id: string;
  /** The secret, shown once. */
  key: string;
}

export interface HaeIngestResultDto {
  status: 'stored' | 'partial';
  /** True when this exact payload had been received before (nothing changed). */
  duplicatePayload: boolean;
  metrics: number;
  samplesWritten: number;
  dailyWritten: number;
  sleepSessions: number;
  workouts: { imported: number; duplicate: number; merged: number };
  errors: { item: string; message: string }[];
  warnings: string[];
}

export interface InsightDto {
  id: string;
  detector: string;
  date: string;
  severity: 'info' | 'warning' | 'alert';
  title: string;
  message: string;
  evidence: unknown;
  createdAt: string;
  dismissed: boolean;
}

/** One day of the training-load series (GET /api/v1/fitness, another issue; may be absent). */
export interface FitnessDayDto {
  date: string;
  load: number;
  ctl: number;
  atl: number;
  tsb: number;
}
