import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { liveIdParams, livePlanBody, liveSessionsQuery, liveShareBody, liveShareParams, liveShareQuery, liveTokenCreateBody, type LiveSessionDto, type LiveViewMessage } from '../../shared/live-api.js';
import { idParams } from '../../shared/schemas.js';
import type { ServerConfig } from '../config.js';
import { badRequest } from '../plugins/errors.js';
import type { LiveService } from '../services/live/live.service.js';
import { parseOsmAndFields, parseOwnTracks, parseTraccarJson, type TrackerRequest } from '../services/live/tracker-protocols.js';

export interface LiveRouteDeps {
  live: LiveService;
  config: Pick<ServerConfig, 'tileUrl' | 'tileAttribution' | 'publicUrl'>;
}

/** A planned route's GPX: a 300 km ultra at 1 s resolution is ~6 MB of GPX. */
const MAX_PLAN_GPX_BYTES = 20 * 1024 * 1024;

/** A viewer that reads slower than we write is dropped rather than buffered without bound. */
const MAX_VIEWER_BUFFER = 8 * 1024 * 1024;

function unauthorized(reply: FastifyReply, basic = false) {
  if (basic) reply.header('www-authenticate', 'Basic realm="MileVault live"');
  return reply.status(401).send({ error: { code: 'unauthorized', message: 'missing, invalid or revoked live token' } });
}

function noPositions(reply: FastifyReply, req: TrackerRequest) {
  const why = req.items.map((i) => ('problem' in i ? i.problem : '')).find(Boolean) ?? 'no position';
  return reply.status(400).send({ error: { code: 'bad_request', message: `no usable position in the request (${why}): lat and lon are required` } });
}

/** The password of `Authorization: Basic …` (OwnTracks sends the token there). */
function basicPassword(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i >= 0 ? decoded.slice(i + 1) : undefined;
}

function formFields(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) && !('location' in body) ? (body as Record<string, unknown>) : {};
}

/**
 * Live sharing (issue 19). Three kinds of caller, declared per route (plugins/auth.ts):
 * - the athlete (token access): tracker tokens, sessions, share links;
 * - tracker apps (`live` access): no session cookie, the live token in the request decides the
 *   user; they POST forms without an Origin, which the cross-site guard lets through for this kind;
 * - viewers (`public`): one session's trail by its share token, as JSON or over a WebSocket.
 */
export async function liveRoutes(app: FastifyInstance, { live, config }: LiveRouteDeps) {
  const absolute = (share: LiveSessionDto['share']) => ({ ...share, absoluteUrl: config.publicUrl ? `${config.publicUrl}${share.url}` : null });

  // ── the athlete ──
  app.post('/api/v1/live/tokens', { schema: { body: liveTokenCreateBody } }, async (req, reply) => {
    const body = (req.body ?? {}) as { name?: string };
    return reply.status(201).send(await live.createToken(req.userId, body.name ?? 'Phone'));
  });
  app.get('/api/v1/live/tokens', async (req) => ({ items: await live.listTokens(req.userId) }));
  app.delete('/api/v1/live/tokens/:id', { schema: { params: idParams } }, async (req, reply) => {
    if (!(await live.revokeToken(req.userId, (req.params as { id: string }).id))) return reply.status(404).send({ error: { code: 'not_found', message: 'no such live token (or already revoked)' } });
    return reply.status(204).send();
  });
  app.get('/api/v1/live/sessions', { schema: { querystring: liveSessionsQuery } }, async (req) => {
    const items = await live.listSessions(req.userId, (req.query as { limit: number }).limit);
    return { items: items.map((s) => ({ ...s, share: absolute(s.share) })) };
  });
  app.post('/api/v1/live/sessions/:id/stop', { schema: { params: liveIdParams } }, async (req, reply) => {
    await live.stopSession(req.userId, (req.params as { id: string }).id);
    return reply.status(204).send();
  });
  app.post('/api/v1/live/sessions/:id/share', { schema: { params: liveIdParams, body: liveShareBody } }, async (req) => {
    const body = (req.body ?? {}) as { expiresInH?: number };
    return absolute(await live.reshare(req.userId, (req.params as { id: string }).id, body.expiresInH));
  });
  app.delete('/api/v1/live/sessions/:id/share', { schema: { params: liveIdParams } }, async (req, reply) => {
    await live.revokeShare(req.userId, (req.params as { id: string }).id);
    return reply.status(204).send();
  });

  // Planned route: a GPX (as the body, or multipart like segments), or JSON { routeId | activityId }.
  await app.register(async (scope) => {
    scope.addContentTypeParser(['application/gpx+xml', 'application/xml', 'text/xml', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_PLAN_GPX_BYTES }, (_req, body, done) => done(null, body));
    scope.put('/api/v1/live/sessions/:id/plan', { bodyLimit: MAX_PLAN_GPX_BYTES, schema: { params: liveIdParams, body: { content: { 'application/json': { schema: livePlanBody } } } } }, async (req) => {
      const { id } = req.params as { id: string };
      const nameQ = typeof (req.query as Record<string, unknown>)?.name === 'string' ? ((req.query as Record<string, string>).name).slice(0, 200) : undefined;
      if (req.isMultipart()) {
        let gpx: Buffer | null = null;
        const fields: Record<string, string> = {};
        for await (const part of req.parts({ limits: { fileSize: MAX_PLAN_GPX_BYTES } })) {
          if (part.type === 'file') gpx ??= await part.toBuffer();
          else fields[part.fieldname] = String(part.value);
        }
        if (!gpx) throw badRequest('planned route: send a GPX file');
        return live.attachPlan(req.userId, id, { gpx, name: fields.name?.slice(0, 200) || nameQ });
      }
      if (Buffer.isBuffer(req.body)) return live.attachPlan(req.userId, id, { gpx: req.body, name: nameQ });
      const b = (req.body ?? {}) as { routeId?: string; activityId?: string; name?: string };
      if (b.routeId && !b.activityId) return live.attachPlan(req.userId, id, { routeId: b.routeId, name: b.name });
      if (b.activityId && !b.routeId) return live.attachPlan(req.userId, id, { activityId: b.activityId, name: b.name });
      throw badRequest('planned route: send a GPX (application/gpx+xml or multipart), or JSON with one of routeId or activityId');
    });
  });
  app.delete('/api/v1/live/sessions/:id/plan', { schema: { params: liveIdParams } }, async (req, reply) => {
    await live.detachPlan(req.userId, (req.params as { id: string }).id);
    return reply.status(204).send();
  });

  // ── tracker apps ──
  await app.register(async (scope) => {
    // OsmAnd/Traccar Client POST urlencoded forms; some send text/plain. Parsed here only.
    scope.addContentTypeParser(['application/x-www-form-urlencoded', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => {
      const text = String(body);
      if (text.trimStart().startsWith('{') || text.trimStart().startsWith('[')) {
        try {
          return done(null, JSON.parse(text));
        } catch {
          /* not JSON: read it as a form */
        }
      }
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(text)) {
        const cur = out[k];
        out[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
      }
      done(null, out);
    });

    const osmand = async (req: FastifyRequest, reply: FastifyReply) => {
      const now = Date.now();
      const query = (req.query ?? {}) as Record<string, unknown>;
      const body = req.body;
      const json = body !== undefined && body !== null && (Array.isArray(body) || (typeof body === 'object' && 'location' in body));
      const parsed = json ? parseTraccarJson(body, now, typeof query.id === 'string' ? query.id : undefined) : parseOsmAndFields({ ...formFields(body), ...query }, now);
      const result = await live.ingest(parsed);
      if (!result) return unauthorized(reply);
      if (!parsed.items.length || parsed.items.every((i) => 'problem' in i && (i.problem === 'missing_position' || i.problem === 'not_a_location'))) return noPositions(reply, parsed);
      return result;
    };
    scope.get('/api/v1/live/osmand', { config: { access: 'live' } }, osmand);
    scope.post('/api/v1/live/osmand', { config: { access: 'live' } }, osmand);

    scope.post('/api/v1/live/owntracks', { config: { access: 'live' } }, async (req, reply) => {
      const q = (req.query ?? {}) as Record<string, unknown>;
      const token = basicPassword(req) ?? (typeof q.token === 'string' ? q.token : undefined);
      const items = parseOwnTracks(req.body, Date.now());
      const result = await live.ingest({ token, items });
      if (!result) return unauthorized(reply, true);
      if (items.length && items.every((i) => 'problem' in i)) return noPositions(reply, { token, items });
      // OwnTracks reads the answer as a list of messages to show (friends' positions): none.
      return reply.header('x-milevault-accepted', String(result.accepted)).send([]);
    });
  });

  // ── viewers ──
  await app.register(async (scope) => {
    await scope.register(websocket, { options: { maxPayload: 4096 } });
    scope.route({
      method: 'GET',
      url: '/api/v1/live/share/:shareToken',
      schema: { params: liveShareParams, querystring: liveShareQuery },
      config: { access: 'public' },
      // Polling fallback (and the first load): the trail after `since`, the session's state.
      handler: async (req, reply) => {
        const { shareToken } = req.params as { shareToken: string };
        const { since, after, plan } = req.query as { since?: number; after?: number; plan?: number };
        const { sessionId: _omit, ...view } = await live.view(shareToken, since ?? null, undefined, after ?? null, since === undefined || plan === 1);
        reply.header('cache-control', 'no-store');
        return { ...view, tileUrl: config.tileUrl, tileAttribution: config.tileAttribution };
      },
      wsHandler: (socket, req) => {
        const { shareToken } = req.params as { shareToken: string };
        const { since, after } = req.query as { since?: number; after?: number };
        let unsubscribe = () => {};
        let expiry: NodeJS.Timeout | undefined;
        // Proxies close a socket that stays silent for a minute (an athlete at a feed station).
        const keepAlive = setInterval(() => socket.ping(), 25_000);
        socket.on('close', () => {
          unsubscribe();
          clearInterval(keepAlive);
          if (expiry) clearTimeout(expiry);
        });
        socket.on('message', () => {}); // viewers have nothing to say; a ping from the page is fine
        const send = (text: string) => {
          if (socket.readyState !== socket.OPEN) return;
          if (socket.bufferedAmount > MAX_VIEWER_BUFFER) return void socket.terminate();
          socket.send(text);
        };
        const gone = (msg: LiveViewMessage) => {
          send(JSON.stringify(msg));
          socket.close(4410, msg.type === 'gone' ? msg.reason : 'gone');
        };
        void (async () => {
          try {
            const session = await live.shared(shareToken);
            // Subscribe before reading, so a batch written in between is not lost (the page
            // merges by time, so a point in both the snapshot and a push is harmless).
            const queued: string[] = [];
            let ready = false;
            unsubscribe = live.subscribe(session.id, {
              send: () => {},
              raw: (text) => {
                if (!ready) queued.push(text);
                else send(text);
                if (text.startsWith('{"type":"gone"')) socket.close(4410, 'gone');
              },
            });
            let cursor = since ?? null;
            let first = true;
            for (;;) {
              // Only the first page takes `after` (late points); later pages continue by time.
              const { sessionId: _omit, ...view } = await live.view(shareToken, cursor, undefined, first ? (after ?? null) : null, first);
              if (first) send(JSON.stringify({ type: 'snapshot', ...view, plan: view.plan ?? null, tileUrl: config.tileUrl, tileAttribution: config.tileAttribution } satisfies LiveViewMessage));
              else send(JSON.stringify({ type: 'points', points: view.points, session: view.session, serverNowMs: view.serverNowMs } satisfies LiveViewMessage));
              first = false;
              if (!view.more || !view.points.length) break;
              cursor = view.points[view.points.length - 1]!.t;
            }
            ready = true;
            for (const q of queued) send(q);
            const left = session.shareExpiresAtMs - Date.now();
            expiry = setTimeout(() => gone({ type: 'gone', reason: 'expired' }), Math.max(0, Math.min(left, 2 ** 31 - 1)));
          } catch (e) {
            const code = (e as { code?: string }).code;
            gone({ type: 'gone', reason: code === 'revoked' ? 'revoked' : code === 'expired' ? 'expired' : 'not_found' });
          }
        })();
      },
    });
  });
}
