import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { LiveIngestResultDto, LivePlanDto, LiveSessionDto, LiveTokenCreatedDto, LiveTokenDto, LiveViewDto, LiveViewPoint, LiveViewSession } from '../../../shared/live-api.js';
import type { Storage } from '../../storage/port.js';
import type { LivePointRow, LiveSessionRow, LiveSessionTimes } from '../../storage/repos/live.repo.js';
import { fixProblem, isJumpFrom } from './fix-validation.js';
import { LiveHub, type LiveSubscriber } from './live-hub.js';
import { LivePlans, type PlanSource } from './live-plans.js';
import { LiveWriteBuffer } from './live-write-buffer.js';
import type { TrackerFix, TrackerRequest } from './tracker-protocols.js';

export interface LiveOptions {
  /** Points older than this are deleted (MILEVAULT_LIVE_RETENTION_H, default 48 h). */
  retentionMs: number;
  /** A session ends after this long without a point (default 30 min). */
  inactivityMs: number;
  /** A new share link is valid this long (default 72 h). */
  shareTtlMs: number;
  /** MILEVAULT_PUBLIC_URL: share links get an absolute URL too. */
  publicUrl?: string;
  clock?: () => number;
  /** Write-batching window (LiveWriteBuffer). */
  flushMs?: number;
}

/** Consistent fixes refused as jumps in a row after which the last one is accepted. */
export const JUMP_RESET = 3;

/** Points per page of the share endpoint / WebSocket snapshot (a 10 h ride at 1 Hz is 36,000). */
export const VIEW_PAGE = 50_000;

interface TokenState {
  tokenId: string;
  userId: string;
  session: LiveSessionRow | null;
  /** The session's latest accepted point (by time), the reference for the jump check. */
  last: { tMs: number; lat: number; lon: number } | null;
  loaded: boolean;
  /** Fixes refused as jumps in a row that agree with each other (see JUMP_RESET). */
  jumps: { count: number; last: TrackerFix } | null;
  /** When `last_used_at_ms` was last written (at most once a minute, not on every fix). */

  touchedAtMs: number;
}

export function hashLiveToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function httpError(status: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode: status, code });
}

export function toViewPoint(p: LivePointRow): LiveViewPoint {
  return { t: p.tMs, lat: p.lat, lon: p.lon, altM: p.altitudeM, speedMps: p.speedMps, headingDeg: p.headingDeg, hrBpm: p.hrBpm };
}

/**
 * Live sharing (issue 19): tracker tokens, sessions started by the first point and ended by a stop
 * or inactivity, validated and batched point writes, share links, and pushes to viewers.
 */
export class LiveService {
  readonly hub = new LiveHub();
  readonly buffer: LiveWriteBuffer;
  readonly plans: LivePlans;
  private readonly storage: Storage;
  private readonly now: () => number;
  private tokens = new Map<string, TokenState | null>();
  private states = new Map<string, TokenState>();
  private chains = new Map<string, Promise<unknown>>();
  /** Sessions written to by this process, for pushing fresh stats with each batch. */
  private sessionMeta = new Map<string, LiveSessionRow>();

  constructor(storage: Storage, readonly opts: LiveOptions) {
    this.storage = storage;
    this.now = opts.clock ?? Date.now;
    this.plans = new LivePlans(storage, this.now);
    this.buffer = new LiveWriteBuffer(storage.live, (points) => this.pushToViewers(points), { flushMs: opts.flushMs ?? 25, maxPoints: 2000 });
  }

  // ── tokens ────────────────────────────────────────────────────────────────────────────────

  async createToken(userId: string, name: string): Promise<LiveTokenCreatedDto> {
    const token = `mvl_${randomBytes(24).toString('base64url')}`;
    const row = { id: randomUUID(), userId, name: name || 'Phone', tokenHash: hashLiveToken(token), createdAtMs: this.now() };
    await this.storage.live.createToken(row);
    const t = encodeURIComponent(token);
    return {
      id: row.id,
      name: row.name,
      createdAtMs: row.createdAtMs,
      lastUsedAtMs: null,
      revokedAtMs: null,
      token,
      urls: {
        osmand: `/api/v1/live/osmand?id=${t}`,
        gpslogger: `/api/v1/live/osmand?id=${t}&speedUnit=mps&lat=%LAT&lon=%LON&timestamp=%TIMESTAMP&altitude=%ALT&speed=%SPD&bearing=%DIR&accuracy=%ACC&batt=%BATT`,
        owntracks: `/api/v1/live/owntracks?token=${t}`,
      },
    };
  }

  async listTokens(userId: string): Promise<LiveTokenDto[]> {
    return (await this.storage.live.listTokens(userId)).map(({ id, name, createdAtMs, lastUsedAtMs, revokedAtMs }) => ({ id, name, createdAtMs, lastUsedAtMs, revokedAtMs }));
  }

  async revokeToken(userId: string, id: string): Promise<boolean> {
    const ok = await this.storage.live.revokeToken(userId, id, this.now());
    if (ok) {
      for (const [hash, st] of this.tokens) if (st?.tokenId === id) this.tokens.delete(hash);
      this.states.delete(id);
    }
    return ok;
  }

  /** The token's owner, or null for an unknown or revoked token (cached; revocation clears it). */
  async authenticate(raw: string | undefined): Promise<TokenState | null> {
    if (!raw || raw.length > 200) return null;
    const hash = hashLiveToken(raw);
    const cached = this.tokens.get(hash);
    if (cached) {
      const now = this.now();
      if (now - cached.touchedAtMs > 60_000) {
        cached.touchedAtMs = now;
        await this.storage.live.touchToken(cached.tokenId, now);
      }
      return cached;
    }
    const row = await this.storage.live.tokenByHash(hash);
    const st = row && row.revokedAtMs === null ? (this.states.get(row.id) ?? { tokenId: row.id, userId: row.userId, session: null, last: null, loaded: false, touchedAtMs: 0, jumps: null }) : null;
    if (st) this.states.set(st.tokenId, st);
    // Unknown tokens are not cached: a flood of random ones must not grow the map.
    if (st) this.tokens.set(hash, st);
    if (row && st) {
      st.touchedAtMs = this.now();
      await this.storage.live.touchToken(row.id, st.touchedAtMs);
    }
    return st;
  }

  // ── ingest ────────────────────────────────────────────────────────────────────────────────

  /** Validates and stores one request's fixes; null when the token is not valid. */
  async ingest(req: TrackerRequest): Promise<LiveIngestResultDto | null> {
    const st = await this.authenticate(req.token);
    if (!st) return null;
    // One request at a time per token: two batches must not both open a new session.
    const prev = this.chains.get(st.tokenId) ?? Promise.resolve();
    const run = prev.then(() => this.ingestLocked(st, req));
    const tail = run.catch(() => undefined);
    this.chains.set(st.tokenId, tail);
    void tail.then(() => {
      if (this.chains.get(st.tokenId) === tail) this.chains.delete(st.tokenId);
    });
    const { result, written } = await run;
    await written;
    return result;
  }

  private async ingestLocked(st: TokenState, req: TrackerRequest): Promise<{ result: LiveIngestResultDto; written: Promise<void> }> {
    const now = this.now();
    const rejected: LiveIngestResultDto['rejected'] = [];
    const good: { index: number; fix: TrackerFix }[] = [];
    req.items.forEach((it, index) => {
      if ('problem' in it) return void rejected.push({ index, reason: it.problem });
      const problem = fixProblem(it.fix, now, this.opts.retentionMs);
      if (problem) rejected.push({ index, reason: problem });
      else good.push({ index, fix: it.fix });
    });
    good.sort((a, b) => a.fix.tMs - b.fix.tMs);
    if (!st.loaded) await this.load(st);
    const rows: LivePointRow[] = [];
    const times = new Map<string, LiveSessionTimes>();
    const seen = new Set<string>();
    for (const { index, fix } of good) {
      const session = await this.sessionFor(st, fix.tMs, now);
      const key = `${session.id}:${fix.tMs}`;
      if (seen.has(key)) continue; // the same time twice in one request: the first wins, as in storage
      seen.add(key);
      const current = st.session?.id === session.id;
      const ref = current && st.last && fix.tMs > st.last.tMs ? st.last : await this.storage.live.pointBefore(session.id, fix.tMs);
      if (isJumpFrom(ref, fix)) {
        // Several fixes in a row that agree with each other but not with the reference: the
        // reference was the outlier (a bad first fix), and the athlete really is here.
        const run = st.jumps;
        st.jumps = current && run && fix.tMs > run.last.tMs && !isJumpFrom(run.last, fix) ? { count: run.count + 1, last: fix } : current ? { count: 1, last: fix } : run;
        if (!current || st.jumps!.count < JUMP_RESET) {
          rejected.push({ index, reason: 'implausible_jump' });
          continue;
        }
      }
      if (current) st.jumps = null;
      rows.push({ sessionId: session.id, ...fix, receivedAtMs: now });
      if (current && (!st.last || fix.tMs > st.last.tMs)) st.last = { tMs: fix.tMs, lat: fix.lat, lon: fix.lon };
      const t = times.get(session.id) ?? { id: session.id, startedAtMs: fix.tMs, lastPointMs: fix.tMs, lastReceivedAtMs: now };
      t.startedAtMs = Math.min(t.startedAtMs, fix.tMs);
      t.lastPointMs = Math.max(t.lastPointMs, fix.tMs);
      times.set(session.id, t);
      session.startedAtMs = Math.min(session.startedAtMs, fix.tMs);
      session.lastPointMs = Math.max(session.lastPointMs, fix.tMs);
      session.lastReceivedAtMs = now;
      this.sessionMeta.set(session.id, session);
    }
    rejected.sort((a, b) => a.index - b.index);
    const written = rows.length ? this.buffer.add(rows, [...times.values()]) : Promise.resolve();
    return { result: { accepted: rows.length, rejected }, written };
  }

  private async load(st: TokenState) {
    st.session = await this.storage.live.latestSession(st.tokenId);
    const last = st.session ? await this.storage.live.pointBefore(st.session.id, Number.MAX_SAFE_INTEGER) : null;
    st.last = last ? { tMs: last.tMs, lat: last.lat, lon: last.lon } : null;
    st.loaded = true;
  }

  /**
   * The session a fix at `tMs` belongs to: the current one while it is not stopped and the fix is
   * within the inactivity gap of it (queued points from before its start too); an older session of
   * the token that covers a late queued fix; otherwise a new session starts with this fix.
   */
  private async sessionFor(st: TokenState, tMs: number, now: number): Promise<LiveSessionRow> {
    const gap = this.opts.inactivityMs;
    const s = st.session;
    if (s) {
      const open = s.endedAtMs === null;
      if (open && tMs <= s.lastPointMs + gap && tMs >= s.startedAtMs - gap) return s;
      if (!open && tMs <= s.endedAtMs! && tMs >= s.startedAtMs - gap) return s;
      if (tMs < s.startedAtMs - gap) {
        await this.buffer.flush(true); // rare (a queued fix from before this session): stored spans current first
        const older = await this.storage.live.sessionCovering(st.tokenId, tMs, gap);
        if (older) return this.sessionMeta.get(older.id) ?? older;
      }
      if (open) {
        // Inactive: this session is over; the fix opens the next one.
        await this.storage.live.endSession(st.userId, s.id, s.lastPointMs + gap, 'inactive');
        s.endedAtMs = s.lastPointMs + gap;
        s.endReason = 'inactive';
      }
    }
    const row: LiveSessionRow = {
      id: randomUUID(),
      userId: st.userId,
      tokenId: st.tokenId,
      startedAtMs: tMs,
      lastPointMs: tMs,
      lastReceivedAtMs: now,
      endedAtMs: null,
      endReason: null,
      shareToken: randomBytes(24).toString('base64url'),
      shareExpiresAtMs: now + this.opts.shareTtlMs,
      shareRevokedAtMs: null,
      activityId: null,
      createdAtMs: now,
    };
    await this.storage.live.createSession(row);
    if (!s || tMs > s.startedAtMs) {
      st.session = row;
      st.last = null;
    }
    return row;
  }

  // ── sessions and shares (the athlete) ──────────────────────────────────────────────────────

  private isActive(s: LiveSessionRow, now: number): boolean {
    return s.endedAtMs === null && now - s.lastReceivedAtMs <= this.opts.inactivityMs;
  }

  private shareOf(s: LiveSessionRow, now: number): LiveSessionDto['share'] {
    const url = `/#/live/${s.shareToken}`;
    return { token: s.shareToken, url, absoluteUrl: this.opts.publicUrl ? `${this.opts.publicUrl}${url}` : null, expiresAtMs: s.shareExpiresAtMs, revoked: s.shareRevokedAtMs !== null, expired: s.shareExpiresAtMs <= now };
  }

  async listSessions(userId: string, limit: number): Promise<LiveSessionDto[]> {
    const now = this.now();
    return (await this.storage.live.listSessions(userId, limit)).map((r) => {
      const s = this.sessionMeta.get(r.id) ?? r;
      return {
        id: r.id,
        tokenId: r.tokenId,
        startedAtMs: s.startedAtMs,
        lastPointMs: s.lastPointMs,
        lastReceivedAtMs: s.lastReceivedAtMs,
        endedAtMs: r.endedAtMs,
        endReason: r.endReason,
        active: this.isActive({ ...r, lastReceivedAtMs: s.lastReceivedAtMs }, now),
        pointCount: r.pointCount,
        activityId: r.activityId,
        share: this.shareOf(r, now),
        plan: r.planName === null ? null : { name: r.planName, distanceM: r.planDistanceM ?? 0 },
      };
    });
  }

  private async ownSession(userId: string, id: string): Promise<LiveSessionRow> {
    const s = await this.storage.live.getSession(userId, id);
    if (!s) throw httpError(404, 'not_found', 'no such live session');
    return s;
  }

  private forget(sessionId: string, patch: Partial<LiveSessionRow>) {
    const meta = this.sessionMeta.get(sessionId);
    if (meta) Object.assign(meta, patch);
    for (const st of this.states.values()) if (st.session?.id === sessionId) Object.assign(st.session, patch);
  }

  async stopSession(userId: string, id: string): Promise<void> {
    await this.ownSession(userId, id);
    await this.buffer.flush(true);
    const at = this.now();
    if (await this.storage.live.endSession(userId, id, at, 'stopped')) this.forget(id, { endedAtMs: at, endReason: 'stopped' });
    const s = await this.ownSession(userId, id);
    this.hub.publish(id, { type: 'points', points: [], session: this.viewSession(s, this.now()), serverNowMs: this.now() });
  }

  /** A new share link for the session (the old one stops working). */
  async reshare(userId: string, id: string, expiresInH?: number): Promise<LiveSessionDto['share']> {
    await this.ownSession(userId, id);
    const now = this.now();
    const share = { shareToken: randomBytes(24).toString('base64url'), shareExpiresAtMs: now + (expiresInH ? expiresInH * 3600_000 : this.opts.shareTtlMs), shareRevokedAtMs: null };
    await this.storage.live.setShare(userId, id, share);
    this.forget(id, share);
    this.hub.publish(id, { type: 'gone', reason: 'revoked' });
    return this.shareOf(await this.ownSession(userId, id), now);
  }

  async revokeShare(userId: string, id: string): Promise<void> {
    const s = await this.ownSession(userId, id);
    const patch = { shareToken: s.shareToken, shareExpiresAtMs: s.shareExpiresAtMs, shareRevokedAtMs: this.now() };
    await this.storage.live.setShare(userId, id, patch);
    this.forget(id, patch);
    this.hub.publish(id, { type: 'gone', reason: 'revoked' });
  }

  /** Attaches a planned route to the athlete's session; viewers get it pushed. */
  async attachPlan(userId: string, id: string, src: PlanSource): Promise<LivePlanDto> {
    await this.ownSession(userId, id);
    const dto = await this.plans.attach(userId, id, src);
    this.hub.publish(id, { type: 'plan', plan: await this.plans.view(id) });
    return dto;
  }

  async detachPlan(userId: string, id: string): Promise<void> {
    await this.ownSession(userId, id);
    if (!(await this.plans.detach(userId, id))) throw httpError(404, 'not_found', 'this live session has no planned route');
    this.hub.publish(id, { type: 'plan', plan: null });
  }

  // ── viewers (public, by share token) ──────────────────────────────────────────────────────

  /** The session behind a share link, or a 404/410 error: unknown, revoked or expired links. */
  async shared(shareToken: string): Promise<LiveSessionRow> {
    const s = await this.storage.live.sessionByShareToken(shareToken);
    if (!s) throw httpError(404, 'not_found', 'no live session behind this link');
    if (s.shareRevokedAtMs !== null) throw httpError(410, 'revoked', 'this live link was revoked');
    if (s.shareExpiresAtMs <= this.now()) throw httpError(410, 'expired', 'this live link has expired');
    return this.sessionMeta.get(s.id) ?? s;
  }

  viewSession(s: LiveSessionRow, now: number): LiveViewSession {
    const inactive = s.endedAtMs === null && now - s.lastReceivedAtMs > this.opts.inactivityMs;
    return {
      startedAtMs: s.startedAtMs,
      lastPointMs: s.lastPointMs,
      lastReceivedAtMs: s.lastReceivedAtMs,
      ended: s.endedAtMs !== null || inactive,
      endReason: s.endedAtMs !== null ? (s.endReason === 'stopped' ? 'stopped' : 'inactive') : inactive ? 'inactive' : null,
      shareExpiresAtMs: s.shareExpiresAtMs,
    };
  }

  /** What a viewer sees: only this session's trail and state, never the athlete's other data. */
  /**
   * `since`: the last point time the viewer has; `after`: the `serverNowMs` of the last message it
   * got, so points a tracker queued (older than `since`) that arrived meanwhile come too. Five
   * seconds of slack cover a batch that was being written while that message was made.
   */
  async view(shareToken: string, since: number | null, limit = VIEW_PAGE, after: number | null = null, withPlan = since === null): Promise<Omit<LiveViewDto, 'tileUrl' | 'tileAttribution'> & { sessionId: string }> {
    const s = await this.shared(shareToken);
    const rows = await this.storage.live.points(s.id, since, limit + 1, after === null ? null : after - 5000);
    const now = this.now();
    return {
      sessionId: s.id,
      session: this.viewSession(s, now),
      ...(withPlan ? { plan: await this.plans.view(s.id) } : {}),
      points: rows.slice(0, limit).map(toViewPoint),
      more: rows.length > limit,
      serverNowMs: now,
    };
  }

  subscribe(sessionId: string, sub: LiveSubscriber & { raw?: (s: string) => void }): () => void {
    return this.hub.subscribe(sessionId, sub);
  }

  private pushToViewers(points: LivePointRow[]) {
    const by = new Map<string, LivePointRow[]>();
    for (const p of points) {
      if (!this.hub.has(p.sessionId)) continue;
      const list = by.get(p.sessionId);
      if (list) list.push(p);
      else by.set(p.sessionId, [p]);
    }
    const now = this.now();
    for (const [id, list] of by) {
      const meta = this.sessionMeta.get(id);
      if (!meta) continue;
      if (meta.shareRevokedAtMs !== null || meta.shareExpiresAtMs <= now) {
        this.hub.publish(id, { type: 'gone', reason: meta.shareRevokedAtMs !== null ? 'revoked' : 'expired' });
        continue;
      }
      list.sort((a, b) => a.tMs - b.tMs);
      this.hub.publish(id, { type: 'points', points: list.map(toViewPoint), session: this.viewSession(meta, now), serverNowMs: now });
    }
  }

  // ── retention and joining ──────────────────────────────────────────────────────────────────

  /** Deletes points and sessions older than the retention window (the scheduled job calls this). */
  async sweep(): Promise<{ sessions: number; points: number }> {
    await this.buffer.flush(true);
    const cutoff = this.now() - this.opts.retentionMs;
    const res = await this.storage.live.deleteOlderThan(cutoff);
    if (res.sessions) this.plans.forget();
    for (const [id, s] of this.sessionMeta) {
      if (s.lastPointMs >= cutoff) continue;
      this.sessionMeta.delete(id);
      this.buffer.forget([id]);
    }
    for (const st of this.states.values()) {
      if (st.session && st.session.lastPointMs < cutoff) {
        st.session = null;
        st.last = null;
      }
    }
    return res;
  }

  /** A recorded activity covering a live session's span: the session links to it. */
  async linkImported(userId: string, activityId: string, startMs: number, endMs: number): Promise<string[]> {
    const linked: string[] = [];
    await this.buffer.flush(true); // the stored spans must be current (session times are coalesced)
    for (const s of await this.storage.live.sessionsOverlapping(userId, startMs, endMs)) {
      const overlap = Math.min(s.lastPointMs, endMs) - Math.max(s.startedAtMs, startMs);
      const span = Math.max(1, s.lastPointMs - s.startedAtMs);
      // Most of the live session lies inside the recording (a warm-up before pressing start is fine).
      if (overlap / span < 0.5) continue;
      await this.storage.live.linkActivity(userId, s.id, activityId);
      this.forget(s.id, { activityId });
      linked.push(s.id);
    }
    return linked;
  }

  async unlinkDeleted(userId: string, activityId: string, startMs: number): Promise<void> {
    for (const s of await this.storage.live.sessionsOverlapping(userId, startMs - 86_400_000, startMs + 86_400_000)) {
      if (s.activityId === activityId) await this.storage.live.linkActivity(userId, s.id, null);
    }
  }

  async close(): Promise<void> {
    await this.buffer.close();
  }
}
