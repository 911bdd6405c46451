/**
 * Issue 14: GET /api/v1/health reports database, disk free on the data folder, queue depth and
 * workers, and answers 503 when any check is critical (a full disk, a database that is gone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthDto } from '../../shared/api.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('health check', () => {
  let t: TestApp;
  let free = 50 * 1024 ** 3;
  beforeAll(async () => {
    t = await createTestApp({ authToken: 'k'.repeat(40) }, { diskFree: async () => ({ freeBytes: free, totalBytes: 100 * 1024 ** 3 }) });
  }, 60_000);
  afterAll(() => t.close());

  const health = async () => {
    const r = await t.app.inject({ url: '/api/v1/health' });
    return { status: r.statusCode, body: r.json() as HealthDto };
  };

  it('is public and reports every check', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.database).toMatchObject({ kind: 'sqlite', status: 'ok' });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.disk).toMatchObject({ status: 'ok', freeBytes: 50 * 1024 ** 3, path: t.dataDir });
    expect(body.queue).toEqual({ status: 'ok', importJobs: 0 });
    expect(body.workers).toMatchObject({ status: 'ok', size: 2, restarts: 0 });
  });

  it('warns when the disk runs low and answers 503 when it is nearly full', async () => {
    free = 500 * 1024 ** 2;
    let h = await health();
    expect(h.status).toBe(200);
    expect(h.body.status).toBe('warning');
    expect(h.body.disk!.status).toBe('warning');
    free = 10 * 1024 ** 2;
    h = await health();
    expect(h.status).toBe(503);
    expect(h.body.status).toBe('critical');
    expect(h.body.disk!.status).toBe('critical');
    free = 50 * 1024 ** 3;
  });

  it('measures the real data folder by default', async () => {
    const real = await createTestApp();
    try {
      const r = (await real.app.inject({ url: '/api/v1/health' })).json() as HealthDto;
      expect(r.disk!.totalBytes).toBeGreaterThan(0);
      expect(r.disk!.freeBytes).toBeGreaterThan(0);
    } finally {
      await real.close();
    }
  });

  it('answers 503 when the database is gone', async () => {
    await t.services.storage.close();
    const h = await health();
    expect(h.status).toBe(503);
    expect(h.body.status).toBe('critical');
    expect(h.body.database.status).toBe('error');
  });
});
