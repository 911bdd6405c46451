/**
 * Per-athlete read cache for the pages every visit loads (issue 14): the activity list,
 * records, curves, fitness, totals and the calendar are answered from the bytes sent
 * last time while the athlete's data version (services/read-cache/user-data-versions.ts) and the
 * day are unchanged, with an ETag (a browser's repeat visit costs a 304) and a gzip copy for
 * clients that accept it. The cache key is the athlete and the URL; the route that decides
 * whether a request is cacheable is the one the router matched, never the raw URL.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dayOf } from '../domain/analysis/dates.js';
import { acceptsGzip } from './content-encoding.js';
import type { ReadCacheStore } from '../services/read-cache/read-cache-store.js';
import type { UserDataVersions } from '../services/read-cache/user-data-versions.js';

export const CACHED_ROUTES = new Set([
  '/api/v1/activities',
  // Not an activity or its streams: one entry per activity is a key space as large as the
  // history, and those entries pushed out the pages that cost hundreds of milliseconds to
  // rebuild (records with their spans) when 50 athletes browsed (issue 14).
  '/api/v1/records',
  '/api/v1/curves',
  '/api/v1/fitness',
  '/api/v1/totals',
  '/api/v1/calendar',
]);

/**
 * Too many to keep (one per activity), but cheap to validate: an activity and its chart answer a
 * repeat visit's If-None-Match with a 304, from the athlete's data version alone, before any read
 * or render. The ETag is the hash of the athlete, their data version, the day and the URL, so it
 * changes with any change to their data and is never another athlete's.
 */
export const VALIDATED_ROUTES = new Set(['/api/v1/activities/:id', '/api/v1/activities/:id/streams']);

export interface UserReadCache {
  versions: UserDataVersions;
  store: ReadCacheStore;
  now?: () => number;
}

interface Pending {
  key: string;
  version: string;
  localPart: string;
  day: string;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    readCache?: Pending;
    versionTag?: { etag: string; localPart: string };
  }
}

function versionTag(userId: string, version: string, day: string, url: string): string {
  return `W/"${createHash('sha1').update(`${userId}\n${version}\n${day}\n${url}`).digest('base64url')}"`;
}

export function registerUserReadCache(app: FastifyInstance, cache: UserReadCache): void {
  const now = cache.now ?? Date.now;
  app.decorateRequest('readCache', undefined);
  app.decorateRequest('versionTag', undefined);

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'GET' || !req.userId) return;
    if (VALIDATED_ROUTES.has(req.routeOptions.url ?? '')) {
      const localPart = cache.versions.localPart(req.userId);
      const etag = versionTag(req.userId, await cache.versions.current(req.userId), dayOf(now()), req.url);
      if (req.headers['if-none-match'] === etag) return reply.code(304).header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'accept-encoding').send();
      req.versionTag = { etag, localPart };
      return;
    }
    if (!CACHED_ROUTES.has(req.routeOptions.url ?? '')) return;
    const key = `${req.userId}\n${req.url}`;
    const localPart = cache.versions.localPart(req.userId);
    const version = await cache.versions.current(req.userId);
    const day = dayOf(now());
    const hit = cache.store.get(key, version, day);
    if (!hit) {
      req.readCache = { key, version, localPart, day };
      reply.header('x-milevault-cache', 'miss');
      return;
    }
    reply.header('x-milevault-cache', 'hit').header('etag', hit.etag).header('vary', 'accept-encoding').type(hit.contentType);
    if (req.headers['if-none-match'] === hit.etag) return reply.code(304).send();
    if (hit.gzip && acceptsGzip(req.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(hit.gzip);
    return reply.send(hit.body);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const tag = req.versionTag;
    // Tagged only if nothing of the athlete's changed while the answer was made.
    if (tag && reply.statusCode === 200 && cache.versions.localPart(req.userId) === tag.localPart) reply.header('etag', tag.etag).header('cache-control', 'private, no-cache');
    const p = req.readCache;
    if (!p || reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    // A write while this was computed: answer it, but do not keep it.
    if (cache.versions.localPart(req.userId) !== p.localPart) return payload;
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const entry = cache.store.set(p.key, { version: p.version, day: p.day, contentType, body: Buffer.isBuffer(payload) ? payload : Buffer.from(payload) });
    reply.header('etag', entry.etag).header('vary', 'accept-encoding');
    return payload;
  });

  // Every write an athlete makes through the API moves their version (settings, thresholds,
  // names, exclusions, gear, deletes, merges…), whatever the route.
  app.addHook('onResponse', async (req, reply) => {
    if (!READS.has(req.method) && req.userId && reply.statusCode < 500) cache.versions.bump(req.userId);
  });
}
