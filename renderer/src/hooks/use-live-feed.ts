import { useEffect, useRef, useState } from 'react';
import { mergeLivePoints, type LivePlanView, type LiveViewDto, type LiveViewMessage, type LiveViewPoint, type LiveViewSession } from '../../../shared/live-api';

export interface LiveFeed {
  points: LiveViewPoint[];
  session: LiveViewSession | null;
  tileUrl: string | null;
  tileAttribution: string | null;
  /** Server clock minus ours, so "updated N s ago" is right on a phone with a wrong clock. */
  clockSkewMs: number;
  transport: 'connecting' | 'websocket' | 'polling';
  gone: 'revoked' | 'expired' | 'not_found' | null;
  /** The planned route under the trail, when the athlete attached one. */
  plan: LivePlanView | null;
}

const POLL_MS = 5000;

/**
 * A share link's trail, kept current: a WebSocket pushes new points; when it drops (proxies
 * that refuse upgrades, a phone switching networks) the page polls every 5 s and retries the
 * socket with backoff. Every (re)connect and poll sends `since` = the last point seen and
 * `after` = the server time of the last answer, so late queued points are not skipped either;
 * points are merged by time.
 */
export function useLiveFeed(shareToken: string): LiveFeed {
  const [feed, setFeed] = useState<LiveFeed>({ points: [], session: null, tileUrl: null, tileAttribution: null, clockSkewMs: 0, transport: 'connecting', gone: null, plan: null });
  const lastT = useRef<number | null>(null);
  /** Server time of the last answer: points a tracker queued and sent late come with `after`. */
  const lastServerNow = useRef<number | null>(null);

  useEffect(() => {
    let stopped = false;
    let ws: WebSocket | null = null;
    let pollTimer: number | undefined;
    let retryTimer: number | undefined;
    let backoff = 1000;
    // Relative, like every API call of the renderer (the app may sit under a proxy's sub-path).
    const base = `api/v1/live/share/${encodeURIComponent(shareToken)}`;

    const apply = (points: LiveViewPoint[], session: LiveViewSession, serverNowMs: number, extra: Partial<LiveFeed> = {}) => {
      setFeed((f) => {
        const merged = mergeLivePoints(f.points, points);
        const last = merged[merged.length - 1];
        if (last) lastT.current = last.t;
        lastServerNow.current = serverNowMs;
        return { ...f, ...extra, points: merged, session, clockSkewMs: serverNowMs - Date.now() };
      });
    };
    const since = () => (lastT.current === null ? '' : `?since=${lastT.current}${lastServerNow.current === null ? '' : `&after=${lastServerNow.current}`}`);
    const setGone = (gone: LiveFeed['gone']) => {
      stopped = true;
      setFeed((f) => ({ ...f, gone }));
    };

    const poll = async () => {
      if (stopped) return;
      try {
        const res = await fetch(`${base}${since()}`, { cache: 'no-store' });
        if (res.status === 404) return setGone('not_found');
        if (res.status === 410) return setGone(((await res.json()) as { error: { code: string } }).error.code === 'revoked' ? 'revoked' : 'expired');
        if (res.ok) {
          const v = (await res.json()) as LiveViewDto;
          apply(v.points, v.session, v.serverNowMs, { tileUrl: v.tileUrl, tileAttribution: v.tileAttribution, ...(v.plan !== undefined ? { plan: v.plan } : {}) });
          if (v.more) return void poll();
        }
      } catch {
        /* offline for a moment: the next tick tries again */
      }
    };

    const startPolling = () => {
      if (pollTimer !== undefined || stopped) return;
      setFeed((f) => ({ ...f, transport: 'polling' }));
      void poll();
      pollTimer = window.setInterval(() => void poll(), POLL_MS);
    };
    const stopPolling = () => {
      if (pollTimer !== undefined) window.clearInterval(pollTimer);
      pollTimer = undefined;
    };

    const connect = () => {
      if (stopped) return;
      const url = new URL(`${base}${since()}`, location.href);
      url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
      url.hash = '';
      try {
        ws = new WebSocket(url.toString());
      } catch {
        return startPolling();
      }
      ws.onmessage = (ev) => {
        const m = JSON.parse(String(ev.data)) as LiveViewMessage;
        if (m.type === 'gone') return setGone(m.reason);
        if (m.type === 'plan') return setFeed((f) => ({ ...f, plan: m.plan }));
        if (m.type === 'snapshot') {
          backoff = 1000;
          stopPolling();
          apply(m.points, m.session, m.serverNowMs, { tileUrl: m.tileUrl, tileAttribution: m.tileAttribution, transport: 'websocket', plan: m.plan ?? null });
        } else apply(m.points, m.session, m.serverNowMs);
      };
      ws.onclose = () => {
        ws = null;
        if (stopped) return;
        startPolling();
        retryTimer = window.setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, 30_000);
      };
    };

    connect();
    return () => {
      stopped = true;
      stopPolling();
      if (retryTimer !== undefined) window.clearTimeout(retryTimer);
      ws?.close();
    };
  }, [shareToken]);

  return feed;
}
