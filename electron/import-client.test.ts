import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImportClient, ImportRequestError } from './import-client.js';

interface Captured {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('import client', () => {
  let dir: string;
  let server: Server;
  let baseUrl: string;
  let captured: Captured;
  let reply: { status: number; body: unknown };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mv-import-'));
    reply = { status: 202, body: { id: 'job-1', status: 'queued', done: 0, total: 2, createdAt: '2024-01-01T00:00:00Z', files: [] } };
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        captured = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('latin1') };
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('POSTs the files as multipart to /api/v1/imports with the bearer token', async () => {
    await writeFile(join(dir, 'morning run.FIT'), Buffer.from([0x0e, 0x10, 0xd9, 0x07]));
    await writeFile(join(dir, 'ride.gpx'), '<gpx/>');
    const client = createImportClient({ baseUrl, token: 'a'.repeat(64) });

    const job = await client.importFiles([join(dir, 'morning run.FIT'), join(dir, 'ride.gpx')]);

    expect(job.id).toBe('job-1');
    expect(captured.method).toBe('POST');
    expect(captured.url).toBe('/api/v1/imports');
    expect(captured.headers.authorization).toBe(`Bearer ${'a'.repeat(64)}`);
    expect(captured.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(captured.body).toContain('filename="morning run.FIT"');
    expect(captured.body).toContain('filename="ride.gpx"');
    expect(captured.body).toContain('<gpx/>');
    expect(captured.body).toContain('\x0e\x10\xd9\x07');
  });

  it('turns an API error into an ImportRequestError carrying the server message and status', async () => {
    await writeFile(join(dir, 'big.zip'), 'zip');
    reply = { status: 413, body: { error: { code: 'too_large', message: 'File is larger than 200 MB' } } };
    const err = await createImportClient({ baseUrl, token: 't' }).importFiles([join(dir, 'big.zip')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRequestError);
    expect((err as ImportRequestError).message).toBe('File is larger than 200 MB');
    expect((err as ImportRequestError).status).toBe(413);
    expect((err as ImportRequestError).permanent).toBe(true);
  });

  it('reports an unreachable server as a transient error', async () => {
    await writeFile(join(dir, 'a.fit'), 'x');
    const failing: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const err = await createImportClient({ baseUrl, token: 't', fetch: failing }).importFiles([join(dir, 'a.fit')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRequestError);
    expect((err as ImportRequestError).status).toBeNull();
    expect((err as ImportRequestError).permanent).toBe(false);
    expect(new ImportRequestError('busy', 429).permanent).toBe(false);
    expect(new ImportRequestError('boom', 500).permanent).toBe(false);
  });
});
