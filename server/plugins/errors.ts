import type { FastifyInstance, FastifyError } from 'fastify';

/** Every API error is JSON `{ error: { code, message } }` with the right status (design.md). */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { code?: string }, req, reply) => {
    let status = err.statusCode ?? 500;
    let code = typeof err.code === 'string' && !err.code.startsWith('FST_') ? err.code : 'internal_error';
    if (err.validation) {
      status = 400;
      code = 'bad_request';
    } else if (err.code === 'not_found') status = 404;
    else if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      code = 'too_large';
    } else if (status === 415) code = 'unsupported_media_type';
    else if (status >= 400 && status < 500 && code === 'internal_error') code = 'bad_request';
    if (status >= 500) req.log.error(err);
    reply.status(status).send({ error: { code, message: status >= 500 ? 'internal server error' : err.message } });
  });
}
