/**
 * A version of each athlete's data that moves on every change, for the per-user read cache
 * (issue 14, plugins/user-read-cache.ts). Three sources, so no writer is missed:
 * - `bump`: this process's writes (every activity event, every non-GET request of the user);
 * - `extra`: counters other services keep (the analysis generation, moved by imports, flushes
 *   and recomputes that run in the background);
 * - `readVersion`: a fingerprint read from the database (activity and track counts, latest
 *   `updated_at_ms`), trusted for `freshnessMs` (1 s): a CLI importing into the same database
 *   from another process shows up within a second, as in the heatmap tile cache.
 */
export interface UserDataVersionsOptions {
  readVersion: (userId: string) => Promise<string>;
  extra?: (userId: string) => string | number;
  freshnessMs?: number;
  now?: () => number;
}

const MAX_USERS = 10_000;
/** Past this share of `freshnessMs`, a use of the fingerprint starts the next read (see databaseVersion). */
const READ_AHEAD = 0.75;

export class UserDataVersions {
  private local = new Map<string, number>();
  private fromDb = new Map<string, { version: string; checkedAtMs: number; pending?: Promise<string> }>();
  private readonly freshnessMs: number;
  private readonly now: () => number;

  constructor(private readonly o: UserDataVersionsOptions) {
    this.freshnessMs = o.freshnessMs ?? 1000;
    this.now = o.now ?? Date.now;
  }

  bump(userId: string): void {
    this.local.set(userId, (this.local.get(userId) ?? 0) + 1);
    if (this.local.size > MAX_USERS) this.local.delete(this.local.keys().next().value!);
  }

  /** What this process knows without the database: moves at once on its own writes. */
  localPart(userId: string): string {
    return `${this.local.get(userId) ?? 0}.${this.o.extra ? this.o.extra(userId) : ''}`;
  }

  async current(userId: string): Promise<string> {
    return `${this.localPart(userId)}|${await this.databaseVersion(userId)}`;
  }

  /**
   * The database fingerprint alone, read at most once per `freshnessMs` per user: the heatmap's
   * tile cache takes it from here too, so a browsing athlete costs one read a second, not two.
   *
   * Read ahead: a request in the last quarter of the window gets the value it has (still fresh)
   * and starts the next read in the background, so an athlete who keeps browsing never waits for
   * it. On PostgreSQL a request that did wait queued for a pool connection behind other athletes'
   * activity pages: 50 athletes made 50 such requests a second, and they were the p99 of pages
   * answered from the read cache (issue 14, session 7). A value is never used beyond
   * `freshnessMs` after its read started.
   */
  async databaseVersion(userId: string): Promise<string> {
    const known = this.fromDb.get(userId);
    const now = this.now();
    const age = known ? now - known.checkedAtMs : Infinity;
    if (known && age < this.freshnessMs) {
      if (!known.pending && age >= this.freshnessMs * READ_AHEAD) void this.read(userId, known).catch(() => {});
      return known.version;
    }
    if (known?.pending) return known.pending;
    return this.read(userId, known);
  }

  /** One read per user at a time: a burst of requests waits for the same answer. */
  private read(userId: string, known: { version: string; checkedAtMs: number } | undefined): Promise<string> {
    const startedAtMs = this.now();
    const pending = this.o.readVersion(userId).then(
      (version) => {
        this.fromDb.set(userId, { version, checkedAtMs: startedAtMs });
        if (this.fromDb.size > MAX_USERS) this.fromDb.delete(this.fromDb.keys().next().value!);
        return version;
      },
      (e: unknown) => {
        // A failed read ahead leaves the known value to expire; the next read is a request's own.
        const still = this.fromDb.get(userId);
        if (still?.pending === pending) {
          if (known && known.version !== '') this.fromDb.set(userId, { version: known.version, checkedAtMs: known.checkedAtMs });
          else this.fromDb.delete(userId);
        }
        throw e;
      },
    );
    this.fromDb.set(userId, { version: known?.version ?? '', checkedAtMs: known?.checkedAtMs ?? -Infinity, pending });
    return pending;
  }
}
