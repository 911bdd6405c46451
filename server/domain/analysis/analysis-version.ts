/**
 * The version of the per-activity analysis maths. Bump it when a change alters what
 * computeActivityMetrics or the effort rows produce for existing activities: on start, every user
 * with a metrics row below it gets a full recompute (services/analysis/recompute-jobs.ts).
 *
 * 1: issue 13 — pool swims from lengths (best efforts, pace curve, per-pool-length records),
 *    swim best efforts 100–1500 m, multisport analysed per leg under each leg's sport.
 * 2: issue 13 §3 — analysis reads the cleaned streams (domain/clean: limits, GPS jumps, distance
 *    catch-up steps, altitude leaps), pace curves start at each sport's shortest GPS-supported
 *    duration, records leave out activities dated before 2000 or in the future.
 * (0: rows computed before the version existed.)
 */
export const ANALYSIS_VERSION = 2;
