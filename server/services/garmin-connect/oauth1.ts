import { createHmac, randomBytes } from 'node:crypto';

/** RFC 3986 percent-encoding as OAuth 1.0a requires (RFC 5849 §3.6). */
export function pct(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface OAuth1Keys {
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
}

/**
 * The Authorization header of an HMAC-SHA1 signed OAuth 1.0a request (RFC 5849 §3.4): Garmin's
 * connectapi signs the ticket → OAuth1 and OAuth1 → OAuth2 exchanges this way (as garth does).
 * `body` are form parameters of an application/x-www-form-urlencoded request (signed too).
 */
export function oauth1Header(method: string, url: string, keys: OAuth1Keys, body: Record<string, string> = {}, nonce = randomBytes(16).toString('hex'), timestamp = Math.floor(Date.now() / 1000)): string {
  const u = new URL(url);
  const oauth: Record<string, string> = {
    oauth_consumer_key: keys.consumerKey,
    oauth_nonce: nonce,
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(timestamp),
    oauth_version: '1.0',
  };
  if (keys.token) oauth.oauth_token = keys.token;
  const params: [string, string][] = [...u.searchParams.entries(), ...Object.entries(body), ...Object.entries(oauth)];
  const norm = params
    .map(([k, v]) => [pct(k), pct(v)])
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = `${method.toUpperCase()}&${pct(`${u.origin}${u.pathname}`)}&${pct(norm)}`;
  const key = `${pct(keys.consumerSecret)}&${pct(keys.tokenSecret ?? '')}`;
  oauth.oauth_signature = createHmac('sha1', key).update(base).digest('base64');
  return `OAuth ${Object.entries(oauth)
    .map(([k, v]) => `${pct(k)}="${pct(v)}"`)
    .join(', ')}`;
}

/** Verifies a header made by oauth1Header (the fake Garmin server in tests checks signatures). */
export function verifyOAuth1(method: string, url: string, header: string, keys: OAuth1Keys, body: Record<string, string> = {}): boolean {
  const got = Object.fromEntries([...header.replace(/^OAuth\s+/, '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], decodeURIComponent(m[2])]));
  if (got.oauth_consumer_key !== keys.consumerKey || (keys.token && got.oauth_token !== keys.token)) return false;
  const again = oauth1Header(method, url, keys, body, got.oauth_nonce, Number(got.oauth_timestamp));
  return again.includes(`oauth_signature="${pct(got.oauth_signature ?? '')}"`);
}
