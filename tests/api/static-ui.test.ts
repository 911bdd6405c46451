import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { configFromEnv } from '../../server/config.js';
import { createServices } from '../../server/start.js';

describe('serving the built renderer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'milevault-ui-'));
  const ui = join(dir, 'ui');
  let app: Awaited<ReturnType<typeof buildApp>>;
  let services: Awaited<ReturnType<typeof createServices>>;
  beforeAll(async () => {
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>MileVault</title>');
    writeFileSync(join(ui, 'assets', 'a.js'), 'console.log(1)');
    const config = { ...configFromEnv({}), dataDir: join(dir, 'data') };
    services = await createServices(config, 1);
    app = await buildApp({ config, ...services, version: 't', rendererDir: ui });
  });
  afterAll(async () => {
    await app.close();
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html, assets, and the app for client-side routes', async () => {
    expect((await app.inject({ url: '/' })).body).toContain('MileVault');
    const js = await app.inject({ url: '/assets/a.js' });
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect((await app.inject({ url: '/activities/123' })).body).toContain('MileVault');
  });

  it('serves files added after start (a rebuilt renderer) and 404s missing assets', async () => {
    writeFileSync(join(ui, 'assets', 'b.js'), 'console.log(2)');
    expect((await app.inject({ url: '/assets/b.js' })).body).toBe('console.log(2)');
    const missing = await app.inject({ url: '/assets/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });
});
