/**
 * Desktop notifications (issue 18): the main process listens to the server's event stream
 * (GET /api/v1/events, server-sent events, bearer token) and shows a system Notification for each
 * `notification` event (new records, insights, failed jobs, syncs and backups). What notifies and
 * when is decided by the server (Settings → Notifications); this only displays. Reconnects with a
 * growing pause when the stream ends.
 */
export interface NotificationLike {
  show(): void;
  on(event: 'click', fn: () => void): unknown;
}
export type NotificationCtor = new (opts: { title: string; body: string; silent?: boolean }) => NotificationLike;

export interface SseEvent {
  event: string;
  data: string;
}

/** Splits a server-sent event stream into events; returns them and the unfinished rest. */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

export interface DesktopNotifierOptions {
  baseUrl: string;
  token: string;
  Notification: NotificationCtor;
  /** Focus the window when a notification is clicked. */
  onClick?: () => void;
  fetch?: typeof fetch;
  log?: (message: string, err?: unknown) => void;
  /** Pause before reconnecting (doubles to `maxRetryMs`). */
  retryMs?: number;
  maxRetryMs?: number;
}

export interface DesktopNotifier {
  stop(): void;
  /** Notifications shown so far (diagnostics and tests). */
  readonly shown: number;
}

export function startDesktopNotifications(opts: DesktopNotifierOptions): DesktopNotifier {
  const doFetch = opts.fetch ?? fetch;
  const abort = new AbortController();
  let shown = 0;
  let wait = opts.retryMs ?? 2000;

  function show(data: string) {
    let n: { title?: unknown; message?: unknown };
    try {
      n = JSON.parse(data) as typeof n;
    } catch {
      return;
    }
    if (typeof n.title !== 'string') return;
    const note = new opts.Notification({ title: n.title, body: typeof n.message === 'string' ? n.message : '' });
    if (opts.onClick) note.on('click', opts.onClick);
    note.show();
    shown++;
  }

  async function connectOnce(): Promise<void> {
    const res = await doFetch(new URL('/api/v1/events', opts.baseUrl), { headers: { accept: 'text/event-stream', authorization: `Bearer ${opts.token}` }, signal: abort.signal });
    if (!res.ok || !res.body) throw new Error(`event stream answered HTTP ${res.status}`);
    wait = opts.retryMs ?? 2000;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const { events, rest } = parseSse(buffer);
      buffer = rest;
      for (const e of events) if (e.event === 'notification') show(e.data);
    }
  }

  void (async () => {
    while (!abort.signal.aborted) {
      try {
        await connectOnce();
      } catch (err) {
        if (abort.signal.aborted) return;
        opts.log?.('desktop notifications: event stream', err);
      }
      if (abort.signal.aborted) return;
      await new Promise<void>((r) => {
        const t = setTimeout(r, wait);
        t.unref?.();
        abort.signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
      });
      wait = Math.min(wait * 2, opts.maxRetryMs ?? 60_000);
    }
  })();

  return {
    stop: () => abort.abort(),
    get shown() {
      return shown;
    },
  };
}
