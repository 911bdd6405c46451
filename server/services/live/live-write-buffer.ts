import type { LivePointRow, LiveRepo, LiveSessionTimes } from '../../storage/repos/live.repo.js';

/**
 * Points from every tracker are written together (issue 19: "points are written in batches"):
 * a request's points wait at most `flushMs` (or until `maxPoints` are queued) and go to the
 * database in one transaction with their sessions' new times. The request answers after its
 * batch committed, so a 200 to a tracker means the points are stored; `onFlushed` then pushes
 * them to viewers.
 */
export class LiveWriteBuffer {
  private points: LivePointRow[] = [];
  private sessions = new Map<string, LiveSessionTimes>();
  private waiters: { resolve(): void; reject(e: unknown): void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  /** Batches written and points per batch, for the bench. */
  readonly stats = { batches: 0, points: 0 };

  constructor(
    private readonly repo: LiveRepo,
    private readonly onFlushed: (points: LivePointRow[]) => void,
    private readonly opts: { flushMs: number; maxPoints: number } = { flushMs: 25, maxPoints: 2000 },
  ) {}

  add(points: LivePointRow[], sessions: LiveSessionTimes[]): Promise<void> {
    for (const p of points) this.points.push(p);
    for (const s of sessions) {
      const cur = this.sessions.get(s.id);
      this.sessions.set(s.id, cur ? { id: s.id, startedAtMs: Math.min(cur.startedAtMs, s.startedAtMs), lastPointMs: Math.max(cur.lastPointMs, s.lastPointMs), lastReceivedAtMs: Math.max(cur.lastReceivedAtMs, s.lastReceivedAtMs) } : { ...s });
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
      void this.flush();
    }, ms);
  }

  /** Writes what is queued (after any write under way); resolves when it is committed. */
  flush(): Promise<void> {
    const run = this.running.then(async () => {
      if (!this.points.length && !this.sessions.size) return;
      const points = this.points;
      const sessions = [...this.sessions.values()];
      const waiters = this.waiters;
      this.points = [];
      this.sessions = new Map();
      this.waiters = [];
      try {
        await this.repo.writeBatch(points, sessions);
        this.stats.batches++;
        this.stats.points += points.length;
      } catch (e) {
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

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }
}
