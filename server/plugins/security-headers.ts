import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Origins the map may load tiles from: the configured tile URL template's origin, with Leaflet's
 * `{s}` subdomain placeholder widened to a wildcard (`https://{s}.tile.example` → `https://*.tile.example`).
 */
export function tileSources(tileUrl: string): string[] {
  const m = /^(https?):\/\/([^/?#]+)/i.exec(tileUrl.trim());
  if (!m) return [];
  const host = m[2].replace(/\{s\}/g, '*');
  if (!/^[a-z0-9.*:[\]-]+$/i.test(host)) return [];
  return [`${m[1].toLowerCase()}://${host.toLowerCase()}`];
}

/** The helmet options: what the headers say is decided here, once. */
function helmetOptions(tileHosts: string[]): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React and Leaflet set style attributes; no inline <script> is ever allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...tileHosts],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Plain-HTTP loopback and LAN installs are normal here; HSTS belongs to the TLS proxy in front.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The headers helmet sets with these options, read once by running its middleware against a
 * response that only records them. Every directive is a constant string (no per-request nonce or
 * function), so the set is the same for every answer.
 */
export function securityHeaderSet(opts: { tileUrl: string; tileLayers?: { url: string }[] }): Record<string, string> {
  const tileHosts = [...new Set([opts.tileUrl, ...(opts.tileLayers ?? []).map((l) => l.url)].flatMap(tileSources))];
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failed: unknown;
  helmet(helmetOptions(tileHosts))({} as never, recorder as never, (e?: unknown) => void (failed = e));
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return headers;
}

/**
 * Security headers on every answer (issue 12, defect 7): a CSP that allows only our own scripts
 * and the configured map tiles, no framing, nosniff, and a referrer policy that still sends our
 * origin to the tile server (OpenStreetMap's tile policy asks for a Referer) but never a path.
 *
 * helmet makes the headers; they are made once at start and copied onto each reply. The Fastify
 * plugin (@fastify/helmet) built helmet's middleware again for every request (option checks, CSP
 * directive parsing): 7 % of the event loop's time with 50 clients browsing (issue 14, session 7).
 * A route that hijacks the reply (server-sent events) writes `reply.getHeaders()` itself.
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { tileUrl: string; tileLayers?: { url: string }[] }) {
  const headers = securityHeaderSet(opts);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
