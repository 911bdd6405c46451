import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokenDto, AuditEventDto, InviteCreatedDto, PasswordResetCreatedDto, SessionDto } from '../../shared/accounts-api.js';
import { boundedInt } from '../../shared/validators.js';
import type { AuditRow, TokenRow } from '../storage/repos/accounts.repo.js';
import { accountError } from '../services/accounts/account-errors.js';
import { actorOf, clearedSessionCookie, sessionCookie } from '../services/accounts/account-auth.js';
import { accountDto, type AccountsService } from '../services/accounts/accounts.service.js';
import { metaOf, okResponse } from './auth.routes.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const tokenDto = (t: TokenRow): AccessTokenDto => ({ id: t.id, name: t.name, scope: t.scope === 'read-write' ? 'read-write' : 'read', createdAt: iso(t.createdAtMs)!, lastUsedAt: iso(t.lastUsedAtMs), revokedAt: iso(t.revokedAtMs) });
const auditDto = (a: AuditRow): AuditEventDto => ({ id: a.id, at: iso(a.atMs)!, subjectUserId: a.subjectUserId, scope: a.scope === 'data' ? 'data' : 'account', actorType: a.actorType, actorId: a.actorId, action: a.action, target: a.target, ip: a.ip, detail: a.detail });

const hexId = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } } } as const;
const auditQuery = { type: 'object', additionalProperties: false, properties: { limit: boundedInt(1, 500, 100), before: { type: 'string', maxLength: 40, format: 'date-time' } } } as const;
const tokenBody = { type: 'object', additionalProperties: false, required: ['name', 'scope'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, scope: { type: 'string', enum: ['read', 'read-write'] } } } as const;
const userBody = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: { email: { type: 'string', maxLength: 320 }, password: { type: 'string', maxLength: 256 }, name: { type: 'string', maxLength: 100 }, role: { type: 'string', enum: ['admin', 'athlete'] } },
} as const;
const userPatch = {
  type: 'object',
  additionalProperties: false,
  properties: { disabled: { type: 'boolean' }, role: { type: 'string', enum: ['admin', 'athlete'] }, name: { type: 'string', maxLength: 100 }, status: { type: 'string', enum: ['active'] } },
} as const;
const passwordChangeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['currentPassword', 'newPassword'],
  properties: { currentPassword: { type: 'string', maxLength: 256 }, newPassword: { type: 'string', maxLength: 256 } },
} as const;
const inviteBody = { type: 'object', additionalProperties: false, properties: { email: { type: 'string', maxLength: 320 }, role: { type: 'string', enum: ['admin', 'athlete'] } } } as const;

function auditPage(q: { limit?: number; before?: string }) {
  const beforeMs = q.before ? Date.parse(q.before) : undefined;
  return { limit: q.limit ?? 100, beforeMs: Number.isFinite(beforeMs) ? beforeMs : undefined };
}

/**
 * The signed-in user's own account (sessions, personal access tokens, audit log) and, for
 * admins, the users (issue 14). Admin routes show and change accounts, never training data:
 * nothing here reads another user's activities.
 */
export async function accountsRoutes(app: FastifyInstance, deps: { accounts?: AccountsService; secureCookies: boolean }) {
  const accounts = (): AccountsService => {
    if (!deps.accounts) throw accountError(404, 'not_found', 'accounts exist only in server mode (MILEVAULT_MODE=server)');
    return deps.accounts;
  };
  const me = (req: FastifyRequest) => {
    accounts();
    if (!req.account) throw accountError(401, 'unauthorized', 'log in first');
    return req.account;
  };
  /** Only a browser session of an admin: a script's token cannot manage accounts. */
  const admin = async (req: FastifyRequest, _reply: FastifyReply) => {
    const a = me(req);
    if (a.role !== 'admin') throw accountError(403, 'forbidden', 'only an admin can manage users');
    if (a.via !== 'session') throw accountError(403, 'forbidden', 'users are managed from a browser session, not with a token');
  };

  app.get('/api/v1/account', async (req) => {
    const a = await accounts().get(me(req).userId);
    if (!a) throw accountError(401, 'unauthorized', 'log in first');
    return accountDto(a);
  });

  app.get('/api/v1/account/sessions', async (req): Promise<{ items: SessionDto[] }> => {
    const who = me(req);
    const rows = await accounts().storageAccounts.sessions(who.userId);
    return { items: rows.map((s) => ({ id: s.idHash, current: who.via === 'session' && who.id === s.idHash, userAgent: s.userAgent, ip: s.ip, createdAt: iso(s.createdAtMs)!, lastSeenAt: iso(s.lastSeenAtMs)!, expiresAt: iso(s.expiresAtMs)! })) };
  });

  app.delete('/api/v1/account/sessions/:id', { schema: { params: hexId } }, async (req, reply) => {
    const who = me(req);
    const id = (req.params as { id: string }).id;
    if (!(await accounts().storageAccounts.deleteSession(id, who.userId))) throw accountError(404, 'not_found', 'no such session');
    await accounts().audit.record({ subjectUserId: who.userId, scope: 'account', actor: actorOf(req), action: 'session.revoke', ip: req.ip });
    if (who.via === 'session' && who.id === id) reply.header('set-cookie', clearedSessionCookie(deps.secureCookies));
    return reply.status(204).send();
  });

  /** Log out everywhere: every session of this user ends, this one included. */
  app.post('/api/v1/account/sessions/revoke-all', async (req, reply) => {
    const who = me(req);
    const n = await accounts().storageAccounts.deleteSessionsOf(who.userId);
    await accounts().audit.record({ subjectUserId: who.userId, scope: 'account', actor: actorOf(req), action: 'session.revoke-all', ip: req.ip, detail: { sessions: n } });
    reply.header('set-cookie', clearedSessionCookie(deps.secureCookies));
    return { revoked: n };
  });

  /** Change password: needs the current one; other sessions end, this browser gets a new session id. */
  app.post('/api/v1/account/password', { schema: { body: passwordChangeBody, response: { 200: okResponse('password changed; other sessions ended (their number)') } } }, async (req, reply) => {
    const who = me(req);
    if (who.via !== 'session') throw accountError(403, 'forbidden', 'the password is changed from a browser session, not with a token');
    try {
      const out = await accounts().changePassword(who.userId, req.body as Record<string, unknown>, metaOf(req), who.id);
      reply.header('set-cookie', sessionCookie(out.cookie, Math.floor(accounts().sessions.absoluteMs / 1000), deps.secureCookies));
      reply.header('cache-control', 'no-store');
      return { endedSessions: out.endedSessions };
    } catch (e) {
      const retry = (e as { retryAfterS?: number }).retryAfterS;
      if (retry) reply.header('retry-after', String(retry));
      throw e;
    }
  });

  app.get('/api/v1/account/tokens', async (req) => ({ items: (await accounts().storageAccounts.tokens(me(req).userId)).map(tokenDto) }));

  app.post('/api/v1/account/tokens', { schema: { body: tokenBody } }, async (req, reply) => {
    const who = me(req);
    if (who.via === 'token') throw accountError(403, 'forbidden', 'tokens are created from a browser session');
    const body = req.body as { name: string; scope: 'read' | 'read-write' };
    const { id, token } = await accounts().tokens.create(who.userId, body.name.trim(), body.scope);
    await accounts().audit.record({ subjectUserId: who.userId, scope: 'account', actor: actorOf(req), action: 'token.create', target: id, ip: req.ip, detail: { name: body.name, scope: body.scope } });
    const row = (await accounts().storageAccounts.token(id))!;
    return reply.status(201).send({ ...tokenDto(row), token });
  });

  app.delete('/api/v1/account/tokens/:id', { schema: { params: hexId } }, async (req, reply) => {
    const who = me(req);
    const id = (req.params as { id: string }).id;
    await accounts().tokens.revoke(who.userId, id);
    await accounts().audit.record({ subjectUserId: who.userId, scope: 'account', actor: actorOf(req), action: 'token.revoke', target: id, ip: req.ip });
    return reply.status(204).send();
  });

  /** The athlete's own events: their logins, tokens, and what was done to their data. */
  app.get('/api/v1/account/audit', { schema: { querystring: auditQuery } }, async (req) => {
    const page = auditPage(req.query as { limit?: number; before?: string });
    return { items: (await accounts().audit.list({ subjectUserId: me(req).userId, ...page })).map(auditDto) };
  });

  // Admin: accounts, invites and account events.
  app.get('/api/v1/admin/users', { preHandler: admin }, async () => ({ items: (await accounts().list()).map(accountDto) }));

  app.post('/api/v1/admin/users', { preHandler: admin, schema: { body: userBody } }, async (req, reply) => {
    const a = await accounts().createUser(actorOf(req), req.body as Record<string, unknown>, metaOf(req));
    return reply.status(201).send(accountDto(a));
  });

  app.patch('/api/v1/admin/users/:id', { preHandler: admin, schema: { params: hexId, body: userPatch } }, async (req) => {
    return accountDto(await accounts().update(actorOf(req), (req.params as { id: string }).id, req.body as Record<string, unknown>, metaOf(req)));
  });

  app.delete('/api/v1/admin/users/:id', { preHandler: admin, schema: { params: hexId } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    if (id === req.account!.userId) throw accountError(409, 'conflict', 'an admin cannot delete their own account here');
    await accounts().deleteUser(actorOf(req), id, metaOf(req));
    return reply.status(204).send();
  });

  /** A one-time password reset link for a user (24 h); like an invite, the admin hands it over. */
  app.post('/api/v1/admin/users/:id/password-reset', { preHandler: admin, schema: { params: hexId, response: { 201: okResponse('the reset link (shown once), for whom, until when') } } }, async (req, reply): Promise<PasswordResetCreatedDto> => {
    const r = await accounts().createPasswordReset(actorOf(req), (req.params as { id: string }).id, metaOf(req));
    reply.status(201);
    return { link: `#/reset/${r.token}`, email: r.email, expiresAt: iso(r.expiresAtMs)! };
  });

  app.post('/api/v1/admin/invites', { preHandler: admin, schema: { body: inviteBody } }, async (req, reply): Promise<InviteCreatedDto> => {
    const inv = await accounts().invite(actorOf(req), (req.body ?? {}) as Record<string, unknown>, metaOf(req));
    reply.status(201);
    return { link: `#/invite/${inv.token}`, email: inv.email, expiresAt: iso(inv.expiresAtMs)! };
  });

  app.get('/api/v1/admin/invites', { preHandler: admin }, async () => ({
    items: (await accounts().storageAccounts.invites()).map((i) => ({ email: i.email, role: i.role, createdAt: iso(i.createdAtMs), expiresAt: iso(i.expiresAtMs), usedAt: iso(i.usedAtMs) })),
  }));

  /** Account events of every user (logins, failures, account changes); data events stay private. */
  app.get('/api/v1/admin/audit', { preHandler: admin, schema: { querystring: auditQuery } }, async (req) => {
    const page = auditPage(req.query as { limit?: number; before?: string });
    return { items: (await accounts().audit.list({ scope: 'account', ...page })).map(auditDto) };
  });
}
