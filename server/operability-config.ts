/**
 * Issue 14 "Operable" settings from the environment: the /metrics token and rate limits.
 * README "Configuration" lists them.
 */
export interface RateLimitConfig {
  /** Requests per window and client (IP, or user when signed in) on writes (POST/PUT/PATCH/DELETE). */
  writesPerMinute: number;
  /** Login attempts (password login, setup, invite acceptance, launch exchange) per window and IP. */
  loginsPerMinute: number;
  /** Off entirely (MILEVAULT_RATE_LIMIT=off), e.g. behind a proxy that limits already. */
  enabled: boolean;
}

export interface OperabilityConfig {
  /** Server mode: `Authorization: Bearer <token>` /metrics needs (MILEVAULT_METRICS_TOKEN). */
  metricsToken?: string;
  rateLimits: RateLimitConfig;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, def: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error(`${name} must be a whole number from 1 to 1000000, got "${raw}"`);
  return n;
}

export function operabilityFromEnv(env: NodeJS.ProcessEnv): OperabilityConfig {
  const flag = (env.MILEVAULT_RATE_LIMIT ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(flag)) throw new Error(`MILEVAULT_RATE_LIMIT must be "on" or "off", got "${env.MILEVAULT_RATE_LIMIT}"`);
  return {
    metricsToken: env.MILEVAULT_METRICS_TOKEN || undefined,
    rateLimits: {
      enabled: flag === 'on',
      // A write is one request however many files it carries (an upload of 5,000 files is one
      // POST), so 600 a minute leaves room for the desktop's bulk imports, a script's PATCHes
      // and the UI, and still stops a runaway loop.
      writesPerMinute: positiveInt(env, 'MILEVAULT_RATE_LIMIT_WRITES', 600),
      loginsPerMinute: positiveInt(env, 'MILEVAULT_RATE_LIMIT_LOGINS', 30),
    },
  };
}
