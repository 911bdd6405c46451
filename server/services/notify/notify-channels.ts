/**
 * The HTTP request each push channel expects (issue 18), built without I/O:
 * - webhook: POST <url>, JSON body = NotificationPayload;
 * - ntfy: POST <topic url>, the message as the body, `Title`, `Priority` (1–5) and `Tags` headers,
 *   `Authorization: Bearer <token>` when a token is set (ntfy's documented publish API);
 * - Gotify: POST <base>/message?token=<app token>, JSON { title, message, priority } (0–10).
 */
import type { NotificationPayload } from '../../../shared/notifications-api.js';

export type PushChannel = 'webhook' | 'ntfy' | 'gotify';

export interface PushRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A header value must be ASCII: anything else is sent RFC 2047-encoded (ntfy decodes it). */
export function headerText(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ').slice(0, 250);
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

const NTFY_PRIORITY = { info: '3', warning: '4', alert: '5' } as const;
const GOTIFY_PRIORITY = { info: 4, warning: 6, alert: 8 } as const;

/** Why a channel URL is not usable, or null. Only http(s), no credentials in the URL. */
export function channelUrlProblem(channel: PushChannel, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${channel}: "${url.slice(0, 80)}" is not a URL`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `${channel}: only http and https URLs are supported`;
  if (u.username || u.password) return `${channel}: put the token in the token field, not in the URL`;
  if (channel === 'ntfy' && (u.pathname === '/' || u.pathname === '')) return 'ntfy: the URL must name a topic (https://ntfy.sh/your-topic)';
  return null;
}

export function buildPush(channel: PushChannel, cfg: { url: string; token: string | null }, n: NotificationPayload): PushRequest {
  switch (channel) {
    case 'webhook':
      return { url: cfg.url, headers: { 'content-type': 'application/json', 'user-agent': 'MileVault' }, body: JSON.stringify(n) };
    case 'ntfy': {
      const headers: Record<string, string> = {
        'content-type': 'text/plain; charset=utf-8',
        'user-agent': 'MileVault',
        Title: headerText(n.title),
        Priority: NTFY_PRIORITY[n.severity],
        Tags: n.kind === 'new-records' ? 'trophy' : n.severity === 'info' ? 'runner' : 'warning',
      };
      if (cfg.token) headers.Authorization = `Bearer ${cfg.token}`;
      return { url: cfg.url, headers, body: n.message };
    }
    case 'gotify': {
      const u = new URL(cfg.url);
      u.pathname = `${u.pathname.replace(/\/+$/, '')}/message`;
      u.searchParams.set('token', cfg.token ?? '');
      return {
        url: u.toString(),
        headers: { 'content-type': 'application/json', 'user-agent': 'MileVault' },
        body: JSON.stringify({ title: n.title, message: n.message, priority: GOTIFY_PRIORITY[n.severity], extras: { 'milevault::kind': n.kind } }),
      };
    }
  }
}
