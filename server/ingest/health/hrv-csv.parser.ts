/**
 * HRV app CSV exports (corpus wellness/hrv-apps, from GoldenCheetah's test folder):
 * - HRV4Training Android: `date, time, HR, AVNN, SDNN, rMSSD, …` (yyyy-dd-MM dates, "01:00"; 0.0 = no measurement);
 * - HRV4Training iOS: CR line endings, `date, timestamp_measurement, HR, …, rMSSD` with
 *   "2018-05-18 7:33:16 a. m. +0000" times and "-" for days without a measurement;
 * - Elite HRV: `Member, Date, Datetime, Type, HRV, lnRmssd, Rmssd, …, HR`.
 * The morning rMSSD becomes the day's `hrvMs`, the heart rate of the reading `morningHrBpm`.
 */
import { parse } from 'csv-parse/sync';
import { emptyBatch, finite, isDate, type WellnessBatch } from './wellness-batch.js';

export function parseHrvCsv(text: string): WellnessBatch | { skipped: string } {
  // The header decides; other CSVs (a folder of FitCSVTool dumps, 100 MB of them) are turned away
  // without parsing them whole.
  const firstLine = text.slice(0, 4096).replace(/^\uFEFF/, '').split(/\r\n?|\n/, 1)[0].toLowerCase();
  const names = firstLine.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  if (!names.includes('rmssd') || !(names.includes('hrv4t_recovery_points') || (names.includes('lnrmssd') && names.includes('member')))) {
    return { skipped: 'not an HRV4Training or Elite HRV export (no rMSSD column)' };
  }
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let records: string[][];
  try {
    records = parse(clean, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    return { skipped: `not a readable CSV file (${e instanceof Error ? e.message : String(e)})` };
  }
  if (records.length < 2) return { skipped: 'the CSV file holds no rows' };
  const header = records[0].map((h) => h.trim().toLowerCase());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const iRmssd = col('rmssd');
  const iHr = col('hr');
  let iDate = col('date');
  let source: string;
  if (header.includes('hrv4t_recovery_points')) source = 'hrv4training';
  else if (header.includes('lnrmssd') && header.includes('member')) source = 'elite_hrv';
  else return { skipped: 'not an HRV4Training or Elite HRV export (no rMSSD column)' };
  if (iRmssd < 0 || iDate < 0) return { skipped: 'the CSV has no date or rMSSD column' };
  if (source === 'elite_hrv' && iDate < 0) iDate = col('datetime');
  const iType = col('type');

  // HRV4Training Android writes yyyy-dd-MM ("2017-29-08"): one middle part above 12 settles it for the file.
  const dayFirst = records.slice(1).some((r) => Number((r[iDate] ?? '').slice(5, 7)) > 12);
  const b = emptyBatch();
  const seen = new Set<string>();
  for (const r of records.slice(1)) {
    const raw = (r[iDate] ?? '').slice(0, 10);
    const date = dayFirst ? `${raw.slice(0, 4)}-${raw.slice(8, 10)}-${raw.slice(5, 7)}` : raw;
    if (!isDate(date)) continue;
    // Elite HRV also records non-morning sessions ("open"); the daily value is the readiness one.
    if (source === 'elite_hrv' && iType >= 0 && r[iType] && r[iType] !== 'readiness') continue;
    const rmssd = finite(r[iRmssd]);
    if (rmssd === null || rmssd <= 0) continue;
    if (seen.has(date)) continue; // first reading of the day is the morning one
    seen.add(date);
    b.daily.push({ metric: 'hrvMs', date, value: rmssd, source });
    const hr = iHr >= 0 ? finite(r[iHr]) : null;
    if (hr !== null && hr > 0) b.daily.push({ metric: 'morningHrBpm', date, value: hr, source });
  }
  if (!b.daily.length) return { skipped: 'the CSV holds no HRV measurement' };
  return b;
}
