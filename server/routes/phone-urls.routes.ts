import { networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { phoneUrlsQuery } from '../../shared/phone-urls.js';
import type { ServerConfig } from '../config.js';
import { phoneUrls } from '../services/phone-urls.js';

/**
 * GET /api/v1/phone-urls (issue 17): where a phone can send Health Auto Export data. The port is
 * the one this request arrived on (the desktop app listens on a random one), not PORT.
 */
export async function phoneUrlsRoutes(app: FastifyInstance, deps: { config: ServerConfig; interfaces?: typeof networkInterfaces }) {
  const ifaces = deps.interfaces ?? networkInterfaces;
  app.get('/api/v1/phone-urls', { schema: { querystring: phoneUrlsQuery } }, async (req) => phoneUrls(deps.config, req.socket.localPort || deps.config.port, ifaces()));
}
