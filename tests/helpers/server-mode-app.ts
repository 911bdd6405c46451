import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { createServices } from '../../server/start.js';
import { AccountsService } from '../../server/services/accounts/accounts.service.js';
import type { OidcService } from '../../server/services/accounts/oidc.service.js';
import { buildAppWithRouteTable, type RouteEntry } from './route-table.js';
import { multipartBody } from './test-app.js';

/** A clock tests can move (session idle/absolute expiry, invite expiry). */
export class TestClock {
  constructor(public ms = Date.now()) {}
  now = () => this.ms;
  advance(ms: number) {
    this.ms += ms;
  }
}

export interface ServerModeApp {
  app: FastifyInstance;
  routes: RouteEntry[];
  services: Awaited<ReturnType<typeof createServices>>;
  accounts: AccountsService;
  clock: TestClock;
  dataDir: string;
  /** app.inject with the test client header (the cross-site guard) and, when given, a session cookie. */
  req(o: InjectOptions & { cookie?: string; bearer?: string }): Promise<LightMyRequestResponse>;
  /** Logs in and returns the `milevault_session=…` pair. */
  login(email: string, password: string): Promise<string>;
  /** Uploads through POST /api/v1/imports as the session's user and waits for the job. */
  importAs(cookie: string, files: { name: string; bytes: Uint8Array }[]): Promise<string>;
  close(): Promise<void>;
}

export function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : [String(raw ?? '')];
  const c = all.find((x) => String(x).startsWith('milevault_session='));
  if (!c) throw new Error(`no session cookie in ${JSON.stringify(raw)}`);
  return String(c).split(';')[0];
}

/** The real app in server mode (MILEVAULT_MODE=server) on a temp data dir, SQLite unless databaseUrl is given. */
export async function createServerModeApp(over: Partial<ServerConfig> & { withUi?: boolean | string; makeOidc?: (a: AccountsService) => OidcService } = {}): Promise<ServerModeApp> {
  const { withUi, makeOidc, ...cfg } = over;
  // A given data dir is reused and kept (restart tests open a second app on it); a temp one is removed on close.
  const ownDir = !cfg.dataDir;
  const dataDir = cfg.dataDir ?? mkdtempSync(join(tmpdir(), 'milevault-acct-'));
  const config: ServerConfig = { ...configFromEnv({}), dataDir, mode: 'server', ...cfg };
  const services = await createServices(config, 1);
  const clock = new TestClock();
  // Cheaper argon2id than production (m=19 MiB, t=2): the flows are under test here, not the hash cost.
  const accounts = new AccountsService({ storage: services.storage, originals: services.originals, now: clock.now, argon2: { parallelism: 1, iterations: 1, memorySize: 256, hashLength: 32 } });
  let rendererDir: string | undefined;
  if (typeof withUi === 'string') rendererDir = withUi;
  else if (withUi) {
    rendererDir = join(dataDir, 'ui');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>MileVault</title>');
  }
  const { app, routes } = await buildAppWithRouteTable({ config, ...services, version: 'test', accounts, oidc: makeOidc?.(accounts), rendererDir });
  await app.ready();
  const t: ServerModeApp = {
    app,
    routes,
    services,
    accounts,
    clock,
    dataDir,
    req(o) {
      const { cookie, bearer, headers, ...rest } = o;
      return app.inject({ ...rest, headers: { 'x-milevault-client': 'test', ...(cookie ? { cookie } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(headers ?? {}) } });
    },
    async login(email, password) {
      const res = await t.req({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
      return cookieOf(res);
    },
    async importAs(cookie, files) {
      const { payload, headers } = multipartBody(files);
      const res = await app.inject({ method: 'POST', url: '/api/v1/imports', payload, headers: { ...headers, cookie } });
      if (res.statusCode !== 202) throw new Error(`import: ${res.statusCode} ${res.body}`);
      const id = res.json().id as string;
      await services.imports.waitFor(id);
      return id;
    },
    async close() {
      await app.close();
      await services.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
