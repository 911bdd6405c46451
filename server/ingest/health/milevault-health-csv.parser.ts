/**
 * MileVault's own health CSVs, as the account export writes them (services/export/health-csv.ts):
 * health/daily.csv (date,metric,source,value), health/samples.csv (time,metric,source,value) and
 * health/sleep.csv (date,source,start,end,stages). Uploading them into another instance restores
 * the health store (issue 16: exports that re-import). Pure: text in, a WellnessBatch out.
 */
import { parse } from 'csv-parse/sync';
import { emptyBatch, isDate, type SleepStage, type WellnessBatch } from './wellness-batch.js';

const METRIC_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const STAGES = new Set<SleepStage>(['awake', 'light', 'deep', 'rem', 'asleep', 'unmeasurable']);

export function parseMilevaultHealthCsv(text: string): WellnessBatch | { skipped: string } {
  const clean = text.replace(/^\uFEFF/, '');
  const header = clean.slice(0, 200).split(/\r?\n/, 1)[0]!.trim();
  const kind = header === 'date,metric,source,value' ? 'daily' : header === 'time,metric,source,value' ? 'samples' : header === 'date,source,start,end,stages' ? 'sleep' : null;
  if (!kind) return { skipped: 'not a MileVault health CSV' };
  let rows: string[][];
  try {
    rows = parse(clean, { skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (e) {
    return { skipped: `not a readable CSV file (${e instanceof Error ? e.message : String(e)})` };
  }
  const batch = emptyBatch();
  const bad = (line: number, why: string) => batch.warnings.length < 20 && batch.warnings.push(`line ${line}: ${why}`);
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i]!;
    if (kind === 'sleep') {
      const [date, source, start, end, stagesJson] = r as [string, string, string, string, string];
      const startMs = Date.parse(start);
      const endMs = Date.parse(end);
      let stages: { stage: SleepStage; startMs: number; endMs: number }[] = [];
      try {
        stages = (JSON.parse(stagesJson || '[]') as { stage: string; start: string; end: string }[]).map((s) => ({ stage: s.stage as SleepStage, startMs: Date.parse(s.start), endMs: Date.parse(s.end) }));
      } catch {
        bad(i + 1, 'stages is not JSON');
        continue;
      }
      if (!isDate(date) || !source || !Number.isFinite(startMs) || !(endMs >= startMs) || stages.some((s) => !STAGES.has(s.stage) || !Number.isFinite(s.startMs) || !Number.isFinite(s.endMs))) {
        bad(i + 1, 'not a valid sleep session');
        continue;
      }
      batch.sleep.push({ date, source, startMs, endMs, stages });
      continue;
    }
    const [when, metric, source, raw] = r as [string, string, string, string];
    const value = raw === '' ? NaN : Number(raw);
    if (!METRIC_RE.test(metric) || !source || !Number.isFinite(value)) {
      bad(i + 1, 'metric, source or value missing or not a number');
      continue;
    }
    if (kind === 'daily') {
      if (!isDate(when)) bad(i + 1, `${JSON.stringify(when)} is not a YYYY-MM-DD date`);
      else batch.daily.push({ date: when, metric, source, value });
    } else {
      const tMs = Date.parse(when);
      if (!Number.isFinite(tMs)) bad(i + 1, `${JSON.stringify(when)} is not a time`);
      else batch.samples.push({ tMs, metric, source, value });
    }
  }
  return batch;
}
