/**
 * Generated Health Auto Export payloads (FORMATS.md §7) for the API tests and the health bench:
 * every documented metric shape, both workout versions, and a realistic year of data. Dates are
 * written exactly as the app writes them: "yyyy-MM-dd HH:mm:ss Z".
 */
export function haeDate(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${sign}${p(Math.floor(a / 60))}${p(a % 60)}`;
}

const OFF = -240; // UTC-4, as in the corpus sample
/** 2025-04-18 00:00 local (UTC-4). */
export const DAY0_MS = Date.UTC(2025, 3, 18, 4, 0, 0);

/** One metric of every documented point shape, on 2025-04-18 (local), in imperial/kJ units where the phone may use them. */
export function allShapesPayload(): { data: { metrics: unknown[]; workouts: unknown[] } } {
  const t = (h: number, m = 0) => haeDate(DAY0_MS + h * 3600_000 + m * 60_000, OFF);
  return {
    data: {
      metrics: [
        { name: 'step_count', units: 'count', data: [{ qty: 1200, date: t(8), source: 'iPhone' }, { qty: 800, date: t(12), source: 'Watch|iPhone' }] },
        { name: 'walking_running_distance', units: 'mi', data: [{ qty: 1, date: t(8) }, { qty: 0.5, date: t(12) }] },
        { name: 'active_energy', units: 'kJ', data: [{ qty: 418.4, date: t(8) }] },
        { name: 'heart_rate', units: 'count/min', data: [{ date: t(3), Min: 48, Avg: 52, Max: 60, source: 'Watch' }, { date: t(9), Min: 70, Avg: 95, Max: 130, source: 'Watch' }] },
        { name: 'resting_heart_rate', units: 'bpm', data: [{ qty: 50, date: t(7) }] },
        { name: 'heart_rate_variability', units: 'ms', data: [{ qty: 62, date: t(4) }, { qty: 58, date: t(5) }] },
        { name: 'blood_oxygen_saturation', units: '%', data: [{ qty: 97, date: t(2) }, { qty: 0.94, date: t(3) }] },
        { name: 'respiratory_rate', units: 'count/min', data: [{ qty: 14, date: t(3) }] },
        { name: 'weight_body_mass', units: 'lb', data: [{ qty: 154.324, date: t(7) }] },
        { name: 'body_fat_percentage', units: '%', data: [{ qty: 18.5, date: t(7) }] },
        { name: 'vo2_max', units: 'ml/(kg·min)', data: [{ qty: 51.2, date: t(10) }] },
        { name: 'apple_sleeping_wrist_temperature', units: 'degF', data: [{ qty: 96.8, date: t(4) }] },
        { name: 'blood_pressure', units: 'mmHg', data: [{ date: t(9), systolic: 118, diastolic: 76 }] },
        { name: 'blood_glucose', units: 'mg/dL', data: [{ date: t(9), qty: 90.078, mealTime: 'Before Meal' }] },
        { name: 'sexual_activity', units: 'count', data: [{ date: t(22), Unspecified: 0, 'Protection Used': 1, 'Protection Not Used': 0 }] },
        { name: 'handwashing', units: 's', data: [{ date: t(9), qty: 22, value: 'Complete' }] },
        { name: 'toothbrushing', units: 's', data: [{ date: t(21), qty: 120, value: 'Complete' }] },
        { name: 'insulin_delivery', units: 'IU', data: [{ date: t(9), qty: 4, reason: 'Bolus' }, { date: t(10), qty: 1, reason: 'Basal' }] },
        {
          name: 'sleep_analysis',
          units: 'hr',
          data: [{ date: '2025-04-17', totalSleep: 7.5, asleep: 7.5, core: 4, deep: 1.5, rem: 2, inBed: 8, sleepStart: haeDate(DAY0_MS - 2 * 3600_000 - 86_400_000, OFF), sleepEnd: haeDate(DAY0_MS - 86_400_000 + 6 * 3600_000, OFF), inBedStart: haeDate(DAY0_MS - 2.5 * 3600_000 - 86_400_000, OFF), inBedEnd: haeDate(DAY0_MS - 86_400_000 + 6.2 * 3600_000, OFF) }],
        },
        { name: 'dietary_water', units: 'mL', data: [{ qty: 500, date: t(12) }] },
      ],
      workouts: [],
    },
  };
}

/** Route points every `stepS` seconds moving north-east at `speed` m/s. */
function route(startMs: number, n: number, v2: boolean, stepS = 5, speed = 3) {
  return Array.from({ length: n }, (_, i) => {
    const lat = 40.7 + (i * stepS * speed) / 111_320;
    const lon = -74.0 + (i * stepS * speed * 0.2) / 85_000;
    const timestamp = haeDate(startMs + i * stepS * 1000, OFF);
    return v2
      ? { latitude: lat, longitude: lon, altitude: 10 + Math.sin(i / 20) * 5, course: 10, courseAccuracy: 1, speed, speedAccuracy: 0.5, horizontalAccuracy: 3, verticalAccuracy: 2, timestamp }
      : { lat, lon, altitude: 10 + Math.sin(i / 20) * 5, timestamp };
  });
}

export function workoutV2(startMs = DAY0_MS + 7 * 3600_000, points = 360): Record<string, unknown> {
  const durationS = points * 5;
  return {
    id: `A1B2C3D4-0000-4000-8000-${String(startMs).slice(-12)}`,
    name: 'Outdoor Run',
    start: haeDate(startMs, OFF),
    end: haeDate(startMs + durationS * 1000, OFF),
    duration: durationS,
    location: 'Outdoor',
    isIndoor: false,
    activeEnergyBurned: { qty: 1255.2, units: 'kJ' },
    distance: { qty: 3.355, units: 'mi' },
    heartRateData: Array.from({ length: Math.ceil(durationS / 60) }, (_, i) => ({ date: haeDate(startMs + i * 60_000, OFF), Min: 120, Avg: 140 + (i % 10), Max: 160, units: 'count/min', source: 'Watch' })),
    route: route(startMs, points, true),
    metadata: {},
  };
}

export function workoutV1(startMs = DAY0_MS + 17 * 3600_000, points = 240): Record<string, unknown> {
  const durationS = points * 5;
  return {
    name: 'Outdoor Cycle',
    start: haeDate(startMs, OFF),
    end: haeDate(startMs + durationS * 1000, OFF),
    duration: durationS,
    totalEnergy: { qty: 250, units: 'kcal' },
    activeEnergy: { qty: 200, units: 'kcal' },
    avgHeartRate: { qty: 131, units: 'bpm' },
    maxHeartRate: { qty: 158, units: 'bpm' },
    distance: { qty: 7.2, units: 'km' },
    elevation: { units: 'ft', ascent: 164.04, descent: 150 },
    heartRateData: Array.from({ length: Math.ceil(durationS / 60) }, (_, i) => ({ date: haeDate(startMs + i * 60_000, OFF), qty: 125 + (i % 12), units: 'count/min' })),
    route: route(startMs, points, false, 5, 6),
  };
}

/**
 * A year of Apple Watch data as one "Default" export: minute heart rate while awake, hourly steps,
 * distance and energy, daily resting HR, HRV, SpO2, weight, and staged sleep every night.
 */
export function yearPayload(days = 365, startMs = Date.UTC(2024, 3, 18, 4)): { data: { metrics: unknown[]; workouts: unknown[] } } {
  const hr: unknown[] = [];
  const steps: unknown[] = [];
  const energy: unknown[] = [];
  const rhr: unknown[] = [];
  const hrv: unknown[] = [];
  const spo2: unknown[] = [];
  const weight: unknown[] = [];
  const sleep: unknown[] = [];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let d = 0; d < days; d++) {
    const day = startMs + d * 86_400_000;
    for (let m = 7 * 60; m < 23 * 60; m++) hr.push({ date: haeDate(day + m * 60_000, OFF), Min: 60, Avg: Math.round(65 + rnd() * 30), Max: 110 });
    for (let h = 7; h < 23; h++) {
      steps.push({ qty: Math.round(rnd() * 900), date: haeDate(day + h * 3600_000, OFF), source: 'Watch' });
      energy.push({ qty: Math.round(rnd() * 60), date: haeDate(day + h * 3600_000, OFF) });
    }
    rhr.push({ qty: Math.round(48 + rnd() * 6), date: haeDate(day + 7 * 3600_000, OFF) });
    hrv.push({ qty: Math.round(45 + rnd() * 30), date: haeDate(day + 5 * 3600_000, OFF) });
    spo2.push({ qty: 95 + Math.round(rnd() * 4), date: haeDate(day + 3 * 3600_000, OFF) });
    weight.push({ qty: 70 + rnd(), date: haeDate(day + 7 * 3600_000, OFF) });
    let t = day - 1.5 * 3600_000;
    for (let c = 0; c < 5; c++) {
      for (const [value, min] of [['Core', 45], ['Deep', 25], ['REM', 20], ['Awake', 3]] as const) {
        sleep.push({ startDate: haeDate(t, OFF), endDate: haeDate(t + min * 60_000, OFF), value, qty: min / 60, source: 'Watch' });
        t += min * 60_000;
      }
    }
  }
  return {
    data: {
      metrics: [
        { name: 'heart_rate', units: 'count/min', data: hr },
        { name: 'step_count', units: 'count', data: steps },
        { name: 'active_energy', units: 'kcal', data: energy },
        { name: 'resting_heart_rate', units: 'count/min', data: rhr },
        { name: 'heart_rate_variability', units: 'ms', data: hrv },
        { name: 'blood_oxygen_saturation', units: '%', data: spo2 },
        { name: 'weight_body_mass', units: 'kg', data: weight },
        { name: 'sleep_analysis', units: 'hr', data: sleep },
      ],
      workouts: [],
    },
  };
}
