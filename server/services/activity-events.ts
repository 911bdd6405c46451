/**
 * In-process notifications when activities change, so derived data (records, load, routes,
 * segments, heatmap tiles, insights) updates without the import code knowing about it.
 * Handlers run in registration order and are awaited: when an import job reports "done", every
 * derived table is already up to date. A failing handler is logged and never fails the import.
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

  async emit(e: ActivityEvent): Promise<void> {
    for (const h of this.handlers) {
      try {
        await h.fn(e);
      } catch (err) {
        console.error(`[events] ${h.name} failed on ${e.type} ${e.activityId}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
