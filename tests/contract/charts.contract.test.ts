import { randomUUID } from 'node:crypto';
import { storageAdapters, storageWithTwoAthletes } from '../helpers/storage-adapters.js';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHART_MAX_POINTS, STREAM_CHANNELS } from '../../shared/activity.js';
import { fillStoredCharts } from '../../server/services/streams-render/chart-fill.js';
import { renderStreams } from '../../server/services/streams-render/render-streams.js';
import { STORED_CHART_VERSION, withStoredChart } from '../../server/services/streams-render/stored-chart.js';
import { prepareStreams } from '../../server/storage/stream-codec.js';
import { makeParsedActivity } from '../helpers/parsed-activity.js';

/**
 * Stored charts (repos/activity-charts.repo.ts) on SQLite and on a real PostgreSQL: written with
 * their streams, replaced or dropped with them, per athlete, filled for activities without one,
 * and always what rendering the current blob answers.
 */
const adapters = storageAdapters;

/** What GET …/streams renders from the blob for the activity page's request, as JSON text. */
function renderedJson(blob: Uint8Array): string {
  return Buffer.from(renderStreams(blob, { channels: STREAM_CHANNELS, maxPoints: CHART_MAX_POINTS })).toString();
}

describe.each(adapters)('stored charts contract: %s', (_kind, factory) => {
  const db = storageWithTwoAthletes(factory);
  const A = 'user-a';
  const B = 'user-b';

  async function insert(user: string, opts: { n?: number; chart?: boolean; speedMps?: number } = {}) {
    const id = randomUUID();
    const parsed = makeParsedActivity({ n: opts.n ?? 3000, speedMps: opts.speedMps });
    const encoded = prepareStreams(parsed.streams);
    await db.storage.activities.insert({ id, userId: user, originalSha256: randomUUID(), sourceIndex: 0, name: 'Ride', parsed, streams: opts.chart === false ? encoded : withStoredChart(encoded) });
    return { id, parsed, blob: encoded.blob };
  }

  it('stores the chart with its streams: the gzip body is exactly the rendered answer, for its athlete only', async () => {
    const { id, blob } = await insert(A);
    const body = await db.storage.charts.read(A, id, STORED_CHART_VERSION);
    expect(body).not.toBeNull();
    expect(gunzipSync(body!).toString()).toBe(renderedJson(blob));
    expect(await db.storage.charts.read(B, id, STORED_CHART_VERSION)).toBeNull();
    expect(await db.storage.charts.read(A, id, STORED_CHART_VERSION + 1)).toBeNull();
    expect(await db.storage.charts.read(A, randomUUID(), STORED_CHART_VERSION)).toBeNull();
    expect(await db.storage.charts.read(A, `x' OR '1'='1`, STORED_CHART_VERSION)).toBeNull();
  });

  it('drops the chart when the activity goes (one and in bulk) and replaces it when a re-parse replaces the streams', async () => {
    const one = await insert(A);
    expect(await db.storage.activities.delete(A, one.id)).toMatchObject({ deleted: true });
    expect(await db.storage.charts.read(A, one.id, STORED_CHART_VERSION)).toBeNull();

    const two = await insert(A);
    const three = await insert(A);
    expect(await db.storage.activityList.bulkDelete(A, [two.id, three.id])).toHaveLength(2);
    for (const x of [two, three]) expect(await db.storage.charts.read(A, x.id, STORED_CHART_VERSION)).toBeNull();

    const four = await insert(A);
    const other = makeParsedActivity({ n: 1800, speedMps: 5 });
    const encoded = prepareStreams(other.streams);
    // Re-parsed streams without a chart: the old chart must not answer for the new streams.
    expect(await db.storage.activities.refreshParsed(A, four.id, { parsed: other, streams: encoded, parserVersion: 2 })).toBe(true);
    expect(await db.storage.charts.read(A, four.id, STORED_CHART_VERSION)).toBeNull();
    expect(await db.storage.activities.refreshParsed(A, four.id, { parsed: other, streams: withStoredChart(encoded), parserVersion: 3 })).toBe(true);
    expect(gunzipSync((await db.storage.charts.read(A, four.id, STORED_CHART_VERSION))!).toString()).toBe(renderedJson(encoded.blob));
  });

  it('the fill stores a chart only from the current blob, and fills every activity without one', async () => {
    const a = await insert(A, { chart: false });
    const b = await insert(B, { chart: false, speedMps: 4 });
    const missing = async () => {
      const out: string[] = [];
      let after: string | null = null;
      // Two at a time: the scan continues across steps, however few a step finds.
      for (let i = 0; i < 100; i++) {
        const step = await db.storage.charts.missing(after, 2);
        out.push(...step.missing.map((r) => r.activityId));
        if (step.next === null) break;
        after = step.next;
      }
      return out;
    };
    expect((await missing()).sort()).toEqual([a.id, b.id].sort());
    // A blob that is not the stored one (a re-parse happened meanwhile), or another athlete's id: nothing stored.
    const stale = prepareStreams(makeParsedActivity({ n: 900, speedMps: 2 }).streams).blob;
    expect(await db.storage.charts.fill(A, a.id, stale, { version: STORED_CHART_VERSION, body: new Uint8Array([1, 2, 3]) })).toBe(false);
    expect(await db.storage.charts.fill(B, a.id, a.blob, { version: STORED_CHART_VERSION, body: new Uint8Array([1, 2, 3]) })).toBe(false);
    expect(await db.storage.charts.read(A, a.id, STORED_CHART_VERSION)).toBeNull();

    const report = await fillStoredCharts({ storage: db.storage });
    expect(report).toEqual({ filled: 2, failed: 0 });
    expect(await missing()).toEqual([]);
    expect(gunzipSync((await db.storage.charts.read(A, a.id, STORED_CHART_VERSION))!).toString()).toBe(renderedJson(a.blob));
    expect(gunzipSync((await db.storage.charts.read(B, b.id, STORED_CHART_VERSION))!).toString()).toBe(renderedJson(b.blob));
    expect(await fillStoredCharts({ storage: db.storage })).toEqual({ filled: 0, failed: 0 });
  });

  it('a chart of another version counts as missing and the fill replaces it', async () => {
    const { id, blob } = await insert(A, { chart: false });
    expect(await db.storage.charts.fill(A, id, blob, { version: STORED_CHART_VERSION - 1, body: new Uint8Array([9]) })).toBe(true);
    expect(await db.storage.charts.read(A, id, STORED_CHART_VERSION)).toBeNull();
    expect(await db.storage.charts.dropOtherVersions(STORED_CHART_VERSION, 1000)).toBe(1);
    expect((await db.storage.charts.missing(null, 1000)).missing.map((r) => r.activityId)).toContain(id);
    await db.storage.charts.fill(A, id, blob, { version: STORED_CHART_VERSION - 1, body: new Uint8Array([9]) });
    // The fill drops it and renders the current version.
    await fillStoredCharts({ storage: db.storage });
    expect(gunzipSync((await db.storage.charts.read(A, id, STORED_CHART_VERSION))!).toString()).toBe(renderedJson(blob));
  });
});
