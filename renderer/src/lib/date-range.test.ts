import { describe, expect, it } from 'vitest';
import { addDays, anchorDay, formatRange, isDay, jumpYears, matchPreset, monthRange, parseRange, presetLabel, presetRange, shiftRange, splitRange } from './date-range';

const extent = { first: '2016-04-02', last: '2019-08-14' };

describe('date ranges', () => {
  it('opens on the last day with data when it is old, on today when it is recent', () => {
    expect(anchorDay('2026-12-02', '2019-08-14', 91)).toBe('2019-08-14');
    expect(anchorDay('2026-12-02', '2026-11-20', 91)).toBe('2026-12-02');
    expect(anchorDay('2026-12-02', '2026-09-03', 91)).toBe('2026-12-02');
    expect(anchorDay('2026-12-02', '2026-09-02', 91)).toBe('2026-09-02');
    expect(anchorDay('2026-12-02', '2026-09-02', 28)).toBe('2026-09-02');
    expect(anchorDay('2026-12-02', null, 28)).toBe('2026-12-02');
    // A future-dated day (bad device clock) never moves the view past today.
    expect(anchorDay('2026-12-02', '2080-01-01', 28)).toBe('2026-12-02');
  });

  it('builds each preset around the anchor', () => {
    const a = '2019-08-14';
    expect(presetRange('4w', a, extent)).toEqual({ from: '2019-07-18', to: a });
    expect(presetRange('3m', a, extent)).toEqual({ from: '2019-05-16', to: a });
    expect(presetRange('1y', a, extent)).toEqual({ from: '2018-08-15', to: a });
    expect(presetRange('year', a, extent)).toEqual({ from: '2019-01-01', to: a });
    expect(presetRange('prev', a, extent)).toEqual({ from: '2018-01-01', to: '2018-12-31' });
    expect(presetRange('all', a, extent)).toEqual({ from: '2016-04-02', to: a });
    expect(presetRange('all', a, null)).toEqual({ from: '2018-08-15', to: a });
    // Rolling presets count days: across 29 Feb 2020, 365 days ending 2020-03-01 start 2019-03-03.
    expect(presetRange('1y', '2020-03-01', null).from).toBe('2019-03-03');
  });

  it('labels year presets by the year when the data is not from this year', () => {
    expect(presetLabel('year', '2019-08-14', '2026-12-02')).toBe('2019');
    expect(presetLabel('prev', '2019-08-14', '2026-12-02')).toBe('2018');
    expect(presetLabel('year', '2026-11-30', '2026-12-02')).toBe('This year');
    expect(presetLabel('prev', '2026-11-30', '2026-12-02')).toBe('Previous year');
  });

  it('recognises a preset from the URL range', () => {
    expect(matchPreset({ from: '2019-05-16', to: '2019-08-14' }, '2019-08-14', extent)).toBe('3m');
    expect(matchPreset({ from: '2019-05-17', to: '2019-08-14' }, '2019-08-14', extent)).toBeNull();
  });

  it('reads only real, ordered days from the URL', () => {
    expect(parseRange(new URLSearchParams('from=2019-01-01&to=2019-02-01'))).toEqual({ from: '2019-01-01', to: '2019-02-01' });
    expect(parseRange(new URLSearchParams('from=2019-02-30&to=2019-03-01'))).toBeNull();
    expect(parseRange(new URLSearchParams('from=2019-03-01&to=2019-02-01'))).toBeNull();
    expect(parseRange(new URLSearchParams('from=0002-01-01&to=2019-02-01'))).toBeNull();
    expect(parseRange(new URLSearchParams('to=2019-02-01'))).toBeNull();
    expect(isDay('2020-02-29')).toBe(true);
    expect(isDay('2019-02-29')).toBe(false);
  });

  it('moves a range by its length, a month or a year by the calendar', () => {
    expect(shiftRange({ from: '2019-03-01', to: '2019-03-31' }, -1)).toEqual({ from: '2019-02-01', to: '2019-02-28' });
    expect(shiftRange({ from: '2019-12-01', to: '2019-12-31' }, 1)).toEqual({ from: '2020-01-01', to: '2020-01-31' });
    expect(shiftRange({ from: '2019-01-01', to: '2019-12-31' }, -1)).toEqual({ from: '2018-01-01', to: '2018-12-31' });
    expect(shiftRange({ from: '2019-03-05', to: '2019-03-11' }, 1)).toEqual({ from: '2019-03-12', to: '2019-03-18' });
    expect(monthRange(2020, 2)).toEqual({ from: '2020-02-01', to: '2020-02-29' });
  });

  it('splits a long range into bounded requests without gaps or overlap', () => {
    const parts = splitRange({ from: '2016-01-01', to: '2019-08-14' }, 400);
    expect(parts[0]!.from).toBe('2016-01-01');
    expect(parts[parts.length - 1]!.to).toBe('2019-08-14');
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.from).toBe(addDays(parts[i - 1]!.to, 1));
    expect(parts.every((p) => p.from <= p.to)).toBe(true);
    expect(splitRange({ from: '2019-01-01', to: '2019-01-01' }, 400)).toEqual([{ from: '2019-01-01', to: '2019-01-01' }]);
  });

  it('offers jump-to years from the first data year, and formats ranges', () => {
    expect(jumpYears(extent, '2026-12-02')).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016]);
    expect(jumpYears(null, '2026-12-02')).toHaveLength(10);
    expect(formatRange({ from: '2019-03-03', to: '2019-05-31' })).toBe('3 Mar – 31 May 2019');
    expect(formatRange({ from: '2018-12-28', to: '2019-01-03' })).toBe('28 Dec 2018 – 3 Jan 2019');
    expect(formatRange({ from: '2019-05-12', to: '2019-05-12' })).toBe('12 May 2019');
    expect(formatRange({ from: '2019-05-01', to: '2019-05-31' })).toBe('1 – 31 May 2019');
  });
});
