import { num, str, type FitView, type MessageDef } from './fit-view.js';
import type { MessageSink } from './fit-decoder.js';
import {
  ACTIVITY,
  DEVICE_INFO,
  FILE_ID,
  LAP,
  LENGTH,
  MESG,
  SESSION,
  SPORT,
  TIMESTAMP_CORRELATION,
  type SummaryFieldNumbers,
} from './fit-profile.js';
import { RecordColumns } from './fit-records.js';
import { DeveloperRegistry } from './fit-developer.js';
import { HrMessages } from './fit-hr-merge.js';

/** A session or lap message, scaled to SI; NaN = not recorded. Times are raw FIT seconds. */
export interface RawSummary {
  ts: number;
  start: number;
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
  avgPower: number;
  maxPower: number;
  ascent: number;
  descent: number;
  movingTime: number;
  firstLapIndex: number;
  numLaps: number;
  trigger: number;
  /** Sessions: pool_length in metres (NaN when absent). */
  poolLength: number;
}

export interface RawLength {
  start: number;
  ts: number;
  elapsed: number;
  strokes: number;
  swimStroke: number;
  lengthType: number;
}

export interface RawDevice {
  manufacturer: number;
  product: number;
  serial: number;
  softwareVersion: number;
  productName: string | null;
}

/** Everything one FIT block (one file of a chain) holds that MileVault uses. */
export class BlockCollector implements MessageSink {
  readonly records = new RecordColumns();
  readonly developers = new DeveloperRegistry();
  readonly hr = new HrMessages();
  readonly sessions: RawSummary[] = [];
  readonly laps: RawSummary[] = [];
  readonly lengths: RawLength[] = [];
  fileId: (RawDevice & { type: number; timeCreated: number }) | null = null;
  creator: RawDevice | null = null;
  sport: { sport: number; subSport: number } | null = null;
  /** Seconds to add to device-uptime timestamps (timestamp_correlation). */
  uptimeOffset = NaN;
  /** activity.local_timestamp − activity.timestamp: the device's UTC offset, unchecked (NaN = absent). */
  localOffsetS = NaN;
  messages = 0;
  /** Timestamp of the latest message that had one: the time of timestamp-less records (FR910XT pool swims). */
  private lastTs = NaN;

  constructor(private readonly view: FitView) {}

  message(def: MessageDef, off: number, ts: number): void {
    this.messages++;
    const v = this.view;
    if (ts === ts) this.lastTs = ts;
    switch (def.global) {
      case MESG.record:
        this.records.add(v, def, off, ts === ts ? ts : this.lastTs, this.developers);
        return;
      case MESG.hr:
        this.hr.add(v, def, off, ts);
        return;
      case MESG.fileId:
        if (!this.fileId) {
          this.fileId = {
            type: num(v, def, off, FILE_ID.type),
            manufacturer: num(v, def, off, FILE_ID.manufacturer),
            product: num(v, def, off, FILE_ID.product),
            serial: num(v, def, off, FILE_ID.serialNumber),
            timeCreated: num(v, def, off, FILE_ID.timeCreated),
            softwareVersion: NaN,
            productName: str(v, def, off, FILE_ID.productName),
          };
        }
        return;
      case MESG.deviceInfo: {
        // device_index 0 is the creator (FIT profile "device_index": creator = 0).
        const index = num(v, def, off, DEVICE_INFO.deviceIndex);
        if (index !== 0 || this.creator) return;
        const sw = num(v, def, off, DEVICE_INFO.softwareVersion);
        this.creator = {
          manufacturer: num(v, def, off, DEVICE_INFO.manufacturer),
          product: num(v, def, off, DEVICE_INFO.product),
          serial: num(v, def, off, DEVICE_INFO.serialNumber),
          softwareVersion: sw === sw ? sw / 100 : NaN,
          productName: str(v, def, off, DEVICE_INFO.productName),
        };
        return;
      }
      case MESG.fileCreator: {
        const sw = num(v, def, off, 0);
        if (this.fileId && sw === sw && this.fileId.softwareVersion !== this.fileId.softwareVersion) {
          this.fileId.softwareVersion = sw / 100;
        }
        return;
      }
      case MESG.session:
        this.sessions.push(readSummary(v, def, off, ts, SESSION, SESSION.firstLapIndex, SESSION.numLaps, -1));
        return;
      case MESG.lap:
        this.laps.push(readSummary(v, def, off, ts, LAP, -1, -1, LAP.trigger));
        return;
      case MESG.length: {
        const start = num(v, def, off, LENGTH.startTime);
        const el = num(v, def, off, LENGTH.elapsed);
        this.lengths.push({
          start,
          ts,
          elapsed: el === el ? el / 1000 : NaN,
          strokes: num(v, def, off, LENGTH.strokes),
          swimStroke: num(v, def, off, LENGTH.swimStroke),
          lengthType: num(v, def, off, LENGTH.lengthType),
        });
        return;
      }
      case MESG.activity: {
        const local = num(v, def, off, ACTIVITY.localTimestamp);
        if (ts === ts && local === local && this.localOffsetS !== this.localOffsetS) this.localOffsetS = local - ts;
        return;
      }
      case MESG.sport:
        if (!this.sport) this.sport = { sport: num(v, def, off, SPORT.sport), subSport: num(v, def, off, SPORT.subSport) };
        return;
      case MESG.timestampCorrelation: {
        const sys = num(v, def, off, TIMESTAMP_CORRELATION.systemTimestamp);
        if (ts === ts && sys === sys && this.uptimeOffset !== this.uptimeOffset) this.uptimeOffset = ts - sys;
        return;
      }
      case MESG.developerDataId:
        this.developers.onDeveloperDataId(v, def, off);
        return;
      case MESG.fieldDescription:
        this.developers.onFieldDescription(v, def, off);
        return;
      default:
        return;
    }
  }
}

function scaled(view: FitView, def: MessageDef, off: number, n: number, scale: number): number {
  const v = num(view, def, off, n);
  return v === v ? v / scale : NaN;
}

function readSummary(
  v: FitView,
  def: MessageDef,
  off: number,
  ts: number,
  f: SummaryFieldNumbers,
  firstLapField: number,
  numLapsField: number,
  triggerField: number,
): RawSummary {
  const espeed = scaled(v, def, off, f.enhancedAvgSpeed, 1000);
  const emax = scaled(v, def, off, f.enhancedMaxSpeed, 1000);
  const cad = num(v, def, off, f.avgCadence);
  const fcad = num(v, def, off, f.avgFractionalCadence);
  return {
    ts,
    start: num(v, def, off, f.startTime),
    sport: num(v, def, off, f.sport),
    subSport: num(v, def, off, f.subSport),
    elapsed: scaled(v, def, off, f.elapsed, 1000),
    timer: scaled(v, def, off, f.timer, 1000),
    distance: scaled(v, def, off, f.distance, 100),
    calories: num(v, def, off, f.calories),
    avgSpeed: espeed === espeed ? espeed : scaled(v, def, off, f.avgSpeed, 1000),
    maxSpeed: emax === emax ? emax : scaled(v, def, off, f.maxSpeed, 1000),
    avgHr: num(v, def, off, f.avgHr),
    maxHr: num(v, def, off, f.maxHr),
    avgCadence: cad === cad ? cad + (fcad === fcad ? fcad / 128 : 0) : NaN,
    avgPower: num(v, def, off, f.avgPower),
    maxPower: num(v, def, off, f.maxPower),
    ascent: num(v, def, off, f.ascent),
    descent: num(v, def, off, f.descent),
    movingTime: scaled(v, def, off, f.movingTime, 1000),
    firstLapIndex: firstLapField >= 0 ? num(v, def, off, firstLapField) : NaN,
    numLaps: numLapsField >= 0 ? num(v, def, off, numLapsField) : NaN,
    trigger: triggerField >= 0 ? num(v, def, off, triggerField) : NaN,
    poolLength: firstLapField >= 0 ? scaled(v, def, off, SESSION.poolLength, 100) : NaN,
  };
}
