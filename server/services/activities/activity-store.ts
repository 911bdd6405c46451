import { createHash, randomUUID } from 'node:crypto';
import type { ImportFileDto } from '../../../shared/api.js';
import { defaultActivityName } from '../../domain/activity-name.js';
import { PARSER_VERSION } from '../../ingest/parser-version.js';
import type { Storage } from '../../storage/port.js';
import { decodeStreams } from '../../storage/stream-codec.js';
import type { ActivityEvents } from '../activity-events.js';
import type { PreparedActivity } from '../prepare-result.js';
import type { ArchiveMeta } from '../archive/archive-meta.js';
import { richness } from './source-richness.js';
import { LocalTimeResolver } from './local-time-resolver.js';
import { findDuplicate } from './duplicate-match.js';
import type { TimedTrack } from '../../domain/same-workout.js';

export type StoreResult = ImportFileDto & { sha256?: string };

interface SaveInput {
  userId: string;
  sha256: string;
  sourceIndex: number;
  fileName: string;
  parsed: PreparedActivity;
  meta: ArchiveMeta | null;
  dryRun: boolean;
  /** The user split this recording out of another activity: store it on its own (activity-merge.service.ts). */
  keepApart?: boolean;
}

/**
 * Stores a parsed activity, recognising the same workout from any other source on every import
 * path (a loose FIT and its TCX/GPX exports, Strava, Garmin, copies of copies): see
 * duplicate-match.ts. The richer
 * copy is kept (original FIT over a Strava-made GPX) and metadata from both is merged. Every step is
 * idempotent so an interrupted import, run again, finishes without duplicates (`settle`).
 */
export class ActivityStore {
  readonly localTime: LocalTimeResolver;
  constructor(private deps: { storage: Storage; events: ActivityEvents }) {
    this.localTime = new LocalTimeResolver(deps.storage);
  }

  async save(s: SaveInput): Promise<StoreResult> {
    const { storage } = this.deps;
    const p = s.parsed;
    const startMs = Date.parse(p.startTime);
    const dup = s.keepApart ? null : await findDuplicate(storage, s.userId, {
      startMs,
      serial: p.device?.serialNumber ?? null,
      track: p.encoded.hasGps ? () => trackOf(startMs, p.encoded.blob) : () => null,
      durationS: p.summary.elapsedTimeS ?? p.summary.timerTimeS,
      weak: Boolean(s.meta),
    });
    const mine = richness(p.format, p.device?.manufacturer ?? null, p.encoded.sampleCount);
    if (dup && dup.richness >= mine) {
      if (!s.dryRun) await this.merge(s.userId, dup.id, s.meta, { source: s.meta?.source ?? 'file', externalId: s.meta?.externalId ?? `${s.sha256}:${s.sourceIndex}`, sha256: s.sha256, fileName: s.fileName });
      return { name: s.fileName, status: 'duplicate', activityId: dup.id, sha256: s.sha256, warnings: [`duplicate of "${dup.name}" (${dup.id}): ${dup.reason}; ${s.meta ? 'metadata merged, ' : ''}the richer copy is kept and this file is listed as one of its sources`] };
    }
    if (s.dryRun) {
      const warnings = dup ? [`replaces a poorer copy of the same workout, "${dup.name}" (${dup.reason})`] : undefined;
      return { name: s.fileName, status: 'imported', sha256: s.sha256, ...(warnings ? { warnings } : {}) };
    }
    const id = await this.contentId(s);
    const { encoded, derived: _derived, ...meta } = p;
    const local = await this.localTime.resolve(s.userId, { startTime: meta.startTime, deviceUtcOffsetS: meta.deviceUtcOffsetS, startLatDeg: encoded.startLatDeg, startLonDeg: encoded.startLonDeg });
    const name = s.meta?.name?.trim() || meta.name?.trim() || defaultActivityName(meta.startTime, s.meta?.sport?.sport ?? meta.sport, local.utcOffsetS);
    const parsed = s.meta?.sport ? { ...meta, sport: s.meta.sport.sport, subSport: s.meta.sport.subSport ?? meta.subSport } : meta;
    await storage.activities.insert({ id, userId: s.userId, originalSha256: s.sha256, sourceIndex: s.sourceIndex, name, parsed, streams: encoded, source: s.meta?.source ?? 'file', local, parserVersion: PARSER_VERSION });
    await this.merge(s.userId, id, s.meta, { source: s.meta?.source ?? 'file', externalId: s.meta?.externalId ?? `${s.sha256}:${s.sourceIndex}`, sha256: s.sha256, fileName: s.fileName });
    await this.applyDefaultGear(s.userId, id, parsed.sport);
    // Derived in the worker for the parsed sport and start; an archive relabelling the sport voids it.
    // …and for the local day resolved here (a time-zone setting changed in between voids it too).
    const derived = p.derived && p.derived.sport === parsed.sport && p.derived.utcOffsetS === local.utcOffsetS ? p.derived : undefined;
    const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    const sm = parsed.summary;
    const totals = { distanceM: num(sm.distanceM), elapsedTimeS: num(sm.elapsedTimeS), movingTimeS: num(sm.movingTimeS), ascentM: num(sm.ascentM), descentM: num(sm.descentM) };
    await this.deps.events.emit({ type: 'imported', userId: s.userId, activityId: id, ...(derived ? { fresh: { derived, name, totals } } : {}) });
    const warnings: string[] = [];
    if (dup) {
      await this.absorb(s.userId, id, dup.id);
      warnings.push(`replaced "${dup.name}", a poorer copy of the same workout (${dup.reason}); its sources and metadata moved here`);
    }
    return { name: s.fileName, status: 'imported', activityId: id, sha256: s.sha256, ...(warnings.length ? { warnings } : {}) };
  }

  /**
   * The activity's id from what it is (user, original bytes, index in the file), not from when its
   * import finished: ties between activities that share a start time (records, route names, any
   * `ORDER BY …, id`) then fall the same way whatever order a folder was imported in, on every
   * database (issue 15). A random id only when that one is taken (the same file stored again
   * after its first copy became something else, e.g. split apart).
   */
  private async contentId(s: SaveInput): Promise<string> {
    const h = createHash('sha256').update(`${s.userId}\0${s.sha256}\0${s.sourceIndex}\0${s.keepApart ? 'apart' : ''}`).digest('hex');
    // UUID shape (version nibble 5, RFC 4122 variant) so every id column and validator accepts it.
    const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    return (await this.deps.storage.activities.get(s.userId, id)) ? randomUUID() : id;
  }

  /**
   * A file seen before (same bytes): re-apply its archive metadata and finish any replacement the
   * previous run did not complete, so a killed import re-run leaves no half-written state.
   */
  async settle(userId: string, activityId: string, meta: ArchiveMeta | null, source: { sha256: string; fileName: string }): Promise<void> {
    if (meta) await this.merge(userId, activityId, meta, { source: meta.source, externalId: meta.externalId, ...source });
    const a = await this.deps.storage.activities.get(userId, activityId);
    if (!a) return;
    const dup = await findDuplicate(this.deps.storage, userId, { startMs: Date.parse(a.startTime), serial: a.device?.serialNumber ?? null, track: () => null, durationS: a.elapsedTimeS ?? a.timerTimeS, weak: Boolean(meta), exclude: activityId });
    if (dup && dup.richness < richness(a.format, a.device?.manufacturer ?? null, a.sampleCount)) await this.absorb(userId, activityId, dup.id);
  }

  /** Adds archive metadata to an activity without overwriting what the user or a richer source set. */
  async merge(userId: string, id: string, meta: ArchiveMeta | null, src: { source: string; externalId: string; sha256: string | null; fileName: string }): Promise<void> {
    const { storage } = this.deps;
    await storage.activityMeta.addSource(userId, id, src);
    if (!meta) return;
    const gearId = meta.gear ? await storage.gear.ensureByName(userId, meta.gear.name, meta.gear.kind) : null;
    await this.mergeFields(userId, id, meta, gearId, true);
  }

  /** The richer `keepId` takes over `dropId`: its sources, its metadata where missing; then drop it. */
  async absorb(userId: string, keepId: string, dropId: string): Promise<void> {
    const { storage } = this.deps;
    const [old, oldRow] = await Promise.all([storage.activityMeta.get(userId, dropId), storage.activities.get(userId, dropId)]);
    if (!old || !oldRow) return;
    const fromArchive = old.source === 'strava' || old.source === 'garmin';
    const meta: ArchiveMeta = {
      source: fromArchive ? (old.source as ArchiveMeta['source']) : 'strava',
      externalId: '',
      name: fromArchive ? oldRow.name : null,
      sport: fromArchive ? { sport: oldRow.sport, subSport: oldRow.subSport } : null,
      description: old.description,
      privateNote: old.privateNote,
      commute: old.commute,
      perceivedExertion: old.perceivedExertion,
      media: old.media,
    };
    // A loose file's name is a default name: only an archive's (athlete-typed) name carries over.
    await this.mergeFields(userId, keepId, meta, old.gearId, fromArchive);
    await storage.activityMeta.moveSources(userId, dropId, keepId);
    // The poorer copy's original stays in the store and in activity_sources: originals are never lost.
    const r = await storage.activities.delete(userId, dropId);
    if (r.deleted) await this.deps.events.emit({ type: 'deleted', userId, activityId: dropId, startTime: oldRow.startTime, sport: oldRow.sport });
  }

  private async mergeFields(userId: string, id: string, meta: ArchiveMeta, gearId: string | null, naming = true): Promise<void> {
    const { storage } = this.deps;
    const cur = await storage.activityMeta.get(userId, id);
    if (!cur) return;
    const patch: Parameters<Storage['activityMeta']['set']>[2] = {};
    if (cur.description === null && meta.description) patch.description = meta.description;
    if (cur.privateNote === null && meta.privateNote) patch.privateNote = meta.privateNote;
    if (cur.commute === null && meta.commute !== null && meta.commute !== undefined) patch.commute = meta.commute;
    if (cur.perceivedExertion === null && meta.perceivedExertion !== null && meta.perceivedExertion !== undefined) patch.perceivedExertion = meta.perceivedExertion;
    if (cur.gearId === null && gearId) patch.gearId = gearId;
    if (meta.media?.length) patch.media = [...cur.media, ...meta.media.filter((m) => !cur.media.some((c) => c.sha256 === m.sha256))];
    if (naming && (cur.source === 'file' || cur.source === null)) {
      if (meta.name) patch.name = meta.name;
      if (meta.sport) patch.sport = meta.sport.sport;
      patch.source = meta.source;
    }
    if (!Object.keys(patch).length) return;
    await storage.activityMeta.set(userId, id, patch);
    // Derived data (records, totals…) may depend on the sport or name an archive just supplied.
    if (patch.sport || patch.name) await this.deps.events.emit({ type: 'updated', userId, activityId: id, fields: Object.keys(patch) });
  }

  private async applyDefaultGear(userId: string, id: string, sport: string): Promise<void> {
    // Most athletes have no default gear for a sport: ask that first (one query instead of three).
    const g = await this.deps.storage.gear.defaultFor(userId, sport);
    if (!g) return;
    const cur = await this.deps.storage.activityMeta.get(userId, id);
    if (cur && !cur.gearId) await this.deps.storage.activityMeta.set(userId, id, { gearId: g });
  }
}

function trackOf(startMs: number, blob: Uint8Array): TimedTrack | null {
  try {
    const s = decodeStreams(blob, { channels: ['latDeg', 'lonDeg'], developer: false });
    return { startMs, timeS: s.timeS, latDeg: s.channels.latDeg ?? [], lonDeg: s.channels.lonDeg ?? [] };
  } catch {
    return null; // no readable track: no evidence
  }
}
