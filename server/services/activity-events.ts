/**
 * In-process notifications when activities change, so derived data (records, load, routes,
 * segments, heatmap tiles, insights) updates without the import code knowing about it.
 * Handlers run in registration order and are awaited: when an import job reports "done", every
 * derived table is already up to date. A failing handler is logged and never fails the import.
 * Events of one user are handled one at a time: an import job stores several files at once, and
 * read-compare-write handlers (route clustering: "is there a route yet?") must not interleave, or
 * the same loop imported twice in parallel would found two routes.
 */
export type ActivityEvent =
  | { type: 'imported'; userId: string; activityId: string }
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

  private async run(e: ActivityEvent): Promise<void> {
    for (const h of this.handlers) {
      try {
        await h.fn(e);
      } catch (err) {
        console.error(`[events] ${h.name} failed on ${e.type} ${e.activityId}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
