import { join } from 'node:path';
import type { ApiKeyCreatedDto, HaeIngestResultDto, HealthDailyDto, HealthSeriesDto, SleepSessionDto, SourcePriorityDto } from '../../../shared/health.js';
import { parseWellnessFit } from '../../ingest/health/fit-wellness.js';
import { parseGarminWellnessJson } from '../../ingest/health/garmin-export.parser.js';
import { parseHrvCsv } from '../../ingest/health/hrv-csv.parser.js';
import { parseMilevaultHealthCsv } from '../../ingest/health/milevault-health-csv.parser.js';
import type { WellnessBatch } from '../../ingest/health/wellness-batch.js';
import type { Storage } from '../../storage/port.js';
import type { ActivityEvents } from '../activity-events.js';
import type { OriginalStore } from '../original-store.js';
import { ApiKeyService } from './api-key.service.js';
import { ingestHaePayload } from './hae-ingest.js';
import { dayRange, HealthQuery } from './health-query.js';
import { HealthWriter } from './health-writer.js';
import { RateLimiter } from './rate-limiter.js';

export interface HealthServiceDeps {
  storage: Storage;
  originals: OriginalStore;
  events: ActivityEvents;
  dataDir: string;
  /** Called after every successful ingest (insights); failures are logged, never returned. */
  afterIngest?: (userId: string) => Promise<void>;
  /** Requests per minute per API key on the ingest endpoint (burst = the same number). */
  ingestPerMinute?: number;
}

export type ExternalResult = { status: 'imported' | 'skipped' | 'failed'; error?: string };

const DAY_MS = 86_400_000;

/**
 * Wellness: Health Auto Export pushes, Garmin export JSON, wellness FIT files and HRV app CSVs
 * all become the same (user, metric, time, source) rows; reads resolve overlapping sources by
 * the user's per-metric priority.
 */
export class HealthService {
  readonly keys: ApiKeyService;
  readonly limiter: RateLimiter;
  /** Failed key checks per client address (each costs an argon2id verification). */
  readonly failedAuth = new RateLimiter(20, 20);
  private readonly writer: HealthWriter;
  private readonly query: HealthQuery;

  constructor(private readonly deps: HealthServiceDeps) {
    this.keys = new ApiKeyService({ storage: deps.storage });
    this.writer = new HealthWriter(deps.storage);
    this.query = new HealthQuery(deps.storage);
    const perMin = deps.ingestPerMinute ?? 30;
    this.limiter = new RateLimiter(perMin, perMin);
  }

  createKey(userId: string, name: string): Promise<ApiKeyCreatedDto> {
    return this.keys.create(userId, name);
  }

  async ingestHealthAutoExport(userId: string, raw: Uint8Array, body: unknown): Promise<HaeIngestResultDto> {
    const { storage, originals, events, dataDir } = this.deps;
    const res = await ingestHaePayload({ storage, originals, events, writer: this.writer, payloadDir: join(dataDir, 'health-payloads') }, userId, raw, body);
    await this.after(userId);
    return res;
  }

  /** A wellness file found inside a Garmin account export (called by the archive importer). */
  async ingestGarminExportFile(userId: string, fileName: string, bytes: Uint8Array): Promise<ExternalResult> {
    const lower = fileName.toLowerCase();
    if (lower.endsWith('.fit')) return this.ingestFit(userId, fileName, bytes);
    if (lower.endsWith('.csv')) return this.ingestHrvCsv(userId, fileName, bytes);
    if (!lower.endsWith('.json')) return { status: 'skipped', error: 'not a wellness file MileVault reads' };
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      return { status: 'failed', error: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    const r = parseGarminWellnessJson(fileName, json);
    if ('skipped' in r) return { status: 'skipped', error: r.skipped };
    return this.store(userId, r);
  }

  /** A Garmin wellness FIT file (monitoring, sleep, HRV status, metrics, skin temperature, weight). */
  async ingestFit(userId: string, fileName: string, bytes: Uint8Array): Promise<ExternalResult> {
    const r = parseWellnessFit(bytes);
    if ('error' in r) return { status: 'failed', error: `${fileName}: ${r.error}` };
    return this.store(userId, r);
  }

  async ingestHrvCsv(userId: string, fileName: string, bytes: Uint8Array): Promise<ExternalResult> {
    const text = new TextDecoder().decode(bytes);
    // MileVault's own health/*.csv (account export, issue 16) first, then the HRV apps' formats.
    const own = parseMilevaultHealthCsv(text);
    const r = 'skipped' in own ? parseHrvCsv(text) : own;
    if ('skipped' in r) return { status: 'skipped', error: `${fileName}: ${r.skipped}` };
    return this.store(userId, r);
  }

  private async store(userId: string, batch: WellnessBatch): Promise<ExternalResult> {
    if (!batch.daily.length && !batch.samples.length && !batch.sleep.length) return { status: 'skipped', error: 'the file holds no wellness data' };
    await this.writer.write(userId, batch);
    await this.after(userId);
    return { status: 'imported' };
  }

  private async after(userId: string) {
    if (!this.deps.afterIngest) return;
    try {
      await this.deps.afterIngest(userId);
    } catch (e) {
      console.error(`[health] insights after ingest failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  daily(userId: string, from: string | undefined, to: string | undefined, todayMs = Date.now()): Promise<HealthDailyDto> {
    const r = dayRange(from, to, todayMs);
    return this.query.daily(userId, r.fromDayMs, r.toDayMs);
  }

  series(userId: string, metric: string, from: string | undefined, to: string | undefined, todayMs = Date.now()): Promise<HealthSeriesDto> {
    const r = dayRange(from, to ?? from, todayMs);
    return this.query.series(userId, metric, r.fromDayMs - DAY_MS / 2, r.toDayMs + DAY_MS * 1.5);
  }

  sleep(userId: string, from: string | undefined, to: string | undefined, todayMs = Date.now()): Promise<SleepSessionDto[]> {
    const r = dayRange(from, to, todayMs);
    return this.query.sleep(userId, r.fromDayMs, r.toDayMs);
  }

  priorities(userId: string): Promise<SourcePriorityDto> {
    return this.query.priorities(userId);
  }

  async setPriorities(userId: string, metrics: Record<string, string[]>): Promise<SourcePriorityDto> {
    for (const [metric, sources] of Object.entries(metrics)) await this.deps.storage.health.setPriority(userId, metric, sources);
    return this.query.priorities(userId);
  }
}
