import type { FastifyInstance, FastifyRequest } from 'fastify';
import { routeAccess } from './auth.js';

/**
 * Browser-side attacks on an API that listens on loopback (issue 12, defect 7):
 * - DNS rebinding: a page on attacker.example re-pointed to 127.0.0.1 reaches us with
 *   `Host: attacker.example`. When bound to loopback only loopback names are answered; a
 *   configured public URL (MILEVAULT_PUBLIC_URL) or MILEVAULT_ALLOWED_HOSTS adds names.
 * - Cross-site writes: a form on another site can POST a "simple" request (urlencoded, multipart,
 *   text/plain, no body) without a preflight, and the browser attaches our cookie. Every write must
 *   be same-origin (Origin/Sec-Fetch-Site) or a request no page can send cross-site without CORS,
 *   which we never grant: a non-simple content type, another method, an Authorization header or
 *   the X-MileVault-Client header (the CLI and scripts send it).
 */
export interface RequestGuardOptions {
  /** The address the server is bound to (config.host). */
  host: string;
  /** Extra host names (with optional :port) a browser may use, e.g. from MILEVAULT_PUBLIC_URL. */
  allowedHosts?: string[];
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
export const CLIENT_HEADER = 'x-milevault-client';

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

function isLoopbackName(name: string): boolean {
  return LOOPBACK_NAMES.has(name) || LOOPBACK_V4.test(name);
}

export function isLoopbackBind(host: string): boolean {
  return isLoopbackName(host);
}

/** `name[:port]` of a Host header or URL host, lower-cased; undefined when it does not parse. */
function hostOf(value: string): { name: string; port: string } | undefined {
  try {
    const u = new URL(`http://${value}`);
    if (u.username || u.password || u.pathname !== '/' || u.search || u.hash) return undefined;
    return { name: u.hostname.toLowerCase(), port: u.port };
  } catch {
    return undefined;
  }
}

function hostAllowed(header: string | undefined, opts: RequestGuardOptions): boolean {
  if (!header) return false;
  const h = hostOf(header);
  if (!h) return false;
  const extra = (opts.allowedHosts ?? []).map((a) => hostOf(a)).filter((a) => a !== undefined);
  if (extra.some((a) => a.name === h.name && (!a.port || a.port === h.port))) return true;
  if (isLoopbackBind(opts.host)) return isLoopbackName(h.name);
  // Bound to a routable address without a configured name: any name (a reverse proxy in front
  // decides); start.ts says so at start and recommends MILEVAULT_PUBLIC_URL.
  return extra.length === 0;
}

function sameOrigin(req: FastifyRequest, origin: string): boolean {
  if (origin === 'null') return false;
  try {
    const o = new URL(origin);
    const h = hostOf(req.headers.host ?? '');
    if (!h) return false;
    const port = o.port || (o.protocol === 'https:' ? '443' : '80');
    const hostPort = h.port || port;
    return o.hostname.toLowerCase() === h.name && port === hostPort;
  } catch {
    return false;
  }
}

function writeAllowed(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (typeof origin === 'string') return sameOrigin(req, origin);
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  if (req.method !== 'POST') return true; // PUT/PATCH/DELETE always need a CORS preflight
  if (req.headers.authorization || req.headers[CLIENT_HEADER]) return true;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type !== '' && !SIMPLE_TYPES.has(type);
}

export function registerRequestGuard(app: FastifyInstance, opts: RequestGuardOptions) {
  app.addHook('onRequest', async (req, reply) => {
    if (!hostAllowed(req.headers.host, opts)) {
      return reply.status(421).send({ error: { code: 'bad_host', message: 'this server does not answer to that Host name' } });
    }
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    if (routeAccess(req) === 'ingest' || routeAccess(req) === 'live') return; // keyed by a secret in the request, not a cookie
    if (!writeAllowed(req)) {
      return reply.status(403).send({ error: { code: 'cross_site', message: 'cross-site writes are refused: a write needs this server\'s own Origin, a JSON body, an Authorization header or an X-MileVault-Client header' } });
    }
  });
}
