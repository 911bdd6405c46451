/** The accounts API (issue 14, server mode) for the renderer. */
import type { AccessTokenDto, AccountDto, AuditEventDto, AuthStateDto, InviteCreatedDto, PasswordResetCreatedDto, SessionDto, TokenScope } from '../../../../shared/accounts-api.js';
import { apiUrl, request } from '../../lib/api-client';

const json = (method: string, body?: unknown): RequestInit => ({ method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

export const accountsApi = {
  state: (signal?: AbortSignal) => request<AuthStateDto>(apiUrl('/auth/state'), { signal }),
  setup: (b: { email: string; password: string; name?: string }) => request<{ account: AccountDto }>(apiUrl('/auth/setup'), json('POST', b)),
  login: (b: { email: string; password: string }) => request<{ account: AccountDto }>(apiUrl('/auth/login'), json('POST', b)),
  logout: () => request<void>(apiUrl('/auth/logout'), json('POST')),
  invite: (token: string, signal?: AbortSignal) => request<{ email: string | null; role: string }>(apiUrl(`/auth/invites/${encodeURIComponent(token)}`), { signal }),
  acceptInvite: (token: string, b: { email?: string; password: string; name?: string }) => request<{ account: AccountDto }>(apiUrl(`/auth/invites/${encodeURIComponent(token)}/accept`), json('POST', b)),

  passwordReset: (token: string, signal?: AbortSignal) => request<{ email: string }>(apiUrl(`/auth/password-resets/${encodeURIComponent(token)}`), { signal }),
  acceptPasswordReset: (token: string, password: string) => request<{ account: AccountDto }>(apiUrl(`/auth/password-resets/${encodeURIComponent(token)}/accept`), json('POST', { password })),
  changePassword: (currentPassword: string, newPassword: string) => request<{ endedSessions: number }>(apiUrl('/account/password'), json('POST', { currentPassword, newPassword })),

  sessions: (signal?: AbortSignal) => request<{ items: SessionDto[] }>(apiUrl('/account/sessions'), { signal }),
  revokeSession: (id: string) => request<void>(apiUrl(`/account/sessions/${encodeURIComponent(id)}`), json('DELETE')),
  revokeAllSessions: () => request<{ revoked: number }>(apiUrl('/account/sessions/revoke-all'), json('POST')),
  tokens: (signal?: AbortSignal) => request<{ items: AccessTokenDto[] }>(apiUrl('/account/tokens'), { signal }),
  createToken: (name: string, scope: TokenScope) => request<AccessTokenDto & { token: string }>(apiUrl('/account/tokens'), json('POST', { name, scope })),
  revokeToken: (id: string) => request<void>(apiUrl(`/account/tokens/${encodeURIComponent(id)}`), json('DELETE')),
  myAudit: (signal?: AbortSignal) => request<{ items: AuditEventDto[] }>(apiUrl('/account/audit', { limit: 50 }), { signal }),

  users: (signal?: AbortSignal) => request<{ items: AccountDto[] }>(apiUrl('/admin/users'), { signal }),
  createUser: (b: { email: string; password: string; name?: string; role: 'admin' | 'athlete' }) => request<AccountDto>(apiUrl('/admin/users'), json('POST', b)),
  updateUser: (id: string, patch: { disabled?: boolean; role?: 'admin' | 'athlete'; status?: 'active' }) => request<AccountDto>(apiUrl(`/admin/users/${encodeURIComponent(id)}`), json('PATCH', patch)),
  deleteUser: (id: string) => request<void>(apiUrl(`/admin/users/${encodeURIComponent(id)}`), json('DELETE')),
  createPasswordReset: (id: string) => request<PasswordResetCreatedDto>(apiUrl(`/admin/users/${encodeURIComponent(id)}/password-reset`), json('POST')),
  createInvite: (b: { email?: string; role: 'admin' | 'athlete' }) => request<InviteCreatedDto>(apiUrl('/admin/invites'), json('POST', b)),
  adminAudit: (signal?: AbortSignal) => request<{ items: AuditEventDto[] }>(apiUrl('/admin/audit', { limit: 50 }), { signal }),
};
