import type { FastifyInstance, RouteOptions } from 'fastify';
import { buildApp, type AppDeps } from '../../server/app.js';

export interface RouteEntry {
  method: string;
  /** The URL pattern as registered (`/api/v1/activities/:id`). */
  url: string;
  schema?: RouteOptions['schema'];
  access?: string;
}

/**
 * Every route the app registers, read from Fastify itself (onRoute), so a route added later is
 * covered by the route-table suites without touching them. HEAD twins of GET routes are left out.
 */
export async function buildAppWithRouteTable(deps: AppDeps): Promise<{ app: FastifyInstance; routes: RouteEntry[] }> {
  const routes: RouteEntry[] = [];
  const app = await buildApp({
    ...deps,
    onRoute: (r) => {
      for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
        if (m === 'HEAD') continue;
        routes.push({ method: m, url: r.url ?? '', schema: r.schema, get access() { return (r.config as { access?: string } | undefined)?.access; } });
      }
    },
  });
  return { app, routes };
}

/** A concrete URL for a pattern: `:param` filled with `value` (default a plausible id), `*` with `rest`. */
export function concreteUrl(pattern: string, value = '00000000-0000-4000-8000-000000000000', rest = 'index.html'): string {
  return pattern.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, value).replace(/\*$/, rest);
}
