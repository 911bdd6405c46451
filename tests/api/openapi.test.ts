/**
 * Issue 14: /api/openapi.json documents every route Fastify registered (walked from the route
 * table, so a new route is covered without touching this file), each with a response schema;
 * /api/docs serves the interactive reference without a token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { createServices } from '../../server/start.js';
import { buildAppWithRouteTable, type RouteEntry } from '../helpers/route-table.js';

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }>; description?: string }> }>>;
}

/** Routes that are not API: the static UI, the docs page's own assets and the document itself. */
const notApi = (r: RouteEntry) => r.url === '/*' || r.url.startsWith('/api/docs') || r.url === '/api/openapi.json' || !(r.url.startsWith('/api/') || r.url.startsWith('/auth/') || r.url === '/metrics');

/** Fastify `:id` → OpenAPI `{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document', () => {
  let app: FastifyInstance;
  let routes: RouteEntry[];
  let services: Awaited<ReturnType<typeof createServices>>;
  let dataDir: string;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'milevault-openapi-'));
    const config: ServerConfig = { ...configFromEnv({}), dataDir, authToken: 'secret-token' };
    services = await createServices(config, 1);
    ({ app, routes } = await buildAppWithRouteTable({ config, ...services, version: 'test' }));
    await app.ready();
    const res = await app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode, 'the document is public').toBe(200);
    doc = res.json() as OpenApiDoc;
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is OpenAPI 3 and lists every registered API route with a response schema', () => {
    expect(doc.openapi).toMatch(/^3\./);
    const api = routes.filter((r) => !notApi(r));
    expect(api.length).toBeGreaterThan(60);
    const undocumented: string[] = [];
    const withoutResponse: string[] = [];
    for (const r of api) {
      const op = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      if (!op) {
        undocumented.push(`${r.method} ${r.url}`);
        continue;
      }
      const ok = Object.entries(op.responses ?? {}).some(([code, resp]) => /^[23]/.test(code) && (resp.content !== undefined || typeof resp.description === 'string'));
      if (!ok) withoutResponse.push(`${r.method} ${r.url}`);
    }
    expect(undocumented, 'routes missing from /api/openapi.json (add a response schema in routes/response-schemas.ts or on the route)').toEqual([]);
    expect(withoutResponse, 'routes without a 2xx/3xx response schema').toEqual([]);
  });

  it('documents request schemas and the error shape', () => {
    const list = doc.paths['/api/v1/activities']?.get as unknown as { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> };
    expect(list.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['limit', 'offset']));
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '4XX']));
    const patch = doc.paths['/api/v1/activities/{id}']?.patch as unknown as { requestBody?: unknown };
    expect(patch.requestBody).toBeDefined();
  });

  it('serves the interactive reference at /api/docs without a token, while the API needs one', async () => {
    const page = await app.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toMatch(/swagger/i);
    expect((await app.inject({ url: '/api/v1/activities' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/activities', headers: { authorization: 'Bearer secret-token' } })).statusCode).toBe(200);
  });
});
