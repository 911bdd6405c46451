import type { LivePointRow, LiveRepo, LiveSessionTimes } from '../../storage/repos/live.repo.js';

export interface LiveWriteBufferOptions {
  /** A request's points wait at most this long for the shared batch. */
  flushMs: number;
  /** A batch this large is written at once. */
  maxPoints: number;
  /**
   * A session's stored times (first/last point, last received) are rewritten at most this often
   * (ms), except when its first point moves earlier. 0 writes them with every batch.
   */
  sessionWriteMs?: number;
}

/**
 * Points from every tracker are written together (issue 19: "points are written in batches"):
 * a request's points wait at most `flushMs` (or until `maxPoints` are queued) and go to the
 * database in one transaction. The request answers after its batch committed, so a 200 to a
 * tracker means the points are stored; `onFlushed` then pushes them to viewers.
 *
 * Session times are coalesced: with 1,000 trackers every batch touched ~1,000 session rows
 * (10,000 row updates a second at 10 batches a second — as much work for PostgreSQL as the
 * points themselves). They are written at most every `sessionWriteMs` per session; the service
 * answers reads from its in-memory copy, and after a restart the last point is read from the
 * points (`LiveService.load`), so the only lag is in `last_received_at_ms` and `last_point_ms`
 * columns by at most `sessionWriteMs` — against an inactivity gap of minutes and a retention of
 * hours. `close()` writes everything pending.
 */
export class LiveWriteBuffer {
  private points: LivePointRow[] = [];
  /** Session times not yet stored. */
  private pending = new Map<string, LiveSessionTimes>();
  /** What was last stored per session, and when. */
  private stored = new Map<string, { startedAtMs: number; atMs: number }>();
  private waiters: { resolve(): void; reject(e: unknown): void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sessionTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  /** Batches written, points and session-row writes, for the bench. */
  readonly stats = { batches: 0, points: 0, sessionWrites: 0 };
  private readonly sessionWriteMs: number;

  constructor(
    private readonly repo: LiveRepo,
    private readonly onFlushed: (points: LivePointRow[]) => void,
    private readonly opts: LiveWriteBufferOptions = { flushMs: 25, maxPoints: 2000 },
    private readonly now: () => number = Date.now,
  ) {
    this.sessionWriteMs = Math.max(0, opts.sessionWriteMs ?? 5_000);
  }

  add(points: LivePointRow[], sessions: LiveSessionTimes[]): Promise<void> {
    for (const p of points) this.points.push(p);
    for (const s of sessions) {
      const cur = this.pending.get(s.id);
      this.pending.set(s.id, cur ? { id: s.id, startedAtMs: Math.min(cur.startedAtMs, s.startedAtMs), lastPointMs: Math.max(cur.lastPointMs, s.lastPointMs), lastReceivedAtMs: Math.max(cur.lastReceivedAtMs, s.lastReceivedAtMs) } : { ...s });
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.points.length >= this.opts.maxPoints) this.flushSoon(0);
    else this.flushSoon(this.opts.flushMs);
    return done;
  }

  private flushSoon(ms: number) {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().catch(() => undefined);
    }, ms);
  }

  /** Session times due now (all of them when `all`); the rest stay pending. */
  private dueSessions(all: boolean): LiveSessionTimes[] {
    const now = this.now();
    const due: LiveSessionTimes[] = [];
    for (const [id, s] of this.pending) {
      const last = this.stored.get(id);
      if (all || !last || s.startedAtMs < last.startedAtMs || now - last.atMs >= this.sessionWriteMs) {
        due.push(s);
        this.pending.delete(id);
      }
    }
    if (this.pending.size && !this.sessionTimer) {
      // Nothing may stay pending for ever when the trackers go quiet.
      this.sessionTimer = setTimeout(() => {
        this.sessionTimer = null;
        void this.flush().catch(() => undefined);
      }, this.sessionWriteMs);
      this.sessionTimer.unref?.();
    }
    return due;
  }

  /** Writes what is queued (after any write under way); resolves when it is committed. */
  flush(all = false): Promise<void> {
    const run = this.running.then(async () => {
      const sessions = this.dueSessions(all);
      if (!this.points.length && !sessions.length) {
        for (const w of this.waiters.splice(0)) w.resolve();
        return;
      }
      const points = this.points;
      const waiters = this.waiters;
      this.points = [];
      this.waiters = [];
      try {
        await this.repo.writeBatch(points, sessions);
        this.stats.batches++;
        this.stats.points += points.length;
        this.stats.sessionWrites += sessions.length;
        const at = this.now();
        for (const s of sessions) this.stored.set(s.id, { startedAtMs: s.startedAtMs, atMs: at });
      } catch (e) {
        // The session times go back to pending: a later batch stores them.
        for (const s of sessions) if (!this.pending.has(s.id)) this.pending.set(s.id, s);
        for (const w of waiters) w.reject(e);
        return;
      }
      for (const w of waiters) w.resolve();
      try {
        this.onFlushed(points);
      } catch (e) {
        console.error(`[live] pushing to viewers failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Forgets what was stored for sessions that are gone (retention), so the map stays bounded. */
  forget(sessionIds: Iterable<string>) {
    for (const id of sessionIds) {
      this.stored.delete(id);
      this.pending.delete(id);
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    this.timer = null;
    this.sessionTimer = null;
    await this.flush(true);
  }
}
