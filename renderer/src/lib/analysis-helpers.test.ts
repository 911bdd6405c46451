import { describe, expect, it } from 'vitest';
import type { FitnessRowDto, RecordRowDto, ThresholdDto, TotalsRowDto } from '../../../shared/analysis-api.js';
import { daysByKey, monthGrid, parseMonth, shiftMonth } from './analysis-calendar.js';
import { curveTicks, mergeCurves, valueAt } from './analysis-curves.js';
import { currentRow, fitnessRows, formZone, utcDate } from './analysis-fitness.js';
import { durationLabel, effortLabel, formatEffort, formatLoad } from './analysis-format.js';
import { formatRecord, kindsPresent, recordTable } from './analysis-records.js';
import { parseAnalysisHash } from './analysis-routes.js';
import { formatThreshold, parseThreshold, thresholdHistories, thresholdToText } from './analysis-thresholds.js';
import { formatChange, metricValue, periodLabel, totalsFor, totalsSports, yoyChange } from './analysis-totals.js';
import { formatShare, zoneSegments } from './analysis-zones.js';

describe('analysis routes', () => {
  it('recognises the four pages and nothing else', () => {
    expect(parseAnalysisHash('#/records?sport=cycling')).toMatchObject({ page: 'records' });
    expect(parseAnalysisHash('#/records?sport=cycling')!.query.get('sport')).toBe('cycling');
    expect(parseAnalysisHash('#/fitness')?.page).toBe('fitness');
    expect(parseAnalysisHash('#/calendar?month=2024-05')?.page).toBe('calendar');
    expect(parseAnalysisHash('#/settings/thresholds')?.page).toBe('thresholds');
    expect(parseAnalysisHash('#/settings')).toBeNull();
    expect(parseAnalysisHash('#/activities/records')).toBeNull();
  });
});

describe('analysis labels', () => {
  it('names best-effort distances the way races are named', () => {
    expect(effortLabel(400)).toBe('400 m');
    expect(effortLabel(1000)).toBe('1 km');
    expect(effortLabel(1609.344)).toBe('1 mile');
    expect(effortLabel(804.672)).toBe('½ mile');
    expect(effortLabel(21097.5)).toBe('Half marathon');
    expect(effortLabel(42195)).toBe('Marathon');
    expect(effortLabel(100_000)).toBe('100 km');
  });
  it('labels curve durations', () => {
    expect(durationLabel(1)).toBe('1 s');
    expect(durationLabel(300)).toBe('5 min');
    expect(durationLabel(90)).toBe('1 min 30 s');
    expect(durationLabel(3600)).toBe('1 h');
    expect(durationLabel(5400)).toBe('1 h 30 min');
  });
  it('shows an effort with its pace in either unit system', () => {
    expect(formatEffort(5000, 1200, 'running', 'metric')).toBe('20:00 (4:00 /km)');
    expect(formatEffort(1609.344, 360, 'running', 'imperial')).toBe('6:00 (6:00 /mi)');
    expect(formatEffort(40_000, 3600, 'cycling', 'metric')).toBe('1:00:00 (40.0 km/h)');
  });
  it('signs balances only when asked', () => {
    expect(formatLoad(12.4, true)).toBe('+12');
    expect(formatLoad(-3.6, true)).toBe('-4');
    expect(formatLoad(-0.2, true)).toBe('0');
    expect(formatLoad(null)).toBe('—');
  });
});

describe('calendar grid', () => {
  it('covers the month in whole Monday-first weeks', () => {
    const weeks = monthGrid('2024-05'); // 1 May 2024 was a Wednesday
    expect(weeks[0]!.map((d) => d.key)).toEqual(['2024-04-29', '2024-04-30', '2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-05']);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    const inMonth = weeks.flat().filter((d) => d.inMonth);
    expect(inMonth).toHaveLength(31);
    expect(inMonth[30]!.key).toBe('2024-05-31');
    expect(weeks[weeks.length - 1]![6]!.key).toBe('2024-06-02');
  });
  it('handles a month that starts on a Monday and year boundaries', () => {
    expect(monthGrid('2024-01')[0]![0]!.key).toBe('2024-01-01');
    expect(shiftMonth('2024-01', -1)).toBe('2023-12');
    expect(shiftMonth('2023-12', 1)).toBe('2024-01');
    expect(parseMonth('2024-13')).toBeNull();
    expect(monthGrid('nonsense')).toEqual([]);
  });
  it('indexes server days by key', () => {
    const m = daysByKey([{ date: '2024-05-04', n: 1 }]);
    expect(m.get('2024-05-04')).toEqual({ date: '2024-05-04', n: 1 });
  });
});

describe('curves', () => {
  it('merges an activity curve with the all-time curve up to the activity length', () => {
    const rows = mergeCurves(
      [{ durationS: 1, value: 400 }, { durationS: 60, value: 300 }],
      [{ durationS: 1, value: 900 }, { durationS: 60, value: 450 }, { durationS: 3600, value: 250 }],
    );
    expect(rows).toEqual([
      { durationS: 1, activity: 400, best: 900 },
      { durationS: 60, activity: 300, best: 450 },
    ]);
  });
  it('converts values for display and drops what cannot be shown', () => {
    const rows = mergeCurves([{ durationS: 10, value: 4 }, { durationS: 20, value: 0.1 }], null, (v) => (v < 0.5 ? null : 1000 / v));
    expect(rows.map((r) => r.activity)).toEqual([250, null]);
  });
  it('ticks on round durations and interpolates in log time', () => {
    expect(curveTicks(1, 1800)).toEqual([1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800]);
    const pts = [{ durationS: 10, value: 300 }, { durationS: 1000, value: 100 }];
    expect(valueAt(pts, 100)).toBeCloseTo(200);
    expect(valueAt(pts, 5)).toBeNull();
  });
});

describe('fitness rows', () => {
  const day = (date: string, ctl: number, atl: number, planned = false): FitnessRowDto => ({ date, load: planned ? 0 : 50, ctl, atl, tsb: ctl - atl, rampRate: 1, planned });
  it('splits history from projection and joins them at the last real day', () => {
    const rows = fitnessRows([day('2024-05-03', 41, 60, true), day('2024-05-01', 40, 50), day('2024-05-02', 42, 62)]);
    expect(rows.map((r) => r.date)).toEqual(['2024-05-01', '2024-05-02', '2024-05-03']);
    expect(rows[0]).toMatchObject({ ctl: 40, ctlPlan: null, planned: false });
    expect(rows[1]).toMatchObject({ ctl: 42, ctlPlan: 42, tsb: -20, tsbPlan: -20 });
    expect(rows[2]).toMatchObject({ ctl: null, load: null, ctlPlan: 41, planned: true });
    expect(rows[1]!.t - rows[0]!.t).toBe(86_400_000);
    expect(currentRow(rows)?.date).toBe('2024-05-02');
  });
  it('names form bands and computes UTC days', () => {
    expect(formZone(10).label).toBe('Fresh');
    expect(formZone(-20).label).toBe('Optimal training');
    expect(formZone(-40).tone).toBe('high-risk');
    expect(utcDate(new Date('2024-03-01T23:30:00Z'), -1)).toBe('2024-02-29');
  });
});

describe('records table', () => {
  const r = (kind: RecordRowDto['kind'], key: number, v: number, year: number, scope: 'all' | 'year', id = `a${year}`): RecordRowDto => ({
    kind,
    key,
    ...(kind === 'distance' ? { valueS: v } : kind === 'power' ? { valueW: v } : kind === 'hr' ? { valueBpm: v } : { valueMps: v }),
    activityId: id,
    date: `${year}-06-01`,
    year,
    scope,
  });
  it('puts the all-time best first and years newest first', () => {
    const t = recordTable([r('distance', 5000, 1250, 2023, 'year'), r('distance', 5000, 1200, 2024, 'year'), r('distance', 5000, 1200, 2024, 'all'), r('distance', 1000, 230, 2023, 'year'), r('power', 60, 400, 2024, 'year')], 'distance');
    expect(t.years).toEqual([2024, 2023]);
    expect(t.rows.map((x) => x.key)).toEqual([1000, 5000]);
    expect(t.rows[1]!.all?.valueS).toBe(1200);
    expect(t.rows[1]!.byYear.get(2023)?.valueS).toBe(1250);
    // No "all" row from the server: the best year stands in (lowest time for distances).
    expect(t.rows[0]!.all?.valueS).toBe(230);
  });
  it('keeps the highest value for curve records', () => {
    const t = recordTable([r('power', 60, 380, 2023, 'year'), r('power', 60, 410, 2024, 'year')], 'power');
    expect(t.rows[0]!.all?.valueW).toBe(410);
    expect(kindsPresent([r('hr', 60, 180, 2024, 'all'), r('power', 60, 410, 2024, 'all')])).toEqual(['power', 'hr']);
  });
  it('formats record values in the chosen units', () => {
    expect(formatRecord('distance', 10_000, 2400, 'running', 'metric')).toBe('40:00 (4:00 /km)');
    expect(formatRecord('power', 1200, 301.6, 'cycling', 'metric')).toBe('302 W');
    expect(formatRecord('pace', 60, 1609.344 / 300, 'running', 'imperial')).toBe('5:00 /mi');
  });
});

describe('totals', () => {
  const zero = { count: 0, distanceM: 0, movingTimeS: 0, elapsedTimeS: 0, ascentM: 0, load: 0 };
  const row = (sport: string, start: string, distanceM: number, prevM: number): TotalsRowDto => ({
    period: 'month',
    periodStart: start,
    sport,
    count: 1,
    distanceM,
    movingTimeS: distanceM / 3,
    elapsedTimeS: distanceM / 3,
    ascentM: 10,
    load: 20,
    previousYear: { ...zero, distanceM: prevM },
  });
  const items = [row('running', '2024-05-01', 10_000, 8000), row('all', '2024-05-01', 50_000, 0), row('cycling', '2024-04-01', 40_000, 0), row('running', '2024-04-01', 5000, 0)];
  it('orders sports and periods', () => {
    expect(totalsSports(items)).toEqual(['all', 'cycling', 'running']);
    expect(totalsFor(items, 'running', 10).map((r) => r.periodStart)).toEqual(['2024-04-01', '2024-05-01']);
    expect(totalsFor(items, 'running', 1).map((r) => r.periodStart)).toEqual(['2024-05-01']);
  });
  it('converts metrics and compares with last year', () => {
    expect(metricValue(items[0]!, 'distanceM', 'imperial')).toBeCloseTo(6.2137, 3);
    expect(metricValue(items[0]!, 'movingTimeS', 'metric')).toBeCloseTo(10_000 / 3 / 3600);
    expect(yoyChange(10_000, 8000)).toBeCloseTo(25);
    expect(formatChange(yoyChange(10_000, 8000))).toBe('+25%');
    expect(formatChange(yoyChange(6000, 8000))).toBe('−25%');
    expect(formatChange(yoyChange(5, 0))).toBe('new');
    expect(periodLabel('year', '2024-01-01')).toBe('2024');
    expect(periodLabel('week', '2024-04-29')).toMatch(/^Week of .*2024/);
  });
});

describe('thresholds', () => {
  it('round-trips pace and weight through the athlete units', () => {
    const pace = parseThreshold('threshold_pace', '4:00', 'metric', 'running');
    expect(pace).toEqual({ value: 1000 / 240 });
    expect(thresholdToText('threshold_pace', 1000 / 240, 'metric', 'running')).toBe('4:00');
    expect(formatThreshold('threshold_pace', 1000 / 240, 'metric', 'running')).toBe('4:00 /km');
    expect(thresholdToText('threshold_pace', 1000 / 240, 'imperial', 'running')).toBe('6:26');
    const w = parseThreshold('weight', '154', 'imperial', null);
    expect('value' in w && w.value).toBeCloseTo(69.85, 2);
    expect(thresholdToText('weight', 70, 'imperial', null)).toBe('154.3');
    expect(formatThreshold('ftp', 284.6, 'metric', 'cycling')).toBe('285 W');
  });
  it('rejects nonsense with a reason', () => {
    expect(parseThreshold('ftp', 'abc', 'metric', null)).toHaveProperty('error');
    expect(parseThreshold('max_hr', '400', 'metric', null)).toHaveProperty('error');
    expect(parseThreshold('threshold_pace', '4.30', 'metric', null)).toHaveProperty('error');
  });
  it('groups dated values into histories, newest first, each valid until the next', () => {
    const t = (id: string, kind: ThresholdDto['kind'], sport: string | null, validFrom: string, value: number): ThresholdDto => ({ id, kind, sport, validFrom, value });
    const h = thresholdHistories([t('1', 'weight', null, '2024-01-01', 70), t('2', 'ftp', 'cycling', '2023-01-01', 250), t('3', 'ftp', 'cycling', '2024-03-01', 270), t('4', 'ftp', null, '2022-01-01', 240)]);
    expect(h.map((x) => `${x.kind}:${x.sport}`)).toEqual(['ftp:null', 'ftp:cycling', 'weight:null']);
    expect(h[1]!.entries.map((e) => [e.t.id, e.until])).toEqual([['3', null], ['2', '2024-03-01']]);
  });
});

describe('zones', () => {
  it('computes shares and readable ranges', () => {
    const segs = zoneSegments(
      {
        kind: 'hr',
        basis: { kind: 'threshold_hr', value: 170, validFrom: null },
        zones: [
          { index: 2, name: 'Endurance', min: 120, max: 140, timeS: 900 },
          { index: 1, name: 'Recovery', min: 0, max: 120, timeS: 300 },
          { index: 3, name: 'Tempo', min: 140, max: null, timeS: 0 },
        ],
      },
      'running',
      'metric',
    );
    expect(segs.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(segs.map((s) => s.share)).toEqual([0.25, 0.75, 0]);
    expect(segs[1]!.range).toBe('120–140 bpm');
    expect(segs[2]!.range).toBe('> 140 bpm');
    expect(segs[1]!.time).toBe('15:00');
    expect(formatShare(0.004)).toBe('<1%');
  });
});
