import { oauth1Header } from './oauth1.js';

/** Base URLs (configurable so tests and self-hosters can point at a fake or a proxy). */
export interface GarminUrls {
  sso: string;
  api: string;
  consumerKey: string;
  consumerSecret: string;
}

export const DEFAULT_GARMIN_URLS: GarminUrls = {
  sso: 'https://sso.garmin.com',
  api: 'https://connectapi.garmin.com',
  // garth fetches these from thegarth.s3.amazonaws.com/oauth_consumer.json; set them in the env.
  consumerKey: process.env.MILEVAULT_GARMIN_CONSUMER_KEY ?? '',
  consumerSecret: process.env.MILEVAULT_GARMIN_CONSUMER_SECRET ?? '',
};

export interface GarminTokens {
  oauth1: { token: string; secret: string };
  oauth2: { accessToken: string; refreshToken: string; expiresAtMs: number };
}

/** An HTTP failure with Garmin's status: 401 bad sign-in, 429 rate limit, 403 blocked, … */
export class GarminHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
  }
}

type Fetch = typeof fetch;

/** No Garmin call may hang a job or a sign-in request: 30 s, then it fails like any network error. */
const timedFetch: Fetch = (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(30_000) });

/** Cookies of the SSO pages (the sign-in form checks the session cookie set by /sso/embed). */
class CookieJar {
  private c = new Map<string, string>();
  take(res: Response) {
    for (const h of res.headers.getSetCookie?.() ?? []) {
      const [kv] = h.split(';');
      const i = kv.indexOf('=');
      if (i > 0) this.c.set(kv.slice(0, i).trim(), kv.slice(i + 1).trim());
    }
  }
  header(): string {
    return [...this.c].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function fail(res: Response, what: string): Promise<never> {
  const ra = Number(res.headers.get('retry-after'));
  throw new GarminHttpError(res.status, `${what}: Garmin answered HTTP ${res.status}${res.status === 429 ? ' (too many requests)' : res.status === 403 ? ' (forbidden: blocked or consent needed)' : ''}`, Number.isFinite(ra) && ra > 0 ? ra : null);
}

/**
 * Signs in the way Garmin Connect Mobile does (as documented by the garth project):
 * 1. GET  {sso}/sso/embed                       (session cookie)
 * 2. GET  {sso}/sso/signin?…                    (HTML form with _csrf)
 * 3. POST {sso}/sso/signin?…  username, password, embed, _csrf → HTML "Success" with `embed?ticket=ST-…`
 * 4. GET  {api}/oauth-service/oauth/preauthorized?ticket=…   (OAuth1-signed, consumer only) → oauth_token, oauth_token_secret
 * 5. POST {api}/oauth-service/oauth/exchange/user/2.0        (OAuth1-signed with the token) → OAuth2 JSON
 * Only the tokens are kept; the password is never stored.
 */
export async function garminLogin(urls: GarminUrls, username: string, password: string, f: Fetch = timedFetch, now = Date.now): Promise<GarminTokens> {
  const jar = new CookieJar();
  const embed = `${urls.sso}/sso/embed`;
  const q = new URLSearchParams({ id: 'gauth-widget', embedWidget: 'true', gauthHost: embed, service: embed, source: embed, redirectAfterAccountLoginUrl: embed, redirectAfterAccountCreationUrl: embed });
  const r1 = await f(`${embed}?${new URLSearchParams({ id: 'gauth-widget', embedWidget: 'true', gauthHost: `${urls.sso}/sso` })}`);
  if (!r1.ok) await fail(r1, 'sign-in page');
  jar.take(r1);
  const r2 = await f(`${urls.sso}/sso/signin?${q}`, { headers: { cookie: jar.header() } });
  if (!r2.ok) await fail(r2, 'sign-in form');
  jar.take(r2);
  const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(await r2.text())?.[1];
  if (!csrf) throw new GarminHttpError(502, 'sign-in form: no _csrf field (Garmin changed its sign-in page)');
  const r3 = await f(`${urls.sso}/sso/signin?${q}`, {
    method: 'POST',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', referer: `${urls.sso}/sso/signin` },
    body: new URLSearchParams({ username, password, embed: 'true', _csrf: csrf }).toString(),
  });
  if (r3.status === 429) await fail(r3, 'sign-in');
  const html = await r3.text();
  const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() ?? '';
  if (/mfa|verification/i.test(title)) throw new GarminHttpError(401, 'Garmin asks for a verification code (two-factor sign-in), which MileVault cannot enter yet');
  if (title !== 'Success') throw new GarminHttpError(401, 'Garmin did not accept the e-mail and password');
  const ticket = /embed\?ticket=([^"&\s]+)/.exec(html)?.[1];
  if (!ticket) throw new GarminHttpError(502, 'sign-in: no ticket in the answer (Garmin changed its sign-in page)');
  const pre = `${urls.api}/oauth-service/oauth/preauthorized?${new URLSearchParams({ ticket, 'login-url': embed, 'accepts-mfa-tokens': 'true' })}`;
  const r4 = await f(pre, { headers: { authorization: oauth1Header('GET', pre, { consumerKey: urls.consumerKey, consumerSecret: urls.consumerSecret }) } });
  if (!r4.ok) await fail(r4, 'OAuth1 token');
  const o1 = new URLSearchParams(await r4.text());
  const oauth1 = { token: o1.get('oauth_token') ?? '', secret: o1.get('oauth_token_secret') ?? '' };
  if (!oauth1.token || !oauth1.secret) throw new GarminHttpError(502, 'OAuth1 token: the answer had no oauth_token');
  return { oauth1, oauth2: await exchangeOAuth2(urls, oauth1, f, now) };
}

/** OAuth1 → OAuth2 (also how an expired OAuth2 token is renewed: the OAuth1 token lasts about a year). */
export async function exchangeOAuth2(urls: GarminUrls, oauth1: GarminTokens['oauth1'], f: Fetch = timedFetch, now = Date.now): Promise<GarminTokens['oauth2']> {
  const url = `${urls.api}/oauth-service/oauth/exchange/user/2.0`;
  const r = await f(url, {
    method: 'POST',
    headers: { authorization: oauth1Header('POST', url, { consumerKey: urls.consumerKey, consumerSecret: urls.consumerSecret, token: oauth1.token, tokenSecret: oauth1.secret }), 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
  });
  if (r.status === 401) throw new GarminHttpError(401, 'Garmin no longer accepts this sign-in; sign in again');
  if (!r.ok) await fail(r, 'OAuth2 token');
  const j = (await r.json()) as { access_token?: string; refresh_token?: string; expires_in?: number };
  if (!j.access_token) throw new GarminHttpError(502, 'OAuth2 token: no access_token in the answer');
  return { accessToken: j.access_token, refreshToken: j.refresh_token ?? '', expiresAtMs: now() + Math.max(60, Number(j.expires_in) || 3600) * 1000 };
}

/** Calls the Connect API with the OAuth2 bearer token, renewing it (once) when expired or refused. */
export class GarminApi {
  constructor(
    private urls: GarminUrls,
    public tokens: GarminTokens,
    private onTokens: (t: GarminTokens) => Promise<void>,
    private f: Fetch = timedFetch,
    private now = Date.now,
  ) {}

  private async renew() {
    this.tokens = { ...this.tokens, oauth2: await exchangeOAuth2(this.urls, this.tokens.oauth1, this.f, this.now) };
    await this.onTokens(this.tokens);
  }

  async get(path: string): Promise<Response> {
    if (this.tokens.oauth2.expiresAtMs - 60_000 <= this.now()) await this.renew();
    let r = await this.f(`${this.urls.api}${path}`, { headers: { authorization: `Bearer ${this.tokens.oauth2.accessToken}` } });
    if (r.status === 401) {
      await this.renew();
      r = await this.f(`${this.urls.api}${path}`, { headers: { authorization: `Bearer ${this.tokens.oauth2.accessToken}` } });
    }
    if (!r.ok) await fail(r, `GET ${path.split('?')[0]}`);
    return r;
  }

  async json<T>(path: string): Promise<T> {
    return (await (await this.get(path)).json()) as T;
  }
}
