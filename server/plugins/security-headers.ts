import helmet from '@fastify/helmet';
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

/**
 * Security headers on every answer (issue 12, defect 7): a CSP that allows only our own scripts
 * and the configured map tiles, no framing, nosniff, and a referrer policy that still sends our
 * origin to the tile server (OpenStreetMap's tile policy asks for a Referer) but never a path.
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { tileUrl: string; tileLayers?: { url: string }[] }) {
  const tileHosts = [...new Set([opts.tileUrl, ...(opts.tileLayers ?? []).map((l) => l.url)].flatMap(tileSources))];
  await app.register(helmet, {
    global: true,
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
  });
}
