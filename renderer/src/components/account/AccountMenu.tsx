/** Server mode: who is signed in, links to the account (and users for admins), log out. */
import { useState } from 'react';
import type { AccountDto } from '../../../../shared/accounts-api.js';
import { accountsApi } from './accounts-client';

export function AccountMenu({ account, onLoggedOut }: { account: AccountDto; onLoggedOut: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="account-menu" data-testid="account-menu">
      <button type="button" className="btn btn-small btn-ghost" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="account-menu-button">
        {account.name || account.email} ▾
      </button>
      {open && (
        <div className="account-menu-list" role="menu" onClick={() => setOpen(false)}>
          <div className="muted small">{account.email} · {account.role}</div>
          <a role="menuitem" href="#/account">Account and sessions</a>
          {account.role === 'admin' && <a role="menuitem" href="#/users" data-testid="users-link">Users</a>}
          <button type="button" role="menuitem" className="btn btn-small" data-testid="logout" onClick={() => void accountsApi.logout().finally(() => ((location.hash = '#/'), onLoggedOut()))}>
            Log out
          </button>
        </div>
      )}
    </div>
  );
}
