/**
 * GET /api/v1/records?sport=&from=&to= (issue 17): the bests of a range of local days, read from
 * the stored efforts, on SQLite and on a real PostgreSQL; without from/to the stored records as
 * before; a bad or half range is a 400 that says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsDto } from '../../shared/analysis-api.js';
import { makeFitActivity } from '../helpers/fit-fixture.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const backends: [string, () => Promise<{ t: TestApp; drop?: () => Promise<void> }>][] = [
  ['sqlite', async () => ({ t: await createTestApp() })],
  ['postgres', async () => {
    const db = await createTestDatabase();
    expect(db, 'PostgreSQL must be available to the test run').not.toBeNull();
    return { t: await createTestApp({ databaseUrl: db!.url }), drop: db!.drop };
  }],
];

describe.each(backends)('records of a range: %s', (_name, make) => {
  let t: TestApp;
  let drop: (() => Promise<void>) | undefined;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ({ t, drop } = await make());
    // 2022: the fastest (4 m/s); 2023: 3.5 m/s; 2024: 3 m/s. 20 minutes each, so 1 km and 2 km efforts exist.
    const job = await t.importAndWait([
      { name: 'fast-2022.fit', bytes: makeFitActivity({ startTime: new Date('2022-05-10T07:00:00Z'), durationS: 1200, speedMps: 4 }) },
      { name: 'mid-2023.fit', bytes: makeFitActivity({ startTime: new Date('2023-05-10T07:00:00Z'), durationS: 1200, speedMps: 3.5 }) },
      { name: 'slow-2024.fit', bytes: makeFitActivity({ startTime: new Date('2024-05-10T07:00:00Z'), durationS: 1200, speedMps: 3 }) },
    ]);
    expect(job.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported']);
    for (const f of job.files) ids[f.name.slice(0, -4)] = f.activityId!;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  const get = (qs: string) => t.app.inject({ url: `/api/v1/records?sport=running${qs}` });
  const km = (body: RecordsDto) => body.items.find((r) => r.kind === 'distance' && r.key === 1000);

  it('gives the bests of the range, not the all-time ones', async () => {
    const all = (await get('')).json() as RecordsDto;
    expect(all.range).toBeUndefined();
    expect(km(all)!.activityId).toBe(ids['fast-2022']);

    const r = (await get('&from=2023-01-01&to=2024-12-31')).json() as RecordsDto;
    expect(r.range).toEqual({ from: '2023-01-01', to: '2024-12-31', truncated: false });
    expect(km(r)).toMatchObject({ activityId: ids['mid-2023'], scope: 'all', date: '2023-05-10', year: 2023 });
    expect(km(r)!.valueS).toBeCloseTo(1000 / 3.5, 0);
    expect(new Set(r.items.map((i) => i.activityId))).toEqual(new Set([ids['mid-2023']]));

    const only2024 = (await get('&from=2024-05-10&to=2024-05-10')).json() as RecordsDto;
    expect(km(only2024)!.activityId).toBe(ids['slow-2024']);
    expect(km(only2024)!.startOffsetS).not.toBeUndefined();
    expect(((await get('&from=2025-01-01&to=2025-12-31')).json() as RecordsDto).items).toEqual([]);
  });

  it('refuses a half, reversed, unreal or too long range with a 400', async () => {
    for (const [qs, msg] of [
      ['&from=2023-01-01', /both from and to/],
      ['&to=2023-01-01', /both from and to/],
      ['&from=2024-01-01&to=2023-01-01', /from/],
      ['&from=2023-02-30&to=2023-03-01', /from|date/],
      ['&from=1900-01-01&to=2099-12-31', /days|range/],
      ['&from=yesterday&to=2023-01-01', /from/],
    ] as const) {
      const res = await get(qs);
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.message, qs).toMatch(msg);
    }
  });
});
