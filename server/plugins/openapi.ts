import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { responsesFor } from '../routes/response-schemas.js';

/**
 * OpenAPI 3 generated from the route schemas (issue 14): `/api/openapi.json` and an interactive
 * reference at `/api/docs` (Swagger UI, served from the package: no CDN, our CSP holds).
 *
 * Access: both are public. The document describes the API surface that the open-source code
 * already publishes (paths, parameters, shapes) and holds no data of anyone; tools (client
 * generators, the docs page before a login) can read it without a credential. Every data route it
 * lists still needs its token, session or key.
 *
 * Must be registered before the routes: the response schemas of routes that do not declare their
 * own are attached here (routes/response-schemas.ts), and @fastify/swagger collects routes as they
 * are added.
 */
export async function registerOpenApi(app: FastifyInstance, opts: { version: string }) {
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const method = methods.find((m) => m !== 'HEAD') ?? methods[0];
    if (r.schema?.response) return;
    const response = responsesFor(method, r.url);
    if (response) r.schema = { ...(r.schema ?? {}), response };
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'MileVault API',
        version: opts.version,
        description:
          'Self-hosted fitness tracker. SI units, unit in the name. Errors are `{ "error": { "code", "message" } }`. ' +
          'Authenticate with `Authorization: Bearer <token>` (launch token, personal access token) or the session cookie.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // Static UI files, the docs' own assets and the document itself are not API.
    transform: ({ schema, url, route }) => {
      const hidden = !(url.startsWith('/api/') || url.startsWith('/auth/') || url === '/metrics') || url.startsWith('/api/docs') || url === '/api/openapi.json';
      const access = (route.config as { access?: string } | undefined)?.access ?? 'token';
      const out = { ...(schema ?? {}), ...(hidden ? { hide: true } : {}) } as Record<string, unknown>;
      if (access !== 'token') out.security = access === 'public' ? [] : [{ bearer: [] }];
      if (access !== 'token') out.description = `access: ${access}`;
      return { schema: out as typeof schema, url };
    },
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    return reply.header('cache-control', 'no-cache').send(app.swagger());
  });
  await app.register(async (scope) => {
    scope.addHook('onRoute', (r) => {
      r.config = { ...r.config, access: 'public' };
    });
    await scope.register(swaggerUi, {
      routePrefix: '/api/docs',
      uiConfig: { deepLinking: true, docExpansion: 'list' },
      staticCSP: false,
    });
  });
}
