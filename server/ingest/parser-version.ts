/**
 * The version of the parsers' output as stored (summary, sessions, laps, lengths, sport, streams).
 * Raise it when a parser change should also correct activities imported before it: at start,
 * services/activities/reparse-existing.ts re-reads the originals of rows below this version and
 * refreshes them in place.
 *
 * 1: issue 13 — TCX/GPX sports mapped through one vocabulary (swims were "generic"), pool swims
 *    from lengths, chained FIT files split into all their activities, multisport sessions, the
 *    summary sanity rules (averages a device left at 0) and cleaned ascent.
 */
export const PARSER_VERSION = 1;
