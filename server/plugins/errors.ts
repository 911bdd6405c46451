import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { calendarDateSchema, calendarMonthSchema, idSchema, instantSchema, MAX_YEAR, MIN_YEAR, WELL_FORMED_TEXT } from '../../shared/validators.js';

/** The documented error body (README, design.md): `{ error: { code, message } }`. */
export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** A 400 with our shape; thrown by routes and services for input the schema cannot judge. */
export function badRequest(message: string): Error & { statusCode: number; code: string } {
  return Object.assign(new Error(message), { statusCode: 400, code: 'bad_request' });
}

/**
 * Codes we mint ourselves are lower_snake_case (`not_found`, `conflict`, `bad_request`…). Anything
 * else on an error (SQLITE_MISMATCH, SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's 23505/22P02, Node's
 * ERR_*, FST_*) is an implementation detail and never reaches a client.
 */
const APP_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** Unique-key violations (SQLite, PostgreSQL): two writes raced to the same name or key. */
function isUniqueViolation(code: string | undefined): boolean {
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

function isUpstream(status: number, code: string | undefined): boolean {
  return (status === 502 || status === 503 || status === 504) && !!code && APP_CODE.test(code) && code.endsWith('_unavailable');
}

/** Status and code for an error thrown anywhere in a request. */
export function classifyError(err: { statusCode?: number; code?: unknown; validation?: unknown }): { status: number; code: string } {
  const raw = typeof err.code === 'string' ? err.code : undefined;
  let status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode <= 599 ? err.statusCode : 500;
  if (err.validation) return { status: 400, code: 'bad_request' };
  if (raw === 'not_found') return { status: 404, code: 'not_found' };
  if (isUniqueViolation(raw)) return { status: 409, code: 'conflict' };
  if (raw === 'FST_REQ_FILE_TOO_LARGE' || raw === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, code: 'too_large' };
  if (raw === 'FST_ERR_BAD_URL') return { status: 400, code: 'bad_url' };
  if (raw === 'FST_ERR_MAX_PARAM_LENGTH') return { status: 414, code: 'uri_too_long' };
  // A service another server answers for (Garmin Connect) may say it is unreachable: 502/503/504
  // with its own `*_unavailable` code and message. Any other 5xx stays an opaque internal error.
  if (isUpstream(status, raw)) return { status, code: raw! };
  if (status >= 500) return { status, code: 'internal_error' };
  if (status === 415) return { status, code: 'unsupported_media_type' };
  if (raw && APP_CODE.test(raw)) return { status, code: raw };
  return { status, code: status === 404 ? 'not_found' : status === 413 ? 'too_large' : status === 431 ? 'headers_too_large' : 'bad_request' };
}

/** What the shared patterns mean, so a 400 says "a date YYYY-MM-DD…" rather than quoting a regex. */
const PATTERN_MEANING = new Map<string, string>([
  [calendarDateSchema.pattern, `must be a real date YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}`],
  [calendarMonthSchema.pattern, `must be a month YYYY-MM between ${MIN_YEAR} and ${MAX_YEAR}`],
  [instantSchema.pattern, `must be an ISO-8601 date or date-time between ${MIN_YEAR} and ${MAX_YEAR}`],
  [WELL_FORMED_TEXT, 'must be text without NUL characters or unpaired UTF-16 surrogates'],
  [idSchema.pattern, 'must be an id (letters, digits, _ . : -)'],
]);

function messageOf(err: FastifyError): string {
  const first = err.validation?.[0] as { keyword?: string; params?: { pattern?: string; format?: string } } | undefined;
  const meaning = first?.keyword === 'pattern' ? PATTERN_MEANING.get(first.params?.pattern ?? '') : first?.keyword === 'format' && first.params?.format === 'date' ? PATTERN_MEANING.get(calendarDateSchema.pattern) : undefined;
  return meaning ? err.message.replace(/must match (pattern|format) "[\s\S]*"$/, meaning) : err.message;
}

function send(err: FastifyError & { code?: string }, req: FastifyRequest, reply: FastifyReply) {
  const { status, code } = classifyError(err);
  if (status >= 500) req.log.error(err);
  reply.status(status).send(errorBody(code, status >= 500 && !isUpstream(status, code) ? 'internal server error' : messageOf(err)));
}

/** Every API error is JSON `{ error: { code, message } }` with the right status (design.md). */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { code?: string }, req, reply) => send(err, req, reply));
}

/**
 * Errors Fastify raises before routing (a malformed percent-encoding → FST_ERR_BAD_URL, a path
 * parameter over maxParamLength → 414) and errors the HTTP parser raises before Fastify sees a
 * request (431 headers too large, 400 malformed request line). By default both answer Fastify's
 * own `{ error, message, statusCode }` body; these options give them the documented shape.
 * Pass them to the `Fastify({ ... })` constructor (app.ts).
 */
export const errorServerOptions = {
  frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
    send(err, req, reply);
  },
  clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
    const code = status === 431 ? 'headers_too_large' : status === 408 ? 'timeout' : status === 414 ? 'uri_too_long' : 'bad_request';
    const message = status === 431 ? 'the request headers are too large' : status === 408 ? 'the request took too long to arrive' : status === 414 ? 'the URL is too long' : 'the request could not be parsed';
    const body = JSON.stringify(errorBody(code, message));
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
    }
    socket.destroy(err);
  },
} satisfies Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'>;
