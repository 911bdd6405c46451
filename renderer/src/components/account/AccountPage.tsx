/** Settings → Account (issue 14): change password, active sessions, log out everywhere, personal access tokens, own audit log. */
import { useState } from 'react';
import type { TokenScope } from '../../../../shared/accounts-api.js';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { ErrorBox } from '../States';
import { accountsApi } from './accounts-client';
import { useAuth } from './AuthGate';
import { ChangePasswordCard } from './ChangePasswordCard';

const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function AccountPage() {
  const { state, refresh } = useAuth();
  const sessions = useAsync((s) => accountsApi.sessions(s), []);
  const tokens = useAsync((s) => accountsApi.tokens(s), []);
  const audit = useAsync((s) => accountsApi.myAudit(s), []);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [created, setCreated] = useState<string | null>(null);
  const fail = (e: unknown) => setError(errorMessage(e));
  const a = state?.account;
  return (
    <section className="page narrow" data-testid="account-page">
      <h1>Account</h1>
      {a && <p className="muted">{a.name} · {a.email} · {a.role}</p>}
      {error && <p className="state state-error" role="alert">{error}</p>}

      {a && <ChangePasswordCard hasPassword={a.hasPassword} onChanged={sessions.reload} />}

      <div className="card">
        <h2 className="card-title">Sessions</h2>
        {sessions.status === 'error' && <ErrorBox error={sessions.error} onRetry={sessions.reload} />}
        <ul className="account-list" data-testid="session-list">
          {sessions.data?.items.map((s) => (
            <li key={s.id}>
              <span>
                <strong>{s.userAgent ? s.userAgent.slice(0, 80) : 'Unknown device'}</strong>
                {s.current && <span className="badge"> this browser</span>}
                <br />
                <span className="muted small">{s.ip ?? '?'} · last seen {fmt.format(new Date(s.lastSeenAt))} · signed in {fmt.format(new Date(s.createdAt))}</span>
              </span>
              <button type="button" className="btn btn-small btn-ghost-danger" onClick={() => accountsApi.revokeSession(s.id).then(() => (s.current ? refresh() : sessions.reload()), fail)}>
                {s.current ? 'Log out' : 'Revoke'}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn-small" data-testid="logout-everywhere" onClick={() => accountsApi.revokeAllSessions().then(refresh, fail)}>
          Log out everywhere
        </button>
      </div>

      <div className="card">
        <h2 className="card-title">Personal access tokens</h2>
        <p className="muted small">For the CLI and scripts: <code>Authorization: Bearer mvp_…</code>. A read token can only read.</p>
        {created && (
          <div className="api-key-new" role="status" data-testid="token-created">
            <strong>Copy this token now: it is not shown again.</strong>
            <p><code data-testid="token-value">{created}</code></p>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setCreated(null)}>Done</button>
          </div>
        )}
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            accountsApi.createToken(name || 'token', scope).then((t) => (setCreated(t.token), setName(''), tokens.reload()), fail);
          }}
        >
          <input placeholder="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} aria-label="Token name" />{' '}
          <select value={scope} onChange={(e) => setScope(e.target.value as TokenScope)} aria-label="Token scope">
            <option value="read">read</option>
            <option value="read-write">read-write</option>
          </select>{' '}
          <button type="submit" className="btn btn-primary btn-small" data-testid="token-create">Create token</button>
        </form>
        <ul className="account-list">
          {tokens.data?.items.map((t) => (
            <li key={t.id}>
              <span>
                <strong>{t.name}</strong> <span className="badge">{t.scope}</span>
                <br />
                <span className="muted small">created {fmt.format(new Date(t.createdAt))} · {t.revokedAt ? `revoked ${fmt.format(new Date(t.revokedAt))}` : t.lastUsedAt ? `last used ${fmt.format(new Date(t.lastUsedAt))}` : 'never used'}</span>
              </span>
              {!t.revokedAt && <button type="button" className="btn btn-small btn-ghost-danger" onClick={() => accountsApi.revokeToken(t.id).then(tokens.reload, fail)}>Revoke</button>}
            </li>
          ))}
        </ul>
      </div>

      <div className="card">
        <h2 className="card-title">Activity log</h2>
        <ul className="account-list small" data-testid="my-audit">
          {audit.data?.items.map((e) => (
            <li key={e.id}>
              <span>{fmt.format(new Date(e.at))} · <strong>{e.action}</strong>{e.target ? ` ${e.target}` : ''} · {e.actorType} · {e.ip ?? ''}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
