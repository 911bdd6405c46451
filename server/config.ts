import { homedir } from 'node:os';
import { join } from 'node:path';
import { tileLayersFromEnv, type TileLayerDto } from '../shared/map-layers.js';
import { operabilityFromEnv, type RateLimitConfig } from './operability-config.js';

/** Runtime configuration from the environment (README "Configuration"). */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  /** When set, every API call needs `Authorization: Bearer <token>` or the launch cookie. */
  authToken?: string;
  /** A second bearer token for local tools (server.json), made per server run; never from env. */
  localToken?: string;
  tileUrl: string;
  tileAttribution: string;
  /** Base layers offered on maps (street = tileUrl, topo, satellite; shared/map-layers.ts). Absent: street only. */
  tileLayers?: TileLayerDto[];
  maxUploadBytes: number;
  /** The URL browsers use to reach this server (MILEVAULT_PUBLIC_URL); its host is answered. */
  publicUrl?: string;
  /** More Host names to answer (MILEVAULT_ALLOWED_HOSTS, comma-separated), e.g. a LAN name. */
  allowedHosts: string[];
  /** `server` (MILEVAULT_MODE=server): accounts, login and sessions (issue 14); `local`: one athlete, today's access. */
  mode?: 'local' | 'server';
  /** Server mode: the first admin for unattended installs (MILEVAULT_ADMIN_EMAIL / _PASSWORD). */
  adminEmail?: string;
  adminPassword?: string;
  /** Server mode: OpenID Connect login (MILEVAULT_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _NAME). */
  oidc?: { issuer: string; clientId: string; clientSecret?: string; name: string };
  /** Issue 14 operability: /metrics token (server mode) and rate limits (operability-config.ts). */
  metricsToken?: string;
  rateLimits?: RateLimitConfig;
}

export function defaultDataDir(): string {
  const xdg = process.env.XDG_DATA_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'share'), 'milevault');
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const maxMb = Number(env.MILEVAULT_MAX_UPLOAD_MB ?? 512);
  const tileUrl = env.MILEVAULT_TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
  const tileAttribution = env.MILEVAULT_TILE_ATTRIBUTION ?? '&copy; OpenStreetMap contributors';
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: env.MILEVAULT_DATA_DIR ?? defaultDataDir(),
    databaseUrl: env.DATABASE_URL || undefined,
    authToken: env.MILEVAULT_AUTH_TOKEN || undefined,
    tileUrl,
    tileAttribution,
    tileLayers: tileLayersFromEnv(env, { url: tileUrl, attribution: tileAttribution }),
    maxUploadBytes: Math.round((Number.isFinite(maxMb) && maxMb > 0 ? maxMb : 512) * 1024 * 1024),
    publicUrl: publicUrlFrom(env.MILEVAULT_PUBLIC_URL),
    allowedHosts: (env.MILEVAULT_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    ...accountsFromEnv(env),
    ...operabilityFromEnv(env),
  };
}

/** Issue 14: server mode only when asked for by name; DATABASE_URL alone does not change it. */
function accountsFromEnv(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'mode' | 'adminEmail' | 'adminPassword' | 'oidc'> {
  const mode = env.MILEVAULT_MODE || 'local';
  if (mode !== 'local' && mode !== 'server') throw new Error(`MILEVAULT_MODE must be "server" or "local", got "${mode}"`);
  const issuer = env.MILEVAULT_OIDC_ISSUER || undefined;
  if (issuer && !env.MILEVAULT_OIDC_CLIENT_ID) throw new Error('MILEVAULT_OIDC_ISSUER is set but MILEVAULT_OIDC_CLIENT_ID is not');
  return {
    mode,
    adminEmail: env.MILEVAULT_ADMIN_EMAIL || undefined,
    adminPassword: env.MILEVAULT_ADMIN_PASSWORD || undefined,
    oidc: issuer ? { issuer, clientId: env.MILEVAULT_OIDC_CLIENT_ID!, clientSecret: env.MILEVAULT_OIDC_CLIENT_SECRET || undefined, name: env.MILEVAULT_OIDC_NAME || 'single sign-on' } : undefined,
  };
}

function publicUrlFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`MILEVAULT_PUBLIC_URL must be a URL such as https://fit.example.org, got "${raw}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`MILEVAULT_PUBLIC_URL must be http(s), got "${raw}"`);
  return u.origin;
}

/** Host names browsers may use for this server: the public URL's host and the configured extras. */
export function browserHosts(cfg: Pick<ServerConfig, 'publicUrl' | 'allowedHosts'>): string[] {
  return [...(cfg.publicUrl ? [new URL(cfg.publicUrl).host] : []), ...cfg.allowedHosts];
}
