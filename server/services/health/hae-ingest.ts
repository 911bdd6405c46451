import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { HaeIngestResultDto } from '../../../shared/health.js';
import { defaultActivityName } from '../../domain/activity-name.js';
import { resolveLocalTime } from '../../domain/local-time.js';
import { systemTimeZone } from '../activities/local-time-resolver.js';
import { HAE_SOURCE } from '../../ingest/health/hae-metrics.js';
import { PARSER_VERSION } from '../../ingest/parser-version.js';
import { parseHaePayload } from '../../ingest/health/hae.parser.js';
import type { HaeWorkout } from '../../ingest/health/hae-workout.js';
import type { Storage } from '../../storage/port.js';
import { prepareStreamsWithEcho } from '../../storage/stream-codec.js';
import { withStoredChart } from '../streams-render/stored-chart.js';
import type { ActivityEvents } from '../activity-events.js';
import { findDuplicate } from '../activities/duplicate-match.js';
import { type OriginalStore, sha256Hex } from '../original-store.js';
import type { HealthWriter } from './health-writer.js';

export interface HaeIngestDeps {
  storage: Storage;
  originals: OriginalStore;
  events: ActivityEvents;
  writer: HealthWriter;
  /** `<data>/health-payloads`: raw payloads, gzip-compressed, kept for replay. */
  payloadDir: string;
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code: 'bad_request' });
}

/**
 * Stores one Health Auto Export payload for a user: the raw bytes first (gzip, content-addressed,
 * so a payload can be replayed after a parser fix), then samples, recomputed daily values, sleep
 * and workouts. Sending the same payload twice changes nothing (and costs one lookup).
 */
export async function ingestHaePayload(deps: HaeIngestDeps, userId: string, raw: Uint8Array, body: unknown): Promise<HaeIngestResultDto> {
  const sha256 = sha256Hex(raw);
  await keepRaw(deps.payloadDir, userId, sha256, raw);
  // The same bytes again (an automation retrying): answer from the first run, touch nothing.
  const earlier = (await deps.storage.health.payloadSummary(userId, sha256)) as HaeIngestResultDto | null;
  if (earlier) {
    return { ...earlier, duplicatePayload: true, samplesWritten: 0, dailyWritten: 0, sleepSessions: 0, workouts: { imported: 0, duplicate: earlier.workouts.imported + earlier.workouts.duplicate, merged: earlier.workouts.merged } };
  }
  const parsed = parseHaePayload(body);
  if ('fatal' in parsed) throw badRequest(parsed.fatal);
  const counts = await deps.writer.write(userId, parsed.batch);
  const recomputed = await deps.writer.recomputeDaily(userId, HAE_SOURCE, parsed.days);
  const workouts = { imported: 0, duplicate: 0, merged: 0 };
  for (const w of parsed.workouts) workouts[await storeWorkout(deps, userId, w)]++;
  const result: HaeIngestResultDto = {
    status: parsed.errors.length ? 'partial' : 'stored',
    duplicatePayload: false,
    metrics: parsed.metricsRead,
    samplesWritten: counts.samplesWritten,
    dailyWritten: counts.dailyWritten + recomputed,
    sleepSessions: counts.sleepSessions,
    workouts,
    errors: parsed.errors,
    warnings: [...parsed.batch.warnings, ...parsed.ignored.map((k) => `"${k}" is accepted but not stored yet`)],
  };
  const isNew = await deps.storage.health.recordPayload(userId, { sha256, kind: 'health-auto-export', sizeBytes: raw.length, summary: result });
  result.duplicatePayload = !isNew;
  return result;
}

async function keepRaw(dir: string, userId: string, sha256: string, raw: Uint8Array): Promise<void> {
  const userDir = join(dir, encodeURIComponent(userId));
  const target = join(userDir, `${sha256}.json.gz`);
  if (existsSync(target)) return;
  await mkdir(userDir, { recursive: true });
  const tmp = `${target}.${randomUUID()}.tmp`;
  await writeFile(tmp, gzipSync(raw));
  await rename(tmp, target);
}

/** One workout → an activity, unless the same workout is already there (a FIT file, or an earlier send). */
async function storeWorkout(deps: HaeIngestDeps, userId: string, w: HaeWorkout): Promise<'imported' | 'duplicate' | 'merged'> {
  const { storage } = deps;
  const startMs = Date.parse(w.activity.startTime);
  // The one duplicate mechanism every import path uses (services/activities/duplicate-match.ts).
  const st = w.activity.streams;
  const same = await findDuplicate(storage, userId, {
    startMs,
    durationS: w.activity.summary.elapsedTimeS ?? w.activity.summary.timerTimeS,
    serial: null,
    track: () => (st.channels.latDeg ? { startMs, timeS: st.timeS, latDeg: st.channels.latDeg, lonDeg: st.channels.lonDeg ?? [] } : null),
    weak: true,
  });
  if (same) {
    const earlier = await storage.activities.get(userId, same.id);
    return (earlier?.format as string) === 'hae' ? 'duplicate' : 'merged';
  }
  // The workout as Health Auto Export sent it is the original (downloadable like a FIT file).
  const bytes = Buffer.from(JSON.stringify({ source: 'health-auto-export', version: w.version, workout: w.raw }));
  const sha256 = sha256Hex(bytes);
  await deps.originals.put(sha256, bytes);
  await storage.originals.upsert({ userId, sha256, fileName: `health-auto-export-${w.key.replace(/[^A-Za-z0-9-]+/g, '_')}.json`, sizeBytes: bytes.length, format: 'hae' });
  const existing = await storage.activities.idsByOriginal(userId, sha256);
  if (existing.length) return 'duplicate';
  const { streams, ...meta } = w.activity;
  const prepared = prepareStreamsWithEcho(streams);
  const encoded = withStoredChart(prepared.encoded, prepared.echo);
  const id = randomUUID();
  const local = resolveLocalTime({ startMs, deviceUtcOffsetS: w.activity.deviceUtcOffsetS, startLatDeg: encoded.startLatDeg, startLonDeg: encoded.startLonDeg, settingZone: (await storage.users.settings(userId)).timeZone ?? systemTimeZone() });
  const name = meta.name?.trim() || defaultActivityName(meta.startTime, meta.sport, local.utcOffsetS);
  await storage.activities.insert({ id, userId, originalSha256: sha256, sourceIndex: 0, name, parsed: meta, streams: encoded, local, parserVersion: PARSER_VERSION });
  await deps.events.emit({ type: 'imported', userId, activityId: id });
  return 'imported';
}
