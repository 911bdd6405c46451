import { randomUUID } from 'node:crypto';
import {
  type ChannelStatusDto,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationKind,
  type NotificationPayload,
  type NotificationSettingsDto,
  type NotificationSettingsPatch,
  type NotificationsDto,
  type NotificationTestResultDto,
} from '../../../shared/notifications-api.js';
import type { Storage } from '../../storage/port.js';
import type { Encryptor } from '../garmin-connect/token-crypto.js';
import type { EventBus } from '../jobs/event-bus.js';
import { buildPush, channelUrlProblem, type PushChannel } from './notify-channels.js';

const SETTINGS_KEY = 'notifications';
const STATUS_KEY = 'notifications:status';
const DAY_MS = 86_400_000;
const PUSH: readonly PushChannel[] = ['webhook', 'ntfy', 'gotify'];

interface StoredChannel {
  enabled: boolean;
  url: string;
  tokenSealed: string | null;
}
interface StoredSettings {
  kinds: Record<NotificationKind, boolean>;
  recentDays: number;
  channels: Record<NotificationChannel, StoredChannel>;
}

const DEFAULTS: StoredSettings = {
  kinds: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])) as Record<NotificationKind, boolean>,
  recentDays: 3,
  channels: {
    webhook: { enabled: false, url: '', tokenSealed: null },
    ntfy: { enabled: false, url: '', tokenSealed: null },
    gotify: { enabled: false, url: '', tokenSealed: null },
    // The desktop shell shows a system notification for each `notification` event it receives.
    desktop: { enabled: true, url: '', tokenSealed: null },
  },
};

const EMPTY_STATUS: ChannelStatusDto = { lastAttemptAt: null, lastSuccessAt: null, lastError: null, lastErrorAt: null, failed: 0, sent: 0 };

function httpError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

/** What a caller wants said. `date` is the day the event happened (YYYY-MM-DD); default today. */
export interface NotificationInput {
  kind: NotificationKind;
  title: string;
  message: string;
  severity?: NotificationPayload['severity'];
  date?: string;
  /** The same key again within REPEAT_QUIET_MS is not sent again (a sync failing every 30 min). */
  dedupeKey?: string;
}

const REPEAT_QUIET_MS = 6 * 3600_000;

export interface NotificationServiceDeps {
  storage: Storage;
  bus: EventBus;
  /** Seals ntfy/Gotify tokens at rest. */
  encryptor: Encryptor;
  fetch?: typeof fetch;
  now?: () => number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** Waits before the 2nd, 3rd, … attempt (default 2 s, 15 s, 60 s: four attempts in all). */
  backoffMs?: readonly number[];
  /** Deliveries in flight or waiting to retry at most; more are dropped and counted as failed. */
  maxPending?: number;
}

/**
 * Notifications (issue 18): insights and failures go to a generic webhook, ntfy and Gotify, and to
 * the desktop shell as a `notification` server-sent event. Per user: which kinds notify, which
 * channels, and a window (`recentDays`) outside which nothing notifies, so importing years of
 * history never pushes. `notify()` returns at once: delivery runs in the background with a timeout
 * per attempt and bounded retries with backoff (never for a 4xx other than 408/429), and its
 * outcome (last error, counts) is kept per channel for Settings → Notifications.
 */
export class NotificationService {
  private pending = new Set<Promise<unknown>>();
  private statusChains = new Map<string, Promise<unknown>>();
  private abort = new AbortController();
  private lastSent = new Map<string, number>();

  constructor(private deps: NotificationServiceDeps) {}

  /** Delivery knobs (tests: short timeouts and waits). */
  configure(o: Pick<NotificationServiceDeps, 'timeoutMs' | 'backoffMs' | 'maxPending' | 'fetch'>): void {
    Object.assign(this.deps, o);
  }

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  private async stored(userId: string): Promise<StoredSettings> {
    const s = await this.deps.storage.sourceState.get<Partial<StoredSettings>>(userId, SETTINGS_KEY);
    return {
      kinds: { ...DEFAULTS.kinds, ...(s?.kinds ?? {}) },
      recentDays: s?.recentDays ?? DEFAULTS.recentDays,
      channels: Object.fromEntries(NOTIFICATION_CHANNELS.map((c) => [c, { ...DEFAULTS.channels[c], ...(s?.channels?.[c] ?? {}) }])) as StoredSettings['channels'],
    };
  }

  private dto(s: StoredSettings): NotificationSettingsDto {
    return {
      kinds: s.kinds,
      recentDays: s.recentDays,
      channels: Object.fromEntries(NOTIFICATION_CHANNELS.map((c) => [c, { enabled: s.channels[c].enabled, url: s.channels[c].url, tokenSet: s.channels[c].tokenSealed !== null }])) as NotificationSettingsDto['channels'],
    };
  }

  async get(userId: string): Promise<NotificationsDto> {
    const status = (await this.deps.storage.sourceState.get<Partial<Record<NotificationChannel, ChannelStatusDto>>>(userId, STATUS_KEY)) ?? {};
    return {
      settings: this.dto(await this.stored(userId)),
      status: Object.fromEntries(NOTIFICATION_CHANNELS.map((c) => [c, { ...EMPTY_STATUS, ...(status[c] ?? {}) }])) as NotificationsDto['status'],
    };
  }

  async update(userId: string, patch: NotificationSettingsPatch): Promise<NotificationsDto> {
    const s = await this.stored(userId);
    if (patch.kinds) s.kinds = { ...s.kinds, ...patch.kinds };
    if (patch.recentDays !== undefined) s.recentDays = patch.recentDays;
    for (const c of NOTIFICATION_CHANNELS) {
      const p = patch.channels?.[c];
      if (!p) continue;
      const ch = s.channels[c];
      if (p.url !== undefined) ch.url = p.url.trim();
      if (p.token !== undefined) ch.tokenSealed = p.token === '' ? null : this.deps.encryptor.encrypt(p.token);
      if (p.enabled !== undefined) ch.enabled = p.enabled;
    }
    for (const c of PUSH) {
      const ch = s.channels[c];
      if (!ch.enabled && !ch.url) continue;
      if (ch.enabled && !ch.url) throw httpError(400, 'bad_request', `${c}: a URL is needed to switch it on`);
      const problem = ch.url ? channelUrlProblem(c, ch.url) : null;
      if (problem) throw httpError(400, 'bad_request', problem);
    }
    if (s.channels.gotify.enabled && !s.channels.gotify.tokenSealed) throw httpError(400, 'bad_request', 'gotify: an application token is needed');
    await this.deps.storage.sourceState.put(userId, SETTINGS_KEY, s);
    return this.get(userId);
  }

  /**
   * Sends a notification if its kind is on and it is recent; returns at once (never blocks the
   * caller: an import, a job's end). True when it was sent on to at least one channel.
   */
  notify(userId: string, input: NotificationInput): void {
    this.track(this.dispatch(userId, input));
  }

  /** The decision and the hand-off (awaitable in tests through `settled`). */
  private async dispatch(userId: string, input: NotificationInput): Promise<void> {
    const s = await this.stored(userId);
    if (!s.kinds[input.kind]) return;
    const now = this.now();
    const today = new Date(now).toISOString().slice(0, 10);
    const date = input.date ?? today;
    const oldest = new Date(Math.floor(now / DAY_MS) * DAY_MS - s.recentDays * DAY_MS).toISOString().slice(0, 10);
    if (date < oldest) return;
    if (input.dedupeKey) {
      const key = `${userId}\u0000${input.dedupeKey}`;
      const last = this.lastSent.get(key);
      if (last !== undefined && now - last < REPEAT_QUIET_MS) return;
      this.lastSent.set(key, now);
      if (this.lastSent.size > 10_000) this.lastSent.delete(this.lastSent.keys().next().value as string);
    }
    const payload: NotificationPayload = { app: 'MileVault', id: randomUUID(), kind: input.kind, title: input.title, message: input.message, date, severity: input.severity ?? 'info', createdAt: new Date(now).toISOString() };
    this.fanOut(userId, s, payload, NOTIFICATION_CHANNELS.filter((c) => s.channels[c].enabled));
  }

  private fanOut(userId: string, s: StoredSettings, payload: NotificationPayload, channels: readonly NotificationChannel[]) {
    for (const c of channels) {
      if (c === 'desktop') {
        this.deps.bus.emit(userId, 'notification', payload);
        this.record(userId, c, { ok: true, status: null, error: null });
        continue;
      }
      if (this.pending.size >= (this.deps.maxPending ?? 200)) {
        this.record(userId, c, { ok: false, status: null, error: 'dropped: too many notifications waiting to be delivered' });
        continue;
      }
      this.track(this.deliver(userId, c, s.channels[c], payload));
    }
  }

  /** Settings → Notifications "send test": one attempt per enabled (or the named) channel, answered with the outcome. */
  async test(userId: string, channel?: NotificationChannel): Promise<NotificationTestResultDto> {
    const s = await this.stored(userId);
    const channels = channel ? [channel] : NOTIFICATION_CHANNELS.filter((c) => s.channels[c].enabled);
    if (!channels.length) throw httpError(409, 'conflict', 'no notification channel is switched on');
    const now = this.now();
    const payload: NotificationPayload = { app: 'MileVault', id: randomUUID(), kind: 'test', title: 'MileVault test notification', message: 'Notifications from MileVault arrive here.', date: new Date(now).toISOString().slice(0, 10), severity: 'info', createdAt: new Date(now).toISOString() };
    const results: NotificationTestResultDto['results'] = [];
    for (const c of channels) {
      if (c === 'desktop') {
        this.deps.bus.emit(userId, 'notification', payload);
        const listening = this.deps.bus.listenerCount(userId) > 0;
        this.record(userId, c, { ok: listening, status: null, error: listening ? null : 'nobody was listening' });
        results.push({ channel: c, ok: listening, status: null, error: listening ? null : 'no desktop app or browser tab is listening right now' });
        continue;
      }
      const ch = s.channels[c];
      const problem = !ch.url ? `${c}: no URL set` : channelUrlProblem(c, ch.url);
      const r = problem ? { ok: false, status: null, error: problem } : await this.attempt(c, ch, payload);
      this.record(userId, c, r);
      results.push({ channel: c, ...r });
    }
    await this.statusChains.get(userId);
    return { results };
  }

  private async attempt(c: PushChannel, ch: StoredChannel, payload: NotificationPayload): Promise<{ ok: boolean; status: number | null; error: string | null }> {
    let token: string | null = null;
    try {
      token = ch.tokenSealed ? this.deps.encryptor.decrypt(ch.tokenSealed) : null;
    } catch {
      return { ok: false, status: null, error: 'the stored token cannot be read (server secret changed?): enter it again' };
    }
    const req = buildPush(c, { url: ch.url, token }, payload);
    const signal = AbortSignal.any([AbortSignal.timeout(this.deps.timeoutMs ?? 10_000), this.abort.signal]);
    try {
      const res = await (this.deps.fetch ?? fetch)(req.url, { method: 'POST', headers: req.headers, body: req.body, signal, redirect: 'error' });
      await res.body?.cancel().catch(() => {});
      if (res.ok) return { ok: true, status: res.status, error: null };
      return { ok: false, status: res.status, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      const timedOut = err.name === 'TimeoutError' || (signal.aborted && !this.abort.signal.aborted);
      return { ok: false, status: null, error: timedOut ? `no answer within ${(this.deps.timeoutMs ?? 10_000) / 1000} s` : `${err.message}${err.cause?.code ? ` (${err.cause.code})` : ''}` };
    }
  }

  private async deliver(userId: string, c: PushChannel, ch: StoredChannel, payload: NotificationPayload): Promise<void> {
    const backoff = this.deps.backoffMs ?? [2000, 15_000, 60_000];
    for (let i = 0; ; i++) {
      const r = await this.attempt(c, ch, payload);
      const permanent = r.status !== null && r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429;
      const last = r.ok || permanent || i >= backoff.length || this.abort.signal.aborted;
      if (last) {
        this.record(userId, c, r.ok ? r : { ...r, error: `${r.error} (gave up after ${i + 1} attempt${i ? 's' : ''})` });
        return;
      }
      this.record(userId, c, { ...r, error: `${r.error} (attempt ${i + 1}, retrying)` }, false);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, backoff[i]);
        t.unref?.();
        this.abort.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
    }
  }

  /** One channel's outcome into the user's status (writes per user in order). */
  private record(userId: string, c: NotificationChannel, r: { ok: boolean; status: number | null; error: string | null }, final = true) {
    const at = new Date(this.now()).toISOString();
    const next = (this.statusChains.get(userId) ?? Promise.resolve()).then(async () => {
      const all = (await this.deps.storage.sourceState.get<Partial<Record<NotificationChannel, ChannelStatusDto>>>(userId, STATUS_KEY)) ?? {};
      const cur = { ...EMPTY_STATUS, ...(all[c] ?? {}), lastAttemptAt: at };
      if (r.ok) Object.assign(cur, { lastSuccessAt: at, sent: cur.sent + 1 });
      else Object.assign(cur, { lastError: r.error, lastErrorAt: at, failed: cur.failed + (final ? 1 : 0) });
      await this.deps.storage.sourceState.put(userId, STATUS_KEY, { ...all, [c]: cur });
    });
    const tail = next.catch((e: unknown) => console.error(`[notify] status not saved: ${e instanceof Error ? e.message : String(e)}`));
    this.statusChains.set(userId, tail);
    this.track(tail);
  }

  private track(p: Promise<unknown>) {
    const q = p.catch((e: unknown) => console.error(`[notify] ${e instanceof Error ? e.message : String(e)}`)).finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  /** Resolves when every delivery (with its retries) has ended (tests, close). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Shutting down: retries stop waiting, requests in flight are aborted, status writes finish. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.settled();
  }
}
