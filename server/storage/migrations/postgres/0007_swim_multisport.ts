import { sql, type Kysely } from 'kysely';

/**
 * Issue 13 (swims, multisport, small wrong numbers):
 * - activity_metrics.legs_json: per-leg analysis of multisport events (domain/multisport/legs.ts);
 * - activity_metrics.analysis_version: the version of the maths a row was computed with. Rows
 *   below ANALYSIS_VERSION (domain/analysis/analysis-version.ts) are recomputed on start by a
 *   full recompute job (services/analysis/recompute-jobs.ts `recomputeStale`); existing rows get 0;
 * - averages a device left at 0 (or out) although it moved: distance / timer time
 *   (14582164182.fit.gz: 14.92 km in 27:12 with avg_speed 0); a speed of 0 without any
 *   distance is "not measured" (RowingCIQspeed.FIT, Indoor_Cycling2smO2sensors.fit) and becomes
 *   NULL, shown as "—". The parsers apply the same rule to new imports (domain/summary-sanity.ts).
 */
const TABLES = ['activities', 'activity_sessions', 'activity_laps'];

const statements = [
  `ALTER TABLE activity_metrics ADD COLUMN legs_json TEXT`,
  `ALTER TABLE activity_metrics ADD COLUMN analysis_version INTEGER NOT NULL DEFAULT 0`,
  ...TABLES.flatMap((t) => [
    `UPDATE ${t} SET avg_speed_mps = distance_m / COALESCE(NULLIF(timer_time_s, 0), elapsed_time_s)
       WHERE (avg_speed_mps IS NULL OR avg_speed_mps = 0) AND distance_m > 0 AND COALESCE(NULLIF(timer_time_s, 0), elapsed_time_s) > 0`,
    `UPDATE ${t} SET avg_speed_mps = NULL WHERE avg_speed_mps = 0 AND (distance_m IS NULL OR distance_m = 0)`,
    `UPDATE ${t} SET max_speed_mps = NULL WHERE max_speed_mps = 0 AND (distance_m IS NULL OR distance_m = 0)`,
  ]),
  // A whole activity or session that records 0 m and no speed measured no distance ("—", not
  // "0.00 km"); a 0 m lap is a rest and keeps its 0.
  ...['activities', 'activity_sessions'].map((t) => `UPDATE ${t} SET distance_m = NULL WHERE distance_m = 0 AND avg_speed_mps IS NULL AND max_speed_mps IS NULL`),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup instead');
}
