/**
 * One Health Auto Export metric object `{ name, units, data: [...] }` → samples (FORMATS.md §7).
 * Handles every documented point shape: `{qty,date}`, heart rate's capitalised `Min/Avg/Max`,
 * blood pressure, blood glucose with `mealTime`, sexual activity counts, handwashing/toothbrushing
 * and insulin delivery. Sleep is parsed in hae-sleep.ts. Pure; throws nothing.
 */
import { parseHaeDate } from './hae-date.js';
import { HAE_METRICS } from './hae-metric-map.js';
import { convertUnit, normUnit, unitDim } from './hae-units.js';
import { finite, type SampleValue } from './wellness-batch.js';

export const HAE_SOURCE = 'apple_health';

export interface MetricOutcome {
  samples: SampleValue[];
  /** Local day and UTC offset of every point, per sample metric (daily values are recomputed from them). */
  days: { metric: string; date: string; offsetMin: number }[];
  skipped: number;
  /** Set when the whole metric is unusable (reported in the response, nothing stored). */
  error: string | null;
}

const BASE_UNIT: Record<string, string> = {
  length: 'm', mass: 'kg', energy: 'kcal', time: 's', temperature: 'degC', glucose: 'mmol/L', speed: 'm/s', volume: 'L', ratio: '%',
};

function genericSpec(name: string, units: string): { metric: string; unit: string } {
  const dim = unitDim(units);
  const unit = dim && BASE_UNIT[dim] ? BASE_UNIT[dim] : normUnit(units) || 'count';
  const suffix = unit.replace(/[^a-z0-9]+/gi, '') || 'pct';
  return { metric: `hae_${name}_${unit === '%' ? 'pct' : suffix}`, unit };
}

export function parseHaeMetric(m: unknown): MetricOutcome & { name: string } {
  const out: MetricOutcome & { name: string } = { name: '?', samples: [], days: [], skipped: 0, error: null };
  if (!m || typeof m !== 'object') return { ...out, error: 'a metric must be an object' };
  const { name, units, data } = m as { name?: unknown; units?: unknown; data?: unknown };
  if (typeof name !== 'string' || !name) return { ...out, error: 'a metric has no name' };
  out.name = name;
  if (!Array.isArray(data)) return { ...out, error: `${name}: "data" must be an array` };
  const unitStr = typeof units === 'string' ? units : '';
  const spec = HAE_METRICS[name] ?? genericSpec(name, unitStr);
  const known = name in HAE_METRICS;

  const conv = (v: number, to = spec.unit, percent = HAE_METRICS[name]?.percent): number | null => {
    if (percent) {
      // Apple stores SpO2 and body fat as fractions; HAE writes percent, older versions fractions.
      const pct = normUnit(unitStr) === '%' || unitStr === '' ? v : convertUnit(v, unitStr, '%');
      return pct === null ? null : pct <= 1 ? pct * 100 : pct;
    }
    if (!unitStr && known) return v;
    return convertUnit(v, unitStr || to, to);
  };
  if (known && unitStr && !HAE_METRICS[name].percent && convertUnit(1, unitStr, spec.unit) === null) {
    return { ...out, error: `${name}: cannot convert units "${unitStr}" to ${spec.unit}` };
  }

  const seenDays = new Set<string>();
  const push = (metric: string, t: ReturnType<typeof parseHaeDate>, v: number | null) => {
    if (!t || v === null || !Number.isFinite(v)) return false;
    out.samples.push({ metric, tMs: t.ms, value: v, source: HAE_SOURCE });
    const dayKey = `${metric}|${t.date}|${t.offsetMin}`;
    if (!seenDays.has(dayKey)) {
      seenDays.add(dayKey);
      out.days.push({ metric, date: t.date, offsetMin: t.offsetMin });
    }
    return true;
  };

  for (const p of data as unknown[]) {
    if (!p || typeof p !== 'object') {
      out.skipped++;
      continue;
    }
    const pt = p as Record<string, unknown>;
    const t = parseHaeDate(pt.date ?? pt.startDate);
    let ok = false;
    if (name === 'heart_rate') {
      // Capitalised Min/Avg/Max (units "count/min" or "bpm"); older exports use qty.
      const avg = finite(pt.Avg ?? pt.avg ?? pt.qty);
      ok = push('hrBpm', t, avg === null ? null : conv(avg, 'bpm'));
      const mn = finite(pt.Min ?? pt.min);
      const mx = finite(pt.Max ?? pt.max);
      if (ok && mn !== null) push('hrMinBpm', t, conv(mn, 'bpm'));
      if (ok && mx !== null) push('hrMaxBpm', t, conv(mx, 'bpm'));
    } else if (name === 'blood_pressure') {
      const sys = finite(pt.systolic);
      const dia = finite(pt.diastolic);
      ok = push('bpSystolicMmHg', t, sys);
      ok = push('bpDiastolicMmHg', t, dia) || ok;
    } else if (name === 'sexual_activity') {
      const n = (finite(pt.Unspecified) ?? 0) + (finite(pt['Protection Used']) ?? 0) + (finite(pt['Protection Not Used']) ?? 0);
      ok = push('sexualActivityCount', t, n);
    } else if (name === 'insulin_delivery') {
      const q = finite(pt.qty);
      ok = push(pt.reason === 'Basal' ? 'insulinBasalIU' : 'insulinBolusIU', t, q);
    } else {
      const q = finite(pt.qty);
      ok = push(spec.metric, t, q === null ? null : conv(q));
    }
    if (!ok) out.skipped++;
  }
  if (data.length > 0 && out.samples.length === 0) {
    out.error = `${name}: none of the ${data.length} data points could be read (dates must be "yyyy-MM-dd HH:mm:ss Z", values numbers)`;
  }
  return out;
}
