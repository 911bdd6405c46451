import type { FastifyInstance } from 'fastify';

/**
 * Many athletes for the load bench before accounts exist everywhere: `Authorization: Bearer <t>`
 * acts as the user `userFromBearer(t)` returns. Only the bench and tests pass it (AppDeps);
 * `start.ts` never does, so a real server has no such door. When personal access tokens serve
 * every mode, the bench creates one per athlete instead and this hook goes.
 */
export function registerBenchUsers(app: FastifyInstance, userFromBearer: (token: string) => string | undefined) {
  app.addHook('onRequest', async (req, reply) => {
    const h = req.headers.authorization;
    if (!h?.startsWith('Bearer ')) return;
    const user = userFromBearer(h.slice(7));
    if (user) req.userId = user;
    else return reply.status(401).send({ error: { code: 'unauthorized', message: 'unknown bench token' } });
  });
}
