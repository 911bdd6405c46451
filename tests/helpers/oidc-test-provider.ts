import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider for the tests (the `oidc-provider` package, the engine behind several
 * self-hosted IdPs) on a loopback port: authorization code with PKCE, signed ID tokens, nonce and
 * state all real. Only its login + consent screen is replaced: the test says who logs in there
 * next (`setNext`), as a real provider would after asking for a password.
 *
 * The provider is configured with the client's redirect URI after it is listening (`configure`),
 * so a MileVault server on an ephemeral port can be started in between (the browser test).
 */
export const OIDC_CLIENT = { id: 'milevault', secret: 'milevault-test-secret-0123456789' };

export interface Person {
  sub: string;
  email: string;
  verified: boolean;
}

export interface TestOidcProvider {
  readonly issuer: string;
  /** Sets the redirect URI of the MileVault client and starts answering. */
  configure(redirectUri: string): void;
  /** Who logs in at the provider next, and whether the provider vouches for their email. */
  setNext(p: Person): void;
  close(): Promise<void>;
}

export async function startOidcProvider(): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const people = new Map<string, { email: string; verified: boolean }>();
  let next: Person = { sub: 'ana', email: 'ana@example.org', verified: true };
  let provider: Provider | null = null;

  server.on('request', async (req, res) => {
    if (!provider) {
      res.statusCode = 503;
      res.end('provider not configured yet');
      return;
    }
    try {
      if (req.url?.startsWith('/interaction/')) {
        const details = await provider.interactionDetails(req, res);
        people.set(next.sub, { email: next.email, verified: next.verified });
        const grant = new provider.Grant({ accountId: next.sub, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId: next.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
        return;
      }
      provider.callback()(req, res);
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  });

  return {
    issuer,
    configure(redirectUri: string) {
      provider = new Provider(issuer, {
        clients: [{ client_id: OIDC_CLIENT.id, client_secret: OIDC_CLIENT.secret, redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_post' }],
        pkce: { required: () => true },
        conformIdTokenClaims: false,
        cookies: { keys: ['oidc-test-cookie-key-0123456789abcdef'] },
        ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        async findAccount(_ctx: unknown, id: string) {
          const p = people.get(id);
          return p ? { accountId: id, claims: async () => ({ sub: id, email: p.email, email_verified: p.verified, name: id }) } : undefined;
        },
        features: { devInteractions: { enabled: false } },
        interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      });
    },
    setNext(p: Person) {
      next = p;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
