import { createServer, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseSse, startDesktopNotifications } from './desktop-notifications.js';

describe('server-sent event parsing', () => {
  it('splits events, joins multi-line data, skips comments and keeps an unfinished event', () => {
    const { events, rest } = parseSse('retry: 3000\n: connected\n\nevent: job\ndata: {"a":1}\n\nevent: notification\ndata: line1\ndata: line2\r\n\r\nevent: notif');
    expect(events).toEqual([
      { event: 'job', data: '{"a":1}' },
      { event: 'notification', data: 'line1\nline2' },
    ]);
    expect(rest).toBe('event: notif');
  });
});

describe('desktop notifications from the event stream', () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    while (stops.length) stops.pop()!();
  });

  it('shows a system notification per `notification` event (real HTTP stream), ignores other events, reconnects after the stream ends', async () => {
    const streams: ServerResponse[] = [];
    const auth: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      auth.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('retry: 3000\n: connected\n\n');
      streams.push(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    stops.push(() => (server.closeAllConnections(), server.close()));
    const shown: { title: string; body: string }[] = [];
    const clicks = vi.fn();
    class FakeNotification {
      private handlers: (() => void)[] = [];
      constructor(readonly opts: { title: string; body: string }) {}
      on(_e: 'click', fn: () => void) {
        this.handlers.push(fn);
        return this;
      }
      show() {
        shown.push(this.opts);
        for (const h of this.handlers) h(); // as if clicked at once
      }
    }
    const n = startDesktopNotifications({ baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`, token: 'launch-token', Notification: FakeNotification, onClick: clicks, retryMs: 20 });
    stops.push(() => n.stop());
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    streams[0].write('event: job\ndata: {"id":"j1","status":"running"}\n\n');
    streams[0].write('event: notification\ndata: {"title":"3 new records from your history","message":"See Records"}\n\n');
    await vi.waitFor(() => expect(shown).toEqual([{ title: '3 new records from your history', body: 'See Records' }]));
    expect(clicks).toHaveBeenCalledTimes(1);
    expect(auth[0]).toBe('Bearer launch-token');
    // The server restarts the stream: the notifier reconnects and keeps showing.
    streams[0].end();
    await vi.waitFor(() => expect(streams).toHaveLength(2));
    streams[1].write('event: notification\ndata: {"title":"Backup failed","message":"disk full"}\n\n');
    await vi.waitFor(() => expect(n.shown).toBe(2));
  });
});
