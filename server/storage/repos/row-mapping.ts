import { localIso } from '../../domain/local-time.js';
import type { DeviceInfo, Lap, Session, SummaryFields } from '../../../shared/activity.js';
import { SUMMARY_KEYS } from '../../../shared/activity.js';
import type { ActivitySummaryDto } from '../../../shared/api.js';
import type { ActivitiesTable, LapsTable, SessionsTable, SummaryColumns } from '../db-schema.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Copies the summary columns (same names in rows and DTOs), turning non-finite numbers into null. */
export function summaryColumns(s: SummaryFields): SummaryColumns {
  const out = {} as SummaryColumns;
  for (const k of SUMMARY_KEYS) {
    const v = s[k];
    out[k] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  return out;
}

function summaryFromRow(row: SummaryColumns): SummaryFields {
  const out = {} as SummaryFields;
  for (const k of SUMMARY_KEYS) out[k] = row[k] === null || row[k] === undefined ? null : Number(row[k]);
  return out;
}

export function deviceFromRow(r: Pick<ActivitiesTable, 'deviceManufacturer' | 'deviceProduct' | 'deviceSerial' | 'deviceSoftware'>): DeviceInfo | null {
  if (!r.deviceManufacturer && !r.deviceProduct && !r.deviceSerial && !r.deviceSoftware) return null;
  return { manufacturer: r.deviceManufacturer, product: r.deviceProduct, serialNumber: r.deviceSerial, softwareVersion: r.deviceSoftware };
}

export function activitySummaryFromRow(r: ActivitiesTable): ActivitySummaryDto {
  return {
    id: r.id,
    startTime: iso(Number(r.startTimeMs)),
    localStartTime: r.utcOffsetS === null || r.utcOffsetS === undefined ? null : localIso(Number(r.startTimeMs), Number(r.utcOffsetS)),
    utcOffsetS: r.utcOffsetS === null || r.utcOffsetS === undefined ? null : Number(r.utcOffsetS),
    timeZone: r.timeZone ?? null,
    name: r.name,
    sport: r.sport,
    subSport: r.subSport,
    format: r.format as ActivitySummaryDto['format'],
    hasGps: Boolean(r.hasGps),
    sampleCount: Number(r.sampleCount),
    device: deviceFromRow(r),
    ...summaryFromRow(r),
  };
}

export function sessionFromRow(r: SessionsTable): Session {
  return {
    index: r.idx,
    sport: r.sport,
    subSport: r.subSport,
    startTime: iso(Number(r.startTimeMs)),
    startOffsetS: Number(r.startOffsetS),
    firstLapIndex: r.firstLapIndex,
    numLaps: r.numLaps,
    ...summaryFromRow(r),
  };
}

export function lapFromRow(r: LapsTable): Lap {
  return {
    index: r.idx,
    startTime: iso(Number(r.startTimeMs)),
    startOffsetS: Number(r.startOffsetS),
    trigger: r.lapTrigger,
    ...summaryFromRow(r),
  };
}
