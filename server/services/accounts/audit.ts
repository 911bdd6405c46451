import { randomUUID } from 'node:crypto';
import type { AccountsRepo, AuditRow } from '../../storage/repos/accounts.repo.js';

/**
 * The audit log (issue 14): who (a user's session, a personal access token, an API key, or
 * nobody yet for a failed login), what, when, from where. `scope` says who may read an event:
 * `account` events (logins, account and admin changes) are shown to the admin and to the user
 * they concern; `data` events (imports, deletes, settings) only to the athlete whose data it is.
 */
export type AuditScope = 'account' | 'data';
export interface AuditActor {
  type: 'user' | 'token' | 'key' | 'anonymous' | 'system';
  id: string | null;
}
export interface AuditEvent {
  subjectUserId: string | null;
  scope: AuditScope;
  actor: AuditActor;
  action: string;
  target?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown> | null;
}

export class AuditLog {
  constructor(private readonly repo: AccountsRepo, private readonly now: () => number) {}

  async record(e: AuditEvent): Promise<void> {
    const row: AuditRow = {
      id: randomUUID(),
      atMs: this.now(),
      subjectUserId: e.subjectUserId,
      scope: e.scope,
      actorType: e.actor.type,
      actorId: e.actor.id,
      action: e.action,
      target: e.target ?? null,
      ip: e.ip ?? null,
      detail: e.detail ?? null,
    };
    await this.repo.addAudit(row);
  }

  /** Never fails the request it describes: a lost audit line is logged, the answer still goes out. */
  recordQuietly(e: AuditEvent): void {
    this.record(e).catch((err: unknown) => console.error(`[audit] could not record ${e.action}: ${err instanceof Error ? err.message : String(err)}`));
  }

  list(q: { subjectUserId?: string; scope?: AuditScope; beforeMs?: number; limit: number }) {
    return this.repo.audit(q);
  }
}
