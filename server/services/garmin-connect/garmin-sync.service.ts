import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScheduleDto } from '../../../shared/jobs-api.js';
import type { Storage } from '../../storage/port.js';
import type { ImportService } from '../import.service.js';
import type { EventBus } from '../jobs/event-bus.js';
import type { JobContext, JobHandler } from '../jobs/job-types.js';
import type { JobService } from '../jobs/job.service.js';
import { DEFAULT_GARMIN_URLS, GarminApi, GarminHttpError, garminLogin, type GarminTokens, type GarminUrls } from './garmin-client.js';
import type { Encryptor } from './token-crypto.js';

const KEY = 'garmin-connect';
const DAY_MS = 86_400_000;
const PAGE = 50;
/** Activity ids remembered as fetched (newest), so an incremental sync downloads each once. */
const SEEN_KEPT = 2000;

export interface GarminState {
  enabled: boolean;
  intervalMin: number;
  tokensSealed: string | null;
  encryptor: string | null;
  displayName: string | null;
  status: 'signed-out' | 'idle' | 'syncing' | 'backoff' | 'error';
  lastError: string | null;
  lastErrorAt: number | null;
  lastSyncAt: number | null;
  newestActivityMs: number | null;
  seenIds: string[];
  backoffUntilMs: number | null;
  failures: number;
  wellnessThrough: string | null;
}

export interface GarminStatusDto extends Omit<GarminState, 'tokensSealed' | 'seenIds' | 'lastErrorAt' | 'lastSyncAt' | 'backoffUntilMs' | 'newestActivityMs'> {
  connected: boolean;
  lastErrorAt: string | null;
  lastSyncAt: string | null;
  backoffUntil: string | null;
  nextSyncAt: string | null;
}

const INITIAL: GarminState = { enabled: false, intervalMin: 30, tokensSealed: null, encryptor: null, displayName: null, status: 'signed-out', lastError: null, lastErrorAt: null, lastSyncAt: null, newestActivityMs: null, seenIds: [], backoffUntilMs: null, failures: 0, wellnessThrough: null };

export interface GarminHealthSink {
  ingestGarminExportFile(userId: string, fileName: string, bytes: Uint8Array): Promise<{ status: string; error?: string }>;
}

export interface GarminSyncDeps {
  storage: Storage;
  imports: ImportService;
  jobs: JobService;
  bus: EventBus;
  incomingDir: string;
  encryptor: Encryptor;
  health?: GarminHealthSink;
  urls?: Partial<GarminUrls>;
  fetch?: typeof fetch;
  now?: () => number;
}

function httpError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** An activity of the list, read defensively: Garmin renames and retypes fields between app versions. */
export function activityRef(a: Record<string, unknown>): { id: string; startMs: number | null } | null {
  const id = a.activityId ?? a.activityUUID ?? a.id;
  if ((typeof id !== 'number' && typeof id !== 'string') || String(id) === '') return null;
  let startMs: number | null = null;
  if (typeof a.beginTimestamp === 'number') startMs = a.beginTimestamp;
  else if (typeof a.startTimeGMT === 'string') startMs = Date.parse(`${a.startTimeGMT.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(a.startTimeGMT) ? '' : 'Z'}`);
  return { id: String(id), startMs: Number.isFinite(startMs) ? startMs : null };
}

/**
 * Optional Garmin Connect sync (issue 18), off by default. Sign in once: only the OAuth tokens are
 * kept, sealed by the injected Encryptor. A durable 'garmin-sync' job downloads new activities as
 * their original FIT (Garmin's zip, imported like any upload: deduplicated against USB and file
 * imports by content and by time) and the daily wellness (daily summary, sleep) into Health. A
 * scheduler starts it every `intervalMin`; 429 and 403 back off exponentially (or per
 * Retry-After); the status with the last error is kept in source_state and survives restarts.
 */
export class GarminSyncService {
  private timer: ReturnType<typeof setInterval> | null = null;
  private urls: GarminUrls;

  constructor(private deps: GarminSyncDeps) {
    this.urls = { ...DEFAULT_GARMIN_URLS, ...deps.urls };
  }

  configure(o: { urls?: Partial<GarminUrls>; fetch?: typeof fetch; now?: () => number }): void {
    if (o.urls) this.urls = { ...this.urls, ...o.urls };
    if (o.fetch) this.deps.fetch = o.fetch;
    if (o.now) this.deps.now = o.now;
  }

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  private async state(userId: string): Promise<GarminState> {
    return { ...INITIAL, ...((await this.deps.storage.sourceState.get<GarminState>(userId, KEY)) ?? {}) };
  }

  private async save(userId: string, s: GarminState) {
    await this.deps.storage.sourceState.put(userId, KEY, s);
    this.deps.bus.emit(userId, 'garmin', this.dto(s));
  }

  dto(s: GarminState): GarminStatusDto {
    const { tokensSealed, seenIds, lastErrorAt, lastSyncAt, backoffUntilMs, newestActivityMs, ...rest } = s;
    void seenIds;
    void newestActivityMs;
    const next = s.enabled && tokensSealed ? Math.max(lastSyncAt === null ? this.now() : lastSyncAt + s.intervalMin * 60_000, backoffUntilMs ?? 0) : null;
    return { ...rest, connected: !!tokensSealed, lastErrorAt: iso(lastErrorAt), lastSyncAt: iso(lastSyncAt), backoffUntil: iso(backoffUntilMs), nextSyncAt: iso(next) };
  }

  async status(userId: string): Promise<GarminStatusDto> {
    return this.dto(await this.state(userId));
  }

  async connect(userId: string, username: string, password: string): Promise<GarminStatusDto> {
    const s = await this.state(userId);
    let tokens: GarminTokens;
    try {
      tokens = await garminLogin(this.urls, username, password, this.deps.fetch, () => this.now());
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      await this.save(userId, { ...s, status: s.tokensSealed ? s.status : 'signed-out', lastError: msg, lastErrorAt: this.now() });
      throw httpError(e instanceof GarminHttpError && e.status === 401 ? 400 : 502, e instanceof GarminHttpError && e.status === 401 ? 'bad_credentials' : 'garmin_unavailable', msg);
    }
    const next = { ...s, enabled: true, tokensSealed: this.deps.encryptor.encrypt(JSON.stringify(tokens)), encryptor: this.deps.encryptor.kind, status: 'idle' as const, lastError: null, lastErrorAt: null, failures: 0, backoffUntilMs: null };
    await this.save(userId, next);
    return this.dto(next);
  }

  async update(userId: string, patch: { enabled?: boolean; intervalMin?: number }): Promise<GarminStatusDto> {
    const s = { ...(await this.state(userId)), ...patch };
    await this.save(userId, s);
    return this.dto(s);
  }

  async disconnect(userId: string): Promise<void> {
    await this.deps.storage.sourceState.remove(userId, KEY);
    this.deps.bus.emit(userId, 'garmin', this.dto(INITIAL));
  }

  /** Starts a sync now; with from/to a backfill of that date range. */
  async syncNow(userId: string, range: { from?: string; to?: string } = {}) {
    const s = await this.state(userId);
    if (!s.tokensSealed) throw httpError(409, 'conflict', 'sign in to Garmin Connect first');
    return this.deps.jobs.enqueue(userId, 'garmin-sync', range);
  }

  /** The scheduler: every minute, users whose sync is due (and not backing off) get a job. */
  startSchedule(everyMs = 60_000): void {
    this.timer = setInterval(() => void this.tick().catch((e: unknown) => console.error(`[garmin] schedule: ${e instanceof Error ? e.message : String(e)}`)), everyMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async tick(): Promise<string[]> {
    const started: string[] = [];
    for (const { userId, value } of await this.deps.storage.sourceState.all<GarminState>(KEY)) {
      const s = { ...INITIAL, ...value };
      if (!s.enabled || !s.tokensSealed || s.status === 'syncing' || s.status === 'signed-out') continue;
      const t = this.now();
      if (s.backoffUntilMs && t < s.backoffUntilMs) continue;
      if (s.lastSyncAt !== null && t < s.lastSyncAt + s.intervalMin * 60_000) continue;
      if ((await this.deps.jobs.list(userId, { kind: 'garmin-sync', status: 'running', limit: 1, offset: 0 })).total) continue;
      started.push((await this.deps.jobs.enqueue(userId, 'garmin-sync', {})).id);
    }
    return started;
  }

  schedules() {
    return {
      list: async (userId: string): Promise<ScheduleDto[]> => {
        const s = await this.state(userId);
        if (!s.tokensSealed) return [];
        const last = await this.deps.jobs.lastOf(userId, 'garmin-sync');
        const d = this.dto(s);
        return [{ id: 'garmin-sync', label: 'Garmin Connect sync', every: `every ${s.intervalMin} min`, enabled: s.enabled, nextRunAt: d.nextSyncAt, lastRun: last ? { status: last.status, at: iso(last.finishedAtMs), error: last.error, message: last.message } : null }];
      },
    };
  }

  handler(): JobHandler<{ from?: string; to?: string }> {
    return { kind: 'garmin-sync', concurrency: 1, run: (ctx) => this.run(ctx) };
  }

  private async run(ctx: JobContext<{ from?: string; to?: string }>) {
    const { userId } = ctx;
    let s = await this.state(userId);
    if (!s.tokensSealed) throw new Error('not signed in to Garmin Connect');
    if (s.encryptor && s.encryptor !== this.deps.encryptor.kind) {
      // E.g. tokens sealed by the desktop's OS keychain (safeStorage), read by a server with AES-GCM.
      const msg = `the Garmin sign-in was sealed with ${s.encryptor} and this app reads ${this.deps.encryptor.kind}: sign in again`;
      await this.save(userId, { ...s, status: 'signed-out', lastError: msg, lastErrorAt: this.now() });
      throw new Error(msg);
    }
    const tokens = JSON.parse(this.deps.encryptor.decrypt(s.tokensSealed)) as GarminTokens;
    s = { ...s, status: 'syncing' };
    await this.save(userId, s);
    const api = new GarminApi(this.urls, tokens, async (t) => {
      s = { ...s, tokensSealed: this.deps.encryptor.encrypt(JSON.stringify(t)) };
      await this.save(userId, s);
    }, this.deps.fetch, () => this.now());
    const backfill = !!(ctx.params.from || ctx.params.to);
    try {
      if (!s.displayName) s.displayName = (await api.json<{ displayName?: string }>('/userprofile-service/socialProfile')).displayName ?? null;
      const fromMs = ctx.params.from ? Date.parse(`${ctx.params.from}T00:00:00Z`) : null;
      const toMs = ctx.params.to ? Date.parse(`${ctx.params.to}T00:00:00Z`) + DAY_MS : null;
      // 1. Activities, newest first, until one that is already known (incremental) or the range ends.
      const seen = new Set(s.seenIds);
      const fresh: { id: string; startMs: number | null }[] = [];
      for (let start = 0; start < 100_000; start += PAGE) {
        const q = new URLSearchParams({ start: String(start), limit: String(PAGE) });
        if (ctx.params.from) q.set('startDate', ctx.params.from);
        if (ctx.params.to) q.set('endDate', ctx.params.to);
        const page = await api.json<unknown>(`/activitylist-service/activities/search/activities?${q}`);
        const items = Array.isArray(page) ? page : [];
        let reachedKnown = false;
        for (const raw of items) {
          const a = raw && typeof raw === 'object' ? activityRef(raw as Record<string, unknown>) : null;
          if (!a) continue;
          if (fromMs !== null && a.startMs !== null && a.startMs < fromMs) continue;
          if (toMs !== null && a.startMs !== null && a.startMs >= toMs) continue;
          if (seen.has(a.id)) {
            if (!backfill) reachedKnown = true;
            continue;
          }
          fresh.push(a);
        }
        if (reachedKnown || items.length < PAGE) break;
      }
      ctx.progress(0, fresh.length, `${fresh.length} new activit${fresh.length === 1 ? 'y' : 'ies'}`);
      // 2. Their original files, imported as one job (Garmin's zip holds `<id>_ACTIVITY.fit`).
      const counts: Record<string, number> = {};
      let importJobId: string | null = null;
      if (fresh.length) {
        importJobId = ctx.id;
        if (!(await this.deps.storage.imports.get(userId, importJobId))) {
          const dir = join(this.deps.incomingDir, importJobId);
          await mkdir(dir, { recursive: true });
          const sources = [];
          for (const [i, a] of fresh.entries()) {
            if (ctx.signal.aborted) throw ctx.signal.reason;
            const bytes = new Uint8Array(await (await api.get(`/download-service/files/activity/${encodeURIComponent(a.id)}`)).arrayBuffer());
            await writeFile(join(dir, String(i)), bytes);
            sources.push({ name: `garmin-connect-${a.id}.zip`, path: join(dir, String(i)), owned: true });
            ctx.progress(i + 1, fresh.length, `downloaded ${i + 1} of ${fresh.length}`);
          }
          await this.deps.imports.createJob(userId, sources, importJobId);
        }
        await this.deps.imports.waitFor(importJobId);
        for (const f of (await this.deps.storage.imports.get(userId, importJobId))?.files ?? []) if (!f.name.includes(' › ')) counts[f.status] = (counts[f.status] ?? 0) + 1;
        s.seenIds = [...fresh.map((a) => a.id), ...s.seenIds].slice(0, SEEN_KEPT);
        const newest = Math.max(...fresh.map((a) => a.startMs ?? 0));
        if (newest > (s.newestActivityMs ?? 0)) s.newestActivityMs = newest;
      }
      // 3. Daily wellness: the backfill range, else the days since the last sync (at least the last 2).
      const today = dateOf(this.now());
      const firstDay = ctx.params.from ?? (s.wellnessThrough && s.wellnessThrough < today ? s.wellnessThrough : dateOf(this.now() - 2 * DAY_MS));
      const lastDay = ctx.params.to ?? today;
      let wellnessDays = 0;
      if (this.deps.health && s.displayName) {
        for (let d = Date.parse(`${firstDay}T00:00:00Z`), n = 0; d <= Date.parse(`${lastDay}T00:00:00Z`) && n < 3660; d += DAY_MS, n++) {
          if (ctx.signal.aborted) throw ctx.signal.reason;
          const date = dateOf(d);
          const name = encodeURIComponent(s.displayName);
          const summary = await api.json<Record<string, unknown>>(`/usersummary-service/usersummary/daily/${name}?calendarDate=${date}`);
          const sleep = await api.json<{ dailySleepDTO?: Record<string, unknown> }>(`/wellness-service/wellness/dailySleepData/${name}?date=${date}&nonSleepBufferMinutes=60`);
          const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
          // The API's daily DTOs are the records of the account export's files: the same parser reads both.
          if (summary && typeof summary === 'object' && Object.keys(summary).length) await this.deps.health.ingestGarminExportFile(userId, 'UDSFile_connect.json', enc([{ calendarDate: date, ...summary }]));
          if (sleep?.dailySleepDTO) await this.deps.health.ingestGarminExportFile(userId, 'connect_sleepData.json', enc([{ calendarDate: date, ...sleep.dailySleepDTO }]));
          wellnessDays++;
        }
        if (!backfill) s.wellnessThrough = today;
      }
      s = { ...s, status: 'idle', lastSyncAt: this.now(), lastError: null, failures: 0, backoffUntilMs: null };
      await this.save(userId, s);
      return { activities: fresh.length, counts, importJobId, wellnessDays };
    } catch (e) {
      if (ctx.signal.aborted) {
        await this.save(userId, { ...s, status: 'idle' });
        throw e;
      }
      const msg = e instanceof Error ? e.message : String(e);
      const t = this.now();
      if (e instanceof GarminHttpError && (e.status === 429 || e.status === 403)) {
        const failures = s.failures + 1;
        const waitMs = e.retryAfterS ? e.retryAfterS * 1000 : Math.min(6 * 3600_000, 5 * 60_000 * 2 ** (failures - 1));
        s = { ...s, status: 'backoff', failures, backoffUntilMs: t + waitMs, lastError: msg, lastErrorAt: t };
      } else if (e instanceof GarminHttpError && e.status === 401) s = { ...s, status: 'signed-out', lastError: msg, lastErrorAt: t };
      else s = { ...s, status: 'error', failures: s.failures + 1, lastError: msg, lastErrorAt: t, lastSyncAt: t };
      await this.save(userId, s);
      throw e;
    }
  }
}
