/**
 * The slice of the FIT profile MileVault reads: global message numbers, field numbers and the few
 * small enums we name ourselves. Field numbers are those of the public FIT profile (the same values as
 * fit-file-parser's PROFILE_MESSAGES, which its package `exports` do not expose). The big enums
 * (manufacturer, garmin_product, sport, sub_sport) come from fit-file-parser's exported profile lookups.
 */

export const FIT_EPOCH_MS = 631065600000;
/** FIT date_time values below this are seconds of device uptime, not since the FIT epoch (FIT spec "date_time"). */
export const FIT_MIN_ABSOLUTE_TS = 0x10000000;

export const MESG = {
  fileId: 0,
  deviceSettings: 2,
  sport: 12,
  session: 18,
  lap: 19,
  record: 20,
  event: 21,
  deviceInfo: 23,
  activity: 34,
  fileCreator: 49,
  length: 101,
  hr: 132,
  timestampCorrelation: 162,
  fieldDescription: 206,
  developerDataId: 207,
} as const;

export const TIMESTAMP_FIELD = 253;

export const FILE_ID = { type: 0, manufacturer: 1, product: 2, serialNumber: 3, timeCreated: 4, productName: 8 } as const;

export const DEVICE_INFO = {
  deviceIndex: 0,
  manufacturer: 2,
  serialNumber: 3,
  product: 4,
  softwareVersion: 5,
  productName: 27,
} as const;

export const RECORD = {
  lat: 0,
  lon: 1,
  altitude: 2,
  heartRate: 3,
  cadence: 4,
  distance: 5,
  speed: 6,
  power: 7,
  compressedSpeedDistance: 8,
  temperature: 13,
  fractionalCadence: 53,
  enhancedSpeed: 73,
  enhancedAltitude: 78,
} as const;

/** Session and lap share meanings but not numbers; both maps name the fields we summarise. */
export interface SummaryFieldNumbers {
  startTime: number;
  sport: number;
  subSport: number;
  elapsed: number;
  timer: number;
  distance: number;
  calories: number;
  avgSpeed: number;
  maxSpeed: number;
  avgHr: number;
  maxHr: number;
  avgCadence: number;
  avgFractionalCadence: number;
  avgPower: number;
  maxPower: number;
  ascent: number;
  descent: number;
  movingTime: number;
  enhancedAvgSpeed: number;
  enhancedMaxSpeed: number;
}

export const SESSION: SummaryFieldNumbers & { firstLapIndex: number; numLaps: number; poolLength: number } = {
  startTime: 2,
  sport: 5,
  subSport: 6,
  elapsed: 7,
  timer: 8,
  distance: 9,
  calories: 11,
  avgSpeed: 14,
  maxSpeed: 15,
  avgHr: 16,
  maxHr: 17,
  avgCadence: 18,
  avgPower: 20,
  maxPower: 21,
  ascent: 22,
  descent: 23,
  firstLapIndex: 25,
  numLaps: 26,
  poolLength: 44,
  movingTime: 59,
  avgFractionalCadence: 92,
  enhancedAvgSpeed: 124,
  enhancedMaxSpeed: 125,
};

export const LAP: SummaryFieldNumbers & { trigger: number } = {
  startTime: 2,
  elapsed: 7,
  timer: 8,
  distance: 9,
  calories: 11,
  avgSpeed: 13,
  maxSpeed: 14,
  avgHr: 15,
  maxHr: 16,
  avgCadence: 17,
  avgPower: 19,
  maxPower: 20,
  ascent: 21,
  descent: 22,
  trigger: 24,
  sport: 25,
  subSport: 39,
  movingTime: 52,
  avgFractionalCadence: 80,
  enhancedAvgSpeed: 110,
  enhancedMaxSpeed: 111,
};

export const LENGTH = { startTime: 2, elapsed: 3, timer: 4, strokes: 5, swimStroke: 7, lengthType: 12 } as const;
export const HR = { fractionalTimestamp: 0, time256: 1, filteredBpm: 6, eventTimestamp: 9, eventTimestamp12: 10 } as const;
export const SPORT = { sport: 0, subSport: 1, name: 3 } as const;
export const ACTIVITY = { localTimestamp: 5 } as const;
export const TIMESTAMP_CORRELATION = { systemTimestamp: 1 } as const;
export const DEVELOPER_DATA_ID = { applicationId: 1, developerDataIndex: 3 } as const;
export const FIELD_DESCRIPTION = {
  developerDataIndex: 0,
  fieldNumber: 1,
  baseType: 2,
  name: 3,
  scale: 6,
  offset: 7,
  units: 8,
  nativeMesgNum: 14,
  nativeFieldNum: 15,
} as const;

export const FILE_TYPES: Record<number, string> = {
  1: 'device',
  2: 'settings',
  3: 'sport',
  4: 'activity',
  5: 'workout',
  6: 'course',
  7: 'schedules',
  9: 'weight',
  10: 'totals',
  11: 'goals',
  14: 'blood_pressure',
  15: 'monitoring_a',
  20: 'activity_summary',
  28: 'monitoring_daily',
  32: 'monitoring_b',
  34: 'segment',
  35: 'segment_list',
  40: 'exd_configuration',
};
export const FILE_TYPE_ACTIVITY = 4;

export const LAP_TRIGGERS = [
  'manual',
  'time',
  'distance',
  'position_start',
  'position_lap',
  'position_waypoint',
  'position_marked',
  'session_end',
  'fitness_equipment',
];
export const LENGTH_TYPES = ['idle', 'active'];
export const SWIM_STROKES = ['freestyle', 'backstroke', 'breaststroke', 'butterfly', 'drill', 'mixed', 'im', 'im_by_round', 'rimo'];

/** FIT manufacturers whose `product` field is a garmin_product value (FIT profile, "garmin_product" type). */
export const GARMIN_PRODUCT_MANUFACTURERS = new Set([1, 13, 15]);
