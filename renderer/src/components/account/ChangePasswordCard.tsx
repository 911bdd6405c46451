/** Settings → Account: change my password (current password first; my other sessions end). */
import { useState } from 'react';
import { errorMessage } from '../../lib/api-client';
import { accountsApi } from './accounts-client';

export function ChangePasswordCard({ hasPassword, onChanged }: { hasPassword: boolean; onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [status, setStatus] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!hasPassword) {
    return (
      <div className="card">
        <h2 className="card-title">Password</h2>
        <p className="muted small">You sign in through single sign-on; this account has no password. An admin can send you a password reset link if you want one.</p>
      </div>
    );
  }
  return (
    <form
      className="card account-form-col"
      data-testid="change-password"
      onSubmit={(e) => {
        e.preventDefault();
        if (next !== again) return setStatus({ kind: 'error', text: 'The new passwords differ.' });
        setBusy(true);
        setStatus(null);
        accountsApi.changePassword(current, next).then(
          (r) => {
            setCurrent('');
            setNext('');
            setAgain('');
            setStatus({ kind: 'done', text: `Password changed. ${r.endedSessions === 1 ? '1 other session was' : `${r.endedSessions} other sessions were`} logged out.` });
            onChanged();
          },
          (err: unknown) => setStatus({ kind: 'error', text: errorMessage(err) }),
        ).finally(() => setBusy(false));
      }}
    >
      <h2 className="card-title">Change password</h2>
      <label>
        Current password <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="password-current" />
      </label>
      <label>
        New password (10 characters or more) <input type="password" autoComplete="new-password" required minLength={10} maxLength={256} value={next} onChange={(e) => setNext(e.target.value)} data-testid="password-new" />
      </label>
      <label>
        New password again <input type="password" autoComplete="new-password" required minLength={10} maxLength={256} value={again} onChange={(e) => setAgain(e.target.value)} data-testid="password-new2" />
      </label>
      {status && (
        <p className={status.kind === 'error' ? 'state state-error' : 'state'} role={status.kind === 'error' ? 'alert' : 'status'} data-testid={status.kind === 'error' ? 'password-error' : 'password-done'}>
          {status.text}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid="password-submit">Change password</button>
      <p className="muted small">Your other browsers are logged out; this one stays signed in. Personal access tokens keep working — revoke them below if they may have leaked too.</p>
    </form>
  );
}
