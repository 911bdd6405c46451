/** Settings → Users (admins, issue 14): invite links, create, approve, password reset links, disable and delete accounts. No training data here. */
import { useState } from 'react';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { ErrorBox } from '../States';
import { accountsApi } from './accounts-client';
import { useAuth } from './AuthGate';

const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function UsersPage() {
  const { state } = useAuth();
  const users = useAsync((s) => accountsApi.users(s), []);
  const audit = useAsync((s) => accountsApi.adminAudit(s), []);
  const [error, setError] = useState<string | null>(null);
  const [inviteEmail, setInviteEmail] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const [resetLink, setResetLink] = useState<{ email: string; link: string } | null>(null);
  const [nu, setNu] = useState({ email: '', password: '', name: '', role: 'athlete' as 'athlete' | 'admin' });
  const fail = (e: unknown) => setError(errorMessage(e));
  const base = window.location.href.split('#')[0];
  if (state?.account?.role !== 'admin') return <p className="state state-error">Only an admin can manage users.</p>;
  return (
    <section className="page narrow" data-testid="users-page">
      <h1>Users</h1>
      {error && <p className="state state-error" role="alert">{error}</p>}
      <div className="card">
        <h2 className="card-title">Invite</h2>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            accountsApi.createInvite({ email: inviteEmail || undefined, role: 'athlete' }).then((i) => setLink(base + i.link), fail);
          }}
        >
          <input type="email" placeholder="Email (optional)" value={inviteEmail} onChange={(e) => setInviteEmail(e.target.value)} aria-label="Invite email" data-testid="invite-email-input" />{' '}
          <button type="submit" className="btn btn-primary btn-small" data-testid="invite-create">Create invite link</button>
        </form>
        {link && (
          <div className="api-key-new" role="status">
            <strong>One-time link, valid 7 days:</strong>
            <p><code data-testid="invite-link">{link}</code></p>
            <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(link)}>Copy link</button>
          </div>
        )}
      </div>
      <div className="card">
        <h2 className="card-title">Create a user</h2>
        <form
          className="account-form"
          onSubmit={(e) => {
            e.preventDefault();
            accountsApi.createUser({ ...nu, name: nu.name || undefined }).then(() => (setNu({ email: '', password: '', name: '', role: 'athlete' }), users.reload()), fail);
          }}
        >
          <input placeholder="Name" value={nu.name} onChange={(e) => setNu({ ...nu, name: e.target.value })} aria-label="Name" />
          <input type="email" required placeholder="Email" value={nu.email} onChange={(e) => setNu({ ...nu, email: e.target.value })} aria-label="Email" data-testid="new-user-email" />
          <input type="password" required minLength={10} placeholder="Password (10+ characters)" value={nu.password} onChange={(e) => setNu({ ...nu, password: e.target.value })} aria-label="Password" data-testid="new-user-password" />
          <select value={nu.role} onChange={(e) => setNu({ ...nu, role: e.target.value as 'athlete' | 'admin' })} aria-label="Role">
            <option value="athlete">athlete</option>
            <option value="admin">admin</option>
          </select>
          <button type="submit" className="btn btn-primary btn-small" data-testid="new-user-submit">Create user</button>
        </form>
      </div>
      <div className="card">
        <h2 className="card-title">Accounts</h2>
        {users.status === 'error' && <ErrorBox error={users.error} onRetry={users.reload} />}
        {resetLink && (
          <div className="api-key-new" role="status" data-testid="reset-link-box">
            <strong>Password reset link for {resetLink.email} — one use, valid 24 hours. Give it to them directly:</strong>
            <p><code data-testid="reset-link">{resetLink.link}</code></p>
            <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(resetLink.link)}>Copy link</button>{' '}
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setResetLink(null)}>Done</button>
          </div>
        )}
        <ul className="account-list" data-testid="user-list">
          {users.data?.items.map((u) => (
            <li key={u.id} data-testid={`user-${u.email}`}>
              <span>
                <strong>{u.name}</strong> {u.email} <span className="badge">{u.role}</span>
                {u.disabled && <span className="badge"> disabled</span>}
                {u.status === 'pending' && <span className="badge"> waiting for approval</span>}
              </span>
              {u.id !== state.account!.id && (
                <span>
                  {u.status === 'pending' && <button type="button" className="btn btn-small" onClick={() => accountsApi.updateUser(u.id, { status: 'active' }).then(users.reload, fail)}>Approve</button>}{' '}
                  {u.status === 'active' && !u.disabled && (
                    <button type="button" className="btn btn-small" data-testid={`reset-${u.email}`} onClick={() => accountsApi.createPasswordReset(u.id).then((r) => setResetLink({ email: r.email, link: base + r.link }), fail)}>
                      Reset password
                    </button>
                  )}{' '}
                  <button type="button" className="btn btn-small" onClick={() => accountsApi.updateUser(u.id, { disabled: !u.disabled }).then(users.reload, fail)} data-testid={`toggle-${u.email}`}>
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>{' '}
                  <button
                    type="button"
                    className="btn btn-small btn-ghost-danger"
                    data-testid={`delete-${u.email}`}
                    onClick={() => {
                      if (confirm(`Delete ${u.email} and all their activities, health data and files? This cannot be undone.`)) accountsApi.deleteUser(u.id).then(users.reload, fail);
                    }}
                  >
                    Delete
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      </div>
      <div className="card">
        <h2 className="card-title">Account events</h2>
        <ul className="account-list small" data-testid="admin-audit">
          {audit.data?.items.map((e) => (
            <li key={e.id}>
              <span>{fmt.format(new Date(e.at))} · <strong>{e.action}</strong>{e.target ? ` ${e.target}` : ''} · {e.ip ?? ''}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
