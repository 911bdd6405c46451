import { hrvBelowNormal } from './hrv-below-normal.detector.js';
import type { Detector } from './insight-types.js';
import { loadRamp } from './load-ramp.detector.js';
import { newPr } from './new-pr.detector.js';
import { restingHrElevated } from './resting-hr-elevated.detector.js';

/** Every detector the insight runner executes, in order. */
export const DETECTORS: readonly Detector<any>[] = [restingHrElevated, hrvBelowNormal, loadRamp, newPr];
