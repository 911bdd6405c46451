/** The sport vocabulary moved to domain/sport-vocabulary.ts (one table for every format); re-exported for the parsers. */
export { GENERIC_SPORT, inferSport, normalizeSport, type SportHints, type SportName } from '../../domain/sport-vocabulary.js';
