/**
 * Synthetic athletes for the server-load bench (and hand measurements): activities go straight
 * through the storage port with realistic encoded streams (bench/realistic-activity.ts: noisy
 * 1 Hz samples at device resolutions), then through the same `imported` event an import emits, so
 * analysis (records, load, fitness), route tracks, route clustering, segments and heatmap are the
 * real derived rows. Parsing 50,000 FIT files would measure the parser, not the server.
 *
 * Speed: the per-activity maths (curves, efforts, zones, track resampling) is what the parse
 * worker derives (services/derive.ts); it is computed once per template ride/run and reused with
 * each activity's own start, day and sport, exactly as an import hands it over (`fresh`). An
 * athlete therefore repeats `templates` different routes, as real athletes do.
 */
import { withStoredChart } from '../server/services/streams-render/stored-chart.js';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { dayOf } from '../server/domain/analysis/dates.js';
import { PARSER_VERSION } from '../server/ingest/parser-version.js';
import { resolveLocalTime } from '../server/domain/local-time.js';
import { deriveActivity, thresholdsKey, type DerivedActivity } from '../server/services/derive.js';
import type { createServices } from '../server/start.js';
import { prepareStreams, type EncodedStreams } from '../server/storage/stream-codec.js';
import type { ParsedActivity } from '../shared/activity.js';
import { realisticActivity } from './realistic-activity.js';

type Services = Awaited<ReturnType<typeof createServices>>;

export interface SeedOptions {
  activities: number;
  /** Samples per activity (1 Hz): default 2,700 (45 min), a typical training session. */
  samples?: number;
  /** Distinct routes (template activities) per athlete (default 40). */
  templates?: number;
  /** Years the activities spread over, ending at `endMs` (default 8). */
  years?: number;
  endMs?: number;
  /** Seed offset so athletes differ. */
  seed?: number;
}

interface Template {
  parsed: ParsedActivity;
  streams: EncodedStreams;
  derived: Record<string, DerivedActivity>;
}

const SPORTS = ['running', 'cycling'] as const;

function makeTemplates(seed: number, n: number, samples: number): Template[] {
  const out: Template[] = [];
  const ctx = { thresholds: [], thresholdsKey: thresholdsKey([]) };
  for (let k = 0; k < n; k++) {
    const parsed = realisticActivity(seed + k, samples, Date.UTC(2020, 0, 1, 7));
    const derived: Record<string, DerivedActivity> = {};
    for (const sport of SPORTS) derived[sport] = deriveActivity(parsed.streams, sport, parsed.startTime, ctx);
    // With the activity page's chart, as an import stores it (stored-chart.ts).
    out.push({ parsed, streams: withStoredChart(prepareStreams(parsed.streams)), derived });
  }
  return out;
}

/** Inserts `activities` for one user and derives everything an import would; returns ms spent. */
export async function seedAthlete(services: Services, userId: string, o: SeedOptions): Promise<{ ms: number }> {
  const t0 = performance.now();
  await services.storage.users.ensure(userId, userId);
  const years = o.years ?? 8;
  const endMs = o.endMs ?? Date.UTC(2026, 10, 1, 7);
  const spanMs = years * 365 * 86_400_000;
  const templates = makeTemplates((o.seed ?? 0) * 1_000_003, o.templates ?? 40, o.samples ?? 2700);
  // Group commit, as an import job does (SQLite: one transaction a second instead of one per row).
  const bulk = services.storage.bulkWrites();
  try {
    await insertAll(services, userId, o, templates, endMs, spanMs);
    await services.events.settle(userId);
  } finally {
    bulk.end();
  }
  await services.storage.durable();
  return { ms: performance.now() - t0 };
}

async function insertAll(services: Services, userId: string, o: SeedOptions, templates: Template[], endMs: number, spanMs: number) {
  for (let i = 0; i < o.activities; i++) {
    const tpl = templates[i % templates.length];
    const startMs = endMs - spanMs + Math.floor((i * spanMs) / o.activities);
    const startTime = new Date(startMs).toISOString();
    const sport = i % 3 === 0 ? 'running' : 'cycling';
    const parsed: Omit<ParsedActivity, 'streams'> = {
      ...tpl.parsed,
      startTime,
      sport,
      sessions: tpl.parsed.sessions.map((s) => ({ ...s, sport, startTime })),
      laps: tpl.parsed.laps.map((l) => ({ ...l, startTime })),
    };
    const id = `${userId}-a${i}`;
    const sha = createHash('sha256').update(id).digest('hex');
    await services.storage.originals.upsert({ userId, sha256: sha, fileName: `${id}.fit`, sizeBytes: 1, format: 'fit' });
    // The current parser's version, as an import stores it (0 would make every start re-read them all).
    const local = resolveLocalTime({ startMs, startLatDeg: tpl.streams.startLatDeg, startLonDeg: tpl.streams.startLonDeg, settingZone: 'UTC' });
    await services.storage.activities.insert({ id, userId, originalSha256: sha, sourceIndex: 0, name: `Activity ${i}`, parsed, streams: tpl.streams, parserVersion: PARSER_VERSION, local });
    const d = tpl.derived[sport];
    const derived: DerivedActivity = { ...d, startTimeMs: startMs, day: dayOf(startMs), metrics: structuredClone(d.metrics) };
    const sm = parsed.summary;
    const totals = { distanceM: sm.distanceM, elapsedTimeS: sm.elapsedTimeS, movingTimeS: sm.movingTimeS, ascentM: sm.ascentM, descentM: sm.descentM };
    await services.events.emit({ type: 'imported', userId, activityId: id, fresh: { derived, name: `Activity ${i}`, totals } });
  }
}
