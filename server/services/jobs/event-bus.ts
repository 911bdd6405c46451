/**
 * Server-sent events per user (issue 18): job progress, watched-folder results, sync status and
 * notifications are pushed to the UI instead of polled. Listeners never throw into the emitter.
 */
export interface ServerEvent {
  type: string;
  data: unknown;
}

type Listener = (e: ServerEvent) => void;

export class EventBus {
  private listeners = new Map<string, Set<Listener>>();

  subscribe(userId: string, fn: Listener): () => void {
    const set = this.listeners.get(userId) ?? new Set();
    set.add(fn);
    this.listeners.set(userId, set);
    return () => {
      set.delete(fn);
      if (!set.size) this.listeners.delete(userId);
    };
  }

  emit(userId: string, type: string, data: unknown): void {
    for (const fn of this.listeners.get(userId) ?? []) {
      try {
        fn({ type, data });
      } catch {
        // a closed stream: its own cleanup removes it
      }
    }
  }

  listenerCount(userId: string): number {
    return this.listeners.get(userId)?.size ?? 0;
  }
}
