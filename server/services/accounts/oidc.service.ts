import type * as OpenIdClient from 'openid-client';
import type { AccountRow } from '../../storage/repos/accounts.repo.js';
import { accountError } from './account-errors.js';
import { sha256Hex } from './session.service.js';
import type { AccountsService, RequestMeta } from './accounts.service.js';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  name: string;
  /** Where the provider sends the browser back: <public URL>/api/v1/auth/oidc/callback. */
  redirectUri: string;
}

const PENDING_MS = 10 * 60_000;
/** Pending logins kept at most (each lives 10 minutes); beyond, new sign-ins are refused until some expire. */
const MAX_PENDING = 10_000;

export type OidcOutcome = { kind: 'login'; cookie: string; account: AccountRow } | { kind: 'pending'; email: string };

/**
 * OpenID Connect login (issue 14): authorization code with PKCE (S256), state and nonce, through
 * `openid-client`. The provider's `sub` is linked to an account; a first login links by email only
 * when the provider says the email is verified, otherwise (or with no account for that email)
 * a pending account waits for an admin's approval. Discovery is lazy and retried after failure,
 * so a provider that is down at start does not stop the server.
 */
export class OidcService {
  private config: Promise<OpenIdClient.Configuration> | null = null;
  /** openid-client, loaded with the first discovery: a server without OIDC never loads it (ready time). */
  private client: typeof OpenIdClient | null = null;

  private readonly now: () => number;

  constructor(private readonly settings: OidcSettings, private readonly accounts: AccountsService, now?: () => number) {
    // The accounts' clock by default, so pending logins expire on the same time as sessions.
    this.now = now ?? (() => accounts.nowMs());
  }

  get name(): string {
    return this.settings.name;
  }

  /** The origin the callback URL is resolved against (the public URL, as the provider knows it). */
  get redirectBase(): string {
    return new URL(this.settings.redirectUri).origin;
  }

  private configuration(): Promise<OpenIdClient.Configuration> {
    if (!this.config) {
      this.config = import('openid-client').then((client) => {
        this.client = client;
        const url = new URL(this.settings.issuer);
        // Plain http only for a provider on this machine (tests, a provider beside the server).
        const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
        const auth = this.settings.clientSecret ? client.ClientSecretPost(this.settings.clientSecret) : client.None();
        return client.discovery(url, this.settings.clientId, this.settings.clientSecret, auth, { execute: url.protocol === 'http:' && loopback ? [client.allowInsecureRequests] : [] });
      });
      this.config.catch(() => (this.config = null));
    }
    return this.config;
  }

  /** openid-client once configuration() has resolved. */
  private lib(): typeof OpenIdClient {
    if (!this.client) throw new Error('OIDC used before its configuration was loaded');
    return this.client;
  }

  /** The provider URL to send the browser to, and the state to bind to this browser (a cookie). */
  async start(): Promise<{ url: string; state: string }> {
    const config = await this.configuration().catch((e: unknown) => {
      throw accountError(502, 'oidc_unavailable', `the sign-in provider did not answer: ${e instanceof Error ? e.message : String(e)}`);
    });
    const client = this.lib();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const now = this.now();
    // Kept in the database (oidc_pending, migration 0021): the callback may reach another server
    // process or arrive after a restart. Keyed by the state's SHA-256; the verifier is useless
    // without the code the provider sends only to this browser.
    const repo = this.accounts.storageAccounts;
    if ((await repo.oidcPendingCount()) >= MAX_PENDING) {
      await this.accounts.sweepExpired();
      if ((await repo.oidcPendingCount()) >= MAX_PENDING) throw accountError(503, 'oidc_busy', 'too many sign-ins are waiting for the provider; try again in a few minutes');
    }
    await repo.addOidcPending({ stateHash: sha256Hex(state), verifier, nonce, expiresAtMs: now + PENDING_MS });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /** Finishes a login from the provider's redirect; `boundState` is the state cookie of this browser. */
  async callback(currentUrl: URL, boundState: string | undefined, meta: RequestMeta): Promise<OidcOutcome> {
    const state = currentUrl.searchParams.get('state') ?? '';
    if (!state || state.length > 200 || !boundState || boundState !== state) throw accountError(400, 'oidc_state', 'this sign-in link expired or was started in another browser; try again');
    const p = await this.accounts.storageAccounts.takeOidcPending(sha256Hex(state));
    if (!p || p.expiresAtMs <= this.now()) throw accountError(400, 'oidc_state', 'this sign-in link expired or was started in another browser; try again');
    const config = await this.configuration();
    const tokens = await this.lib().authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: p.verifier, expectedState: state, expectedNonce: p.nonce, idTokenExpected: true });
    const claims = tokens.claims();
    if (!claims?.sub) throw accountError(502, 'oidc_claims', 'the sign-in provider sent no subject');
    const subject = `${this.settings.issuer}#${claims.sub}`;
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    const verified = claims.email_verified === true;
    let account = await this.accounts.storageAccounts.byOidcSubject(subject);
    if (!account && email && verified) {
      const byEmail = await this.accounts.storageAccounts.byEmail(email);
      if (byEmail && !byEmail.oidcSubject) {
        await this.accounts.storageAccounts.update(byEmail.id, { oidcSubject: subject });
        await this.accounts.audit.record({ subjectUserId: byEmail.id, scope: 'account', actor: { type: 'user', id: byEmail.id }, action: 'oidc.link', target: email, ip: meta.ip });
        account = { ...byEmail, oidcSubject: subject };
      }
    }
    if (!account) {
      if (!email) throw accountError(400, 'oidc_claims', 'the sign-in provider sent no email address; ask the admin to create your account');
      if (await this.accounts.storageAccounts.byEmail(email)) {
        // An unverified email must not take over the account that has it.
        throw accountError(409, 'oidc_unverified', 'an account with this email exists, but the provider did not verify the email; log in with your password');
      }
      const name = typeof claims.name === 'string' ? claims.name.slice(0, 100) : undefined;
      await this.accounts.createUser({ type: 'anonymous', id: null }, { email, name }, meta, 'pending', subject);
      return { kind: 'pending', email };
    }
    if (account.disabled || account.status !== 'active') return { kind: 'pending', email: account.email };
    return { kind: 'login', account, cookie: await this.accounts.loginVerified(account, meta, 'oidc') };
  }
}
