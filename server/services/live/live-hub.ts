import type { LiveViewMessage } from '../../../shared/live-api.js';

/** Something that receives a viewer's messages (a WebSocket, a test). */
export interface LiveSubscriber {
  send(msg: LiveViewMessage): void;
}

/**
 * Viewers per session, in this process. A message is serialised once per session and the same
 * string goes to every viewer (1,000 viewers of one athlete cost one JSON.stringify per batch).
 */
export class LiveHub {
  private subs = new Map<string, Set<LiveSubscriber & { raw?: (s: string) => void }>>();

  subscribe(sessionId: string, s: LiveSubscriber & { raw?: (s: string) => void }): () => void {
    let set = this.subs.get(sessionId);
    if (!set) this.subs.set(sessionId, (set = new Set()));
    set.add(s);
    return () => {
      set.delete(s);
      if (!set.size && this.subs.get(sessionId) === set) this.subs.delete(sessionId);
    };
  }

  has(sessionId: string): boolean {
    return this.subs.has(sessionId);
  }

  viewers(): number {
    let n = 0;
    for (const s of this.subs.values()) n += s.size;
    return n;
  }

  publish(sessionId: string, msg: LiveViewMessage): void {
    const set = this.subs.get(sessionId);
    if (!set) return;
    let text: string | undefined;
    for (const s of [...set]) {
      try {
        if (s.raw) s.raw((text ??= JSON.stringify(msg)));
        else s.send(msg);
      } catch {
        set.delete(s);
      }
    }
  }
}
