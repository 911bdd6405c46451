import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHART_MAX_POINTS, STREAM_CHANNELS } from '../../shared/activity.js';
import { LOCAL_USER_ID } from '../../server/plugins/auth.js';
import { openStorage } from '../../server/storage/open-storage.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { startServer, type RunningServer } from '../../server/start.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';

/**
 * A data folder from before charts were stored (activities with streams and no chart): the
 * server answers their charts by rendering, and shortly after it starts it stores them, after
 * which the activity page's request is answered from the stored gzip, with the same JSON.
 */
describe('stored charts filled when the server starts', () => {
  const root = mkdtempSync(join(tmpdir(), 'milevault-chart-fill-'));
  const dataDir = join(root, 'data');
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('renders until the fill has run, then serves the stored chart', async () => {
    const storage = await openStorage({ dataDir });
    const ids: string[] = [];
    try {
      await storage.users.ensure(LOCAL_USER_ID, 'Local');
      for (const n of [3600, 600]) {
        const parsed = makeParsedActivity({ n, startTime: new Date(Date.UTC(2026, 4, 1 + ids.length, 6)).toISOString() });
        const id = randomUUID();
        await storage.activities.insert({ id, userId: LOCAL_USER_ID, originalSha256: randomBytes(32).toString('hex'), sourceIndex: 0, name: 'Old run', parsed, streams: prepareStreams(parsed.streams) });
        ids.push(id);
      }
    } finally {
      await storage.close();
    }
    const token = 'chart-fill-launch-token';
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, authToken: token });
    const url = (id: string) => `${server!.url}/api/v1/activities/${id}/streams?channels=${STREAM_CHANNELS.join(',')}&maxPoints=${CHART_MAX_POINTS}`;
    const get = (id: string, accept: string) => fetch(url(id), { headers: { authorization: `Bearer ${token}`, 'accept-encoding': accept } });
    // Right after start: rendered (a client offering Brotli gets Brotli).
    const first = await get(ids[0]!, 'br, gzip');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-encoding')).toBe('br');
    const plain = await Promise.all(ids.map(async (id) => (await get(id, 'identity')).text()));
    // The fill starts 2 s after listening; two charts take milliseconds.
    let encoding: string | null = null;
    for (let i = 0; i < 100 && encoding !== 'gzip'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      encoding = (await get(ids[1]!, 'br, gzip')).headers.get('content-encoding');
    }
    expect(encoding).toBe('gzip');
    for (const [k, id] of ids.entries()) {
      const res = await get(id, 'br, gzip');
      expect(res.headers.get('content-encoding')).toBe('gzip');
      // fetch undoes the content coding: the stored gzip's JSON, byte for byte the rendered one.
      expect(await res.text()).toBe(plain[k]);
    }
  }, 30_000);
});
