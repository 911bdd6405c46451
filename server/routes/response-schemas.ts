/**
 * Response schemas of every route (issue 14, "Operable"), keyed by `METHOD url` as registered.
 * The OpenAPI plugin (plugins/openapi.ts) attaches them in an onRoute hook to routes that do not
 * declare `schema.response` themselves, so /api/docs documents every route while eight people
 * edit the routes files at once; a route may always declare its own instead (it wins).
 * tests/api/openapi.test.ts fails on any registered route without one.
 *
 * Fastify also serialises answers with these schemas, and a response schema filters: every object
 * here is open (`additionalProperties: true`) and only fields whose type is certain are typed
 * (a `number` declared for a value that can be null would be sent as 0). The DTO types in shared/
 * remain the precise contract; these document the shape and never drop a field.
 */
type Schema = Record<string, unknown>;

const obj = (description: string, properties: Record<string, Schema> = {}): Schema => ({ type: 'object', description, additionalProperties: true, properties });
const item = (description: string, properties: Record<string, Schema> = {}) => obj(description, properties);
const arr = (of: Schema, description?: string): Schema => ({ type: 'array', items: of, ...(description ? { description } : {}) });
const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
/** Any JSON value (top-level shape documented in words): used where an array or an object is returned. */
const json = (description: string): Schema => ({ description });
const items = (description: string, of: Schema) => obj(description, { items: arr(of) });
const page = (description: string, of: Schema) => obj(description, { items: arr(of), total: int('rows matching, all pages'), limit: int(), offset: int() });
const noContent: Schema = { type: 'null', description: 'done; no body' };
const binary = (contentType: string, description: string): Schema => ({ description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } });
const accepted = obj('accepted: the job started', { id: str('job id') });
const created = (what: string) => obj(`${what} created`);

/** `{ error: { code, message } }`, the one error shape (README). */
export const errorResponse = obj('error', { error: obj('what went wrong', { code: str('machine-readable'), message: str('for people') }) });

const activity = item('activity summary (SI units: distanceM, timerTimeS, avgHrBpm…)', { id: str() });
const detail = obj('activity with sessions, laps, device, analysis (load, zones, curves, best efforts), route, segment efforts');
const route = item('route: id, name, sport, activityIds (newest first), distanceM, activityCount, bestTimeS, lastTimeS…', { id: str() });
const routeDetail = obj('route with its track ([lat, lon]) and every activity ranked');
const segment = item('segment with its track and ranked efforts', { id: str() });
const job = obj('import job: status, done, total, counts, filesTotal, offset, limit, files');
const gear = item('gear with totals', { id: str() });

const R: Record<string, Record<string, Schema>> = {
  'GET /api/v1/health': { 200: obj('healthy: status, version, database, disk, queue, workers'), 503: obj('a check is critical: same body, status "critical"') },
  'GET /api/v1/config': { 200: obj('tile URL and attribution, upload limit, database kind, version') },
  'GET /auth/launch': { 302: json('launch token accepted: session cookie set, redirect to /') },

  'GET /api/v1/activities': { 200: page('activities, newest first', activity) },
  'POST /api/v1/activities/bulk-edit': { 200: obj('how many activities changed') },
  'POST /api/v1/activities/bulk-delete': { 200: obj('how many activities were deleted') },
  'GET /api/v1/activities/:id': { 200: detail },
  'PATCH /api/v1/activities/:id': { 200: detail },
  'POST /api/v1/activities/:id/merge': { 200: obj('the activity kept, with the other merged into it') },
  'POST /api/v1/activities/:id/split': { 201: obj('the activity split out of a merged one') },
  'DELETE /api/v1/activities/:id': { 204: noContent },
  'GET /api/v1/activities/:id/streams': { 200: obj('samples on one time axis (timeS), per channel, downsampled to maxPoints', { sampleCount: int('samples stored'), timeS: arr({ type: 'number' }) }) },
  'GET /api/v1/activities/:id/original': { 200: binary('application/octet-stream', 'the original file as imported') },
  'GET /api/v1/activities/:id/meta': { 200: obj('description, private note, commute, perceived exertion, gear, sources, photos') },
  'PATCH /api/v1/activities/:id/meta': { 200: obj('the activity metadata after the change') },
  'GET /api/v1/activities/:id/media/:sha256': { 200: binary('application/octet-stream', 'a photo that came with an archive') },
  'GET /api/v1/activities/:id/route': { 200: obj('the route this activity follows, or null', { route: json('{ routeId, name, others, rank } or null') }) },
  'GET /api/v1/activities/:id/segment-efforts': { 200: obj('efforts of this activity on segments, ranked', { efforts: arr(item('segment effort')) }) },
  'GET /api/v1/activities/:id/export/:format': { 200: binary('application/octet-stream', 'the activity as GPX, TCX, CSV or GeoJSON') },

  'POST /api/v1/imports': { 202: accepted, 200: obj('dry run: what the upload would import') },
  'GET /api/v1/imports': { 200: json('the newest import jobs (array)') },
  'GET /api/v1/imports/:id': { 200: job },

  'GET /api/v1/settings': { 200: obj('per-athlete settings (timeZone)') },
  'PUT /api/v1/settings': { 200: obj('settings after the change') },
  'GET /api/v1/goals': { 200: obj('year goals per sport (distanceM, movingTimeS)', { year: int(), items: arr(item('goal', { sport: str() })) }) },
  'PUT /api/v1/goals': { 200: obj('the year goals after the change', { year: int(), items: arr(item('goal', { sport: str() })) }) },

  'GET /api/v1/gear': { 200: json('gear with totals (array)') },
  'POST /api/v1/gear': { 201: gear },
  'GET /api/v1/gear/:id': { 200: gear },
  'PATCH /api/v1/gear/:id': { 200: gear },
  'DELETE /api/v1/gear/:id': { 204: noContent },

  'GET /api/v1/routes': { 200: page('routes, most used first', route) },
  'GET /api/v1/routes/previews': { 200: items('simplified tracks of routes for mini maps', item('route preview', { id: str() })) },
  'GET /api/v1/routes/:id': { 200: routeDetail },
  'PATCH /api/v1/routes/:id': { 200: routeDetail },
  'POST /api/v1/routes/:id/merge': { 200: routeDetail },
  'POST /api/v1/routes/:id/split': { 201: routeDetail },
  'POST /api/v1/segments': { 201: segment },
  'GET /api/v1/segments': { 200: page('segments, oldest first', segment) },
  'GET /api/v1/segments/:id': { 200: segment },
  'DELETE /api/v1/segments/:id': { 204: noContent },
  'GET /api/v1/tiles/heatmap/bounds': { 200: obj('bounding box of every track that passes the filter', { bounds: json('{ minLat, maxLat, minLon, maxLon } or null') }) },
  'GET /api/v1/tiles/heatmap/:z/:x/:y.mvt': { 200: binary('application/vnd.mapbox-vector-tile', 'vector tile, layer "tracks"'), 204: noContent },

  'GET /api/v1/records': { 200: obj('all-time and per-year records of a sport with their spans', { sport: str(), items: arr(item('record')) }) },
  'GET /api/v1/records/exclusions': { 200: json('records and activities left out of records') },
  'POST /api/v1/records/exclusions': { 200: obj('exclusion stored; records recomputed'), 201: obj('exclusion stored; records recomputed') },
  'DELETE /api/v1/records/exclusions': { 200: obj('exclusion removed; records recomputed'), 204: noContent },
  'GET /api/v1/records/progression': { 200: obj('how one record improved over time', { items: arr(item('a new best')) }) },
  'GET /api/v1/records/badges': { 200: items('records held per activity', item('badge count')) },
  'GET /api/v1/curves': { 200: obj('all-time mean-max curve', { durationsS: arr({ type: 'number' }), values: arr({ type: 'number' }), activityIds: arr(str()) }) },
  'GET /api/v1/fitness': { 200: obj('daily load, CTL, ATL, TSB, ramp rate (planned days decay)', { from: str(), to: str(), items: arr(item('day')) }) },
  'GET /api/v1/totals': { 200: obj('totals per week, month or year with the year before', { items: arr(item('period')) }) },
  'GET /api/v1/calendar': { 200: obj('one month, day by day, with activities and totals', { month: str(), days: arr(item('day')) }) },
  'GET /api/v1/thresholds': { 200: items('dated thresholds (FTP, HR, pace, weight)', item('threshold', { id: str() })) },
  'POST /api/v1/thresholds': { 201: obj('the threshold and the recompute job it started') },
  'PUT /api/v1/thresholds/:id': { 200: obj('the threshold and the recompute job it started') },
  'DELETE /api/v1/thresholds/:id': { 200: obj('the recompute job the change started'), 204: noContent },
  'GET /api/v1/thresholds/estimates': { 200: obj('thresholds estimated from the activities') },
  'POST /api/v1/analysis/recompute': { 202: obj('recompute job started'), 200: obj('recompute job') },
  'GET /api/v1/analysis/jobs/:id': { 200: obj('recompute job progress and outcome') },
  'GET /api/v1/analysis/extents': { 200: obj('first and last dates with data') },

  'GET /api/v1/health/daily': { 200: obj('daily wellness summaries') },
  'GET /api/v1/health/series/:metric': { 200: obj('one wellness metric over time') },
  'GET /api/v1/health/sleep': { 200: obj('nights of sleep') },
  'GET /api/v1/health/source-priority': { 200: obj('preferred source per metric') },
  'PUT /api/v1/health/source-priority': { 200: obj('preferred sources after the change') },
  'GET /api/v1/insights': { 200: items('insights, newest first', item('insight', { id: str() })) },
  'POST /api/v1/insights/:id/dismiss': { 204: noContent },
  'POST /api/v1/insights/run': { 200: obj('detectors ran', { added: int('new insights') }) },
  'POST /api/v1/api-keys': { 201: obj('the new key, shown once') },
  'GET /api/v1/api-keys': { 200: items('ingest API keys (never the secret)', item('key', { id: str() })) },
  'DELETE /api/v1/api-keys/:id': { 204: noContent },
  'POST /api/v1/ingest/health-auto-export': { 200: obj('what was stored'), 202: obj('accepted') },

  'GET /api/v1/backups': { 200: obj('backups in the folder, last outcome, settings') },
  'POST /api/v1/backups': { 202: accepted },
  'GET /api/v1/backups/jobs/:id': { 200: obj('backup job progress and outcome') },
  'GET /api/v1/backups/files/:name': { 200: binary('application/gzip', 'one backup file (.mvbackup.tar.gz)') },
  'GET /api/v1/backups/settings': { 200: obj('scheduled backups: enabled, cron, folder, keepDaily, keepWeekly') },
  'PUT /api/v1/backups/settings': { 200: obj('scheduled backup settings after the change') },
  'GET /api/v1/housekeeping': { 200: obj('retention settings (incomingHours, jobDetailsDays, healthPayloadDays) and what the last cleanup removed') },
  'PUT /api/v1/housekeeping/settings': { 200: obj('retention settings after the change') },
  'POST /api/v1/housekeeping/run': { 200: obj('what this cleanup removed') },
  'POST /api/v1/account/backup-import': { 202: obj('a desktop backup going into this account: the import job and what it carries', { jobId: str('import job id') }) },
  'GET /api/v1/export/account': { 200: binary('application/zip', 'the whole account in Strava-export shape') },
  'GET /api/v1/export/parquet': { 200: binary('application/zip', 'activities, laps, samples and daily health as Parquet files') },
  'GET /api/v1/export/parquet/:table': { 200: binary('application/vnd.apache.parquet', 'one table (activities, laps, samples, health_daily) as a Parquet file') },

  'POST /api/v1/live/tokens': { 201: obj('the new live token, shown once') },
  'GET /api/v1/live/tokens': { 200: items('live-tracking tokens', item('token', { id: str() })) },
  'DELETE /api/v1/live/tokens/:id': { 204: noContent },
  'GET /api/v1/live/sessions': { 200: items('live sessions with pointCount and share links', item('session', { id: str() })) },
  'POST /api/v1/live/sessions/:id/stop': { 200: obj('the stopped session') },
  'POST /api/v1/live/sessions/:id/share': { 200: obj('the share link'), 201: obj('the share link') },
  'DELETE /api/v1/live/sessions/:id/share': { 204: noContent },
  'PUT /api/v1/live/sessions/:id/plan': { 200: obj('the planned route of the session') },
  'DELETE /api/v1/live/sessions/:id/plan': { 204: noContent },
  'GET /api/v1/live/osmand': { 200: json('accepted (tracker protocol: empty or text)') },
  'POST /api/v1/live/osmand': { 200: json('accepted (tracker protocol: empty or text)') },
  'POST /api/v1/live/owntracks': { 200: json('accepted (OwnTracks expects a JSON array)') },
  'GET /api/v1/live/share/:shareToken': { 200: obj('one shared session: trail and state (also a WebSocket)') },

  'GET /api/v1/sources/folders': { 200: json('watched folders') },
  'POST /api/v1/sources/folders': { 201: obj('the watched folder') },
  'PATCH /api/v1/sources/folders/:id': { 200: obj('the watched folder after the change') },
  'DELETE /api/v1/sources/folders/:id': { 204: noContent },
  'GET /api/v1/sources/folders/:id/files': { 200: obj('files seen in the folder') },
  'POST /api/v1/sources/folders/:id/scan': { 202: obj('scan started'), 200: obj('scan result') },
  'GET /api/v1/jobs': { 200: obj('background jobs, newest first') },
  'GET /api/v1/jobs/:id': { 200: obj('one background job') },
  'POST /api/v1/jobs/:id/cancel': { 200: obj('the job after cancelling'), 202: obj('cancelling') },
  'POST /api/v1/jobs/:id/retry': { 200: obj('the job retried'), 202: obj('retry queued') },
  'GET /api/v1/schedules': { 200: json('scheduled tasks') },
  'GET /api/v1/events': { 200: binary('text/event-stream', 'server-sent events (job progress)') },

  'GET /api/v1/auth/status': { 200: obj('mode, whether setup is needed, who is signed in') },
  'GET /api/v1/auth/state': { 200: obj('mode, whether setup is needed, who is signed in') },
  'POST /api/v1/auth/setup': { 201: obj('the first admin; signed in') },
  'POST /api/v1/auth/login': { 200: obj('signed in (session cookie set)') },
  'POST /api/v1/auth/logout': { 204: noContent, 200: obj('signed out') },
  'GET /api/v1/auth/invites/:token': { 200: obj('an invitation: email, role, expiry') },
  'POST /api/v1/auth/invites/:token/accept': { 201: obj('the new account; signed in'), 200: obj('the new account; signed in') },
  'GET /api/v1/auth/oidc/start': { 302: json('redirect to the OpenID provider') },
  'GET /api/v1/auth/oidc/callback': { 302: json('signed in: redirect to the app') },
  'GET /api/v1/account': { 200: obj('the signed-in account') },
  'GET /api/v1/account/sessions': { 200: obj('active sessions of the account') },
  'DELETE /api/v1/account/sessions/:id': { 204: noContent },
  'POST /api/v1/account/sessions/revoke-all': { 200: obj('sessions ended'), 204: noContent },
  'GET /api/v1/account/tokens': { 200: obj('personal access tokens (never the secret)') },
  'POST /api/v1/account/tokens': { 201: obj('the new personal access token, shown once') },
  'DELETE /api/v1/account/tokens/:id': { 204: noContent },
  'GET /api/v1/account/audit': { 200: obj('audit log of the account, newest first') },
  'GET /api/v1/admin/users': { 200: obj('accounts (admin)') },
  'POST /api/v1/admin/users': { 201: obj('the new account') },
  'PATCH /api/v1/admin/users/:id': { 200: obj('the account after the change') },
  'DELETE /api/v1/admin/users/:id': { 204: noContent },
  'POST /api/v1/admin/invites': { 201: obj('the invitation link, shown once') },
  'GET /api/v1/admin/invites': { 200: obj('open invitations') },
  'GET /api/v1/admin/audit': { 200: obj('account events (admin)') },
};

/** The documented responses of a route, with the error shape for 4xx/5xx; undefined when unknown. */
export function responsesFor(method: string, url: string): Record<string, Schema> | undefined {
  const r = R[`${method} ${url}`];
  return r ? { ...r, '4xx': errorResponse, '5xx': errorResponse } : undefined;
}
