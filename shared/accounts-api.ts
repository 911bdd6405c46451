/** Server-mode accounts API (issue 14), shared by the server routes and the renderer. */
export type AccountRole = 'admin' | 'athlete';

export interface AccountDto {
  id: string;
  email: string;
  name: string;
  role: AccountRole;
  disabled: boolean;
  status: 'active' | 'pending';
  createdAt: string;
  hasPassword: boolean;
  oidcLinked: boolean;
}

/** GET /api/v1/auth/state: what the UI must show before anything else. */
export interface AuthStateDto {
  mode: 'local' | 'server';
  needsSetup: boolean;
  /** The OIDC provider's display name when OIDC login is configured. */
  oidc: { name: string } | null;
  account: AccountDto | null;
}

export interface SessionDto {
  id: string;
  current: boolean;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export type TokenScope = 'read' | 'read-write';

export interface AccessTokenDto {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEventDto {
  id: string;
  at: string;
  subjectUserId: string | null;
  scope: 'account' | 'data';
  actorType: string;
  actorId: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

export interface InviteCreatedDto {
  /** Link relative to the app (`#/invite/<token>`); shown once. */
  link: string;
  email: string | null;
  expiresAt: string;
}

/** POST /api/v1/admin/users/:id/password-reset: a one-time link (24 h) the admin hands to the user. */
export interface PasswordResetCreatedDto {
  /** Link relative to the app (`#/reset/<token>`); shown once. */
  link: string;
  email: string;
  expiresAt: string;
}
