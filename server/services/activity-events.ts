/**
 * In-process notifications when activities change, so derived data (records, load, routes,
 * segments, heatmap tiles, insights) updates without the import code knowing about it.
 * Handlers run in registration order and are awaited: when an import job reports "done", every
 * derived table is already up to date. A failing handler is logged and never fails the import.
 * Events of one user are handled one at a time: an import job stores several files at once, and
 * read-compare-write handlers (route clustering: "is there a route yet?") must not interleave, or
 * the same loop imported twice in parallel would found two routes.
 */
import type { DerivedActivity } from './derive.js';

/**
 * A just-imported activity as stored (name, sport via `derived.sport`, start, totals) plus the
 * analysis and track the parser worker derived for exactly this sport and start (derive.ts).
 */
export interface FreshImport {
  derived: DerivedActivity;
  name: string;
  /** The stored totals (null where unknown), as `activities.get` would return them. */
  totals: { distanceM: number | null; elapsedTimeS: number | null; movingTimeS: number | null; ascentM: number | null; descentM: number | null };
}

export type ActivityEvent =
  /** `fresh`: what the import just stored and derived, so handlers need not read it back. */
  | { type: 'imported'; userId: string; activityId: string; fresh?: FreshImport }
  | { type: 'updated'; userId: string; activityId: string; fields: string[] }
  | { type: 'deleted'; userId: string; activityId: string; startTime: string; sport: string };

export type ActivityEventHandler = (e: ActivityEvent) => Promise<void> | void;

export class ActivityEvents {
  private handlers: { name: string; fn: ActivityEventHandler }[] = [];

  on(name: string, fn: ActivityEventHandler): void {
    this.handlers.push({ name, fn });
  }

  private tails = new Map<string, Promise<void>>();

  emit(e: ActivityEvent): Promise<void> {
    const prev = this.tails.get(e.userId) ?? Promise.resolve();
    const next = prev.then(() => this.run(e));
    this.tails.set(e.userId, next);
    void next.then(() => {
      if (this.tails.get(e.userId) === next) this.tails.delete(e.userId);
    });
    return next;
  }

  private settlers: { name: string; fn: (userId: string) => Promise<void> }[] = [];

  /** Work a handler defers while events stream in (summed totals, insights), done on `settle`. */
  onSettle(name: string, fn: (userId: string) => Promise<void>): void {
    this.settlers.push({ name, fn });
  }

  /** Waits for the user's pending events, then runs every deferred step (an import job's end). */
  async settle(userId: string): Promise<void> {
    await (this.tails.get(userId) ?? Promise.resolve());
    for (const s of this.settlers) {
      try {
        await s.fn(userId);
      } catch (err) {
        console.error(`[events] ${s.name} failed to settle for ${userId}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** Wall time spent per handler (ms) and events handled: the bench's breakdown of derive cost. */
  readonly timings = new Map<string, { events: number; ms: number }>();

  private async run(e: ActivityEvent): Promise<void> {
    for (const h of this.handlers) {
      const t0 = performance.now();
      try {
        await h.fn(e);
      } catch (err) {
        console.error(`[events] ${h.name} failed on ${e.type} ${e.activityId}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const t = this.timings.get(h.name) ?? { events: 0, ms: 0 };
      t.events++;
      t.ms += performance.now() - t0;
      this.timings.set(h.name, t);
    }
  }
}
