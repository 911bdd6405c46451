import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ImportJobDto } from '../../shared/api.js';
import { buildApp, type AppDeps } from '../../server/app.js';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { createServices } from '../../server/start.js';

export interface TestApp {
  app: FastifyInstance;
  services: Awaited<ReturnType<typeof createServices>>;
  dataDir: string;
  close(): Promise<void>;
  upload(files: { name: string; bytes: Uint8Array }[], headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  importAndWait(files: { name: string; bytes: Uint8Array }[]): Promise<ImportJobDto>;
}

/** Builds a multipart/form-data body by hand (field `files`), as a browser would send it. */
export function multipartBody(files: { name: string; bytes: Uint8Array }[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----milevault${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.from(f.bytes));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  // Not a browser: no Origin header, so say so (a cross-site form could not add this header).
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-milevault-client': 'test' } };
}

/** The real app (buildApp + services) on a temp data dir, SQLite unless databaseUrl is given. */
export async function createTestApp(over: Partial<ServerConfig> = {}, extra: Partial<AppDeps> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'milevault-api-'));
  const config: ServerConfig = { ...configFromEnv({}), dataDir, ...over };
  const services = await createServices(config, 2);
  const app = await buildApp({ config, ...services, version: 'test', ...extra });
  const t: TestApp = {
    app,
    services,
    dataDir,
    async close() {
      await app.close();
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async upload(files, headers = {}) {
      const { payload, headers: h } = multipartBody(files);
      const res = await app.inject({ method: 'POST', url: '/api/v1/imports', payload, headers: { ...h, ...headers } });
      return { status: res.statusCode, body: res.json() };
    },
    async importAndWait(files) {
      const res = await t.upload(files);
      if (res.status !== 202) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
      await services.imports.waitFor(res.body.id);
      return (await app.inject({ url: `/api/v1/imports/${res.body.id}` })).json() as ImportJobDto;
    },
  };
  return t;
}
