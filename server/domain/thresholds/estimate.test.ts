import { describe, expect, it } from 'vitest';
import { meanMax } from '../analysis/mean-max.js';
import { estimateThresholds, recentBests, type BestRow } from './estimate.js';

/** A 1 s series: `blocks` of [seconds, value] one after another. */
function series(blocks: [number, number][]): Float64Array {
  const out: number[] = [];
  for (const [s, v] of blocks) for (let i = 0; i < s; i++) out.push(v);
  return Float64Array.from(out);
}

/** The rows the records table would hold for one activity's curve. */
function bests(sport: string, kind: BestRow['kind'], s: Float64Array, startIso: string, activityId: string): BestRow[] {
  const c = meanMax(s, kind === 'power' ? 0 : null)!;
  const startTimeMs = Date.parse(startIso);
  const year = new Date(startTimeMs).getUTCFullYear();
  return c.durationsS.map((durationS, i) => ({ sport, kind, durationS, year, value: c.values[i]!, activityId, startTimeMs }));
}

const byKind = (list: ReturnType<typeof estimateThresholds>) => new Map(list.map((e) => [`${e.kind}:${e.sport ?? '*'}`, e]));

describe('threshold estimates', () => {
  it('FTP is 95% of the best 20-minute power, from the activity that holds it', () => {
    // 10 min warm-up at 180 W, 20 min at 300 W, 30 min at 200 W: 20-min best 300, 60-min avg lower.
    const ride = series([[600, 180], [1200, 300], [1800, 200]]);
    const e = byKind(estimateThresholds({ bests: bests('cycling', 'power', ride, '2019-05-12T08:00:00Z', 'r1') })).get('ftp:*')!;
    expect(e.value).toBe(285);
    expect(e.basedOn).toMatchObject({ activityId: 'r1', date: '2019-05-12', durationS: 1200, value: 300 });
    expect(e.validFrom).toBe('2019-05-12');
    expect(e.method).toMatch(/95% of your best 20-minute power \(300 W/);
  });

  it('uses the hour power when an hour was held at over 95% of the 20-minute best', () => {
    const ride = series([[3600, 260], [300, 150]]);
    const e = byKind(estimateThresholds({ bests: bests('cycling', 'power', ride, '2020-07-01T08:00:00Z', 'r2') })).get('ftp:*')!;
    expect(e.value).toBe(260);
    expect(e.basedOn?.durationS).toBe(3600);
  });

  it('threshold HR per sport, max HR from 10 s (a 1 s strap spike ignored), threshold pace by Riegel', () => {
    // Run: 30 min at 3.5 m/s and 170 bpm after a warm-up; a single 235 bpm spike (artefact).
    const hr = series([[600, 140], [1800, 170], [1, 235], [600, 150]]);
    const speed = series([[600, 2.8], [1800, 3.5], [601, 3.0]]);
    const rows = [...bests('running', 'hr', hr, '2021-03-03T07:00:00Z', 'run1'), ...bests('running', 'pace', speed, '2021-03-03T07:00:00Z', 'run1')];
    const e = byKind(estimateThresholds({ bests: rows }));
    expect(e.get('threshold_hr:running')!.value).toBe(Math.round(0.95 * 170));
    expect(e.get('threshold_hr:cycling')).toBeUndefined();
    // 10 s best: 9 s at 170 and the 235 spike → 176.5, not 235.
    expect(e.get('max_hr:*')!.value).toBe(Math.round((9 * 170 + 235) / 10));
    // Best 30-min speed 3.5 m/s → hour speed 3.5 × 2^-0.0566.
    const pace = e.get('threshold_pace:running')!;
    expect(pace.value).toBeCloseTo(3.5 * Math.pow(2, 1 / 1.06 - 1), 3);
    expect(pace.value).toBeLessThan(3.5);
    expect(pace.method).toMatch(/Riegel/);
  });

  it('counts only the latest two years of data', () => {
    const old = bests('cycling', 'power', series([[1200, 400], [60, 100]]), '2015-06-01T08:00:00Z', 'old');
    const recent = bests('cycling', 'power', series([[1200, 250], [60, 100]]), '2019-06-01T08:00:00Z', 'new');
    expect(recentBests([...old, ...recent]).every((r) => r.activityId === 'new')).toBe(true);
    expect(byKind(estimateThresholds({ bests: [...old, ...recent] })).get('ftp:*')!.value).toBe(Math.round(0.95 * 250));
    // All-time rows (year 0) never decide the window.
    expect(recentBests(old.map((r) => ({ ...r, year: 0 })))).toEqual([]);
  });

  it('resting HR is the median of the last 30 days, and nothing is invented without data', () => {
    const days = Array.from({ length: 40 }, (_, i) => ({ date: `2018-01-${String((i % 28) + 1).padStart(2, '0')}`, bpm: i < 10 ? 70 : 50 + (i % 3) }));
    const e = byKind(estimateThresholds({ bests: [], restingHr: days })).get('resting_hr:*')!;
    expect(e.value).toBe(51);
    expect(estimateThresholds({ bests: [] })).toEqual([]);
    expect(estimateThresholds({ bests: [], restingHr: days.slice(0, 3) })).toEqual([]);
  });

  it('rejects implausible values (a car ride recorded as a run)', () => {
    const rows = bests('running', 'pace', series([[1800, 15]]), '2022-01-01T00:00:00Z', 'car');
    expect(byKind(estimateThresholds({ bests: rows })).get('threshold_pace:running')).toBeUndefined();
  });
});
