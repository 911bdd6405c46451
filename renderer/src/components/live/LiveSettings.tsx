/**
 * Settings → Live sharing (issue 19): create a tracker token (shown once, with the URLs to paste
 * into Traccar Client, OsmAnd, GPSLogger or OwnTracks), revoke tokens, and the recent sessions with
 * their share links (copy, new link, revoke, stop) and planned routes (attach a GPX, remove).
 * Setup details: docs/live.md.
 */
import { useState } from 'react';
import type { LiveTokenCreatedDto } from '../../../../shared/live-api.js';
import { useAsync } from '../../hooks/use-async';
import { errorMessage } from '../../lib/api-client';
import { liveApi } from '../../lib/live-client';
import { ErrorBox } from '../States';

const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const abs = (path: string) => new URL(path.replace(/^\//, ''), window.location.href.split('#')[0]).toString();

export function LiveSettings() {
  const tokens = useAsync((signal) => liveApi.tokens(signal), []);
  const sessions = useAsync((signal) => liveApi.sessions(signal), []);
  const [created, setCreated] = useState<LiveTokenCreatedDto | null>(null);
  const [name, setName] = useState('Phone');
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown) => setError(errorMessage(err));
  const act = (p: Promise<unknown>) => p.then(() => (tokens.reload(), sessions.reload()), fail);

  return (
    <div className="card" data-testid="live-settings">
      <h2 className="card-title">Live sharing</h2>
      <p className="muted small">
        Let family and friends follow a ride or race on a map. Create a token for your phone's tracker app (Traccar Client, OsmAnd, GPSLogger or OwnTracks);
        each session then gets its own share link that needs no login.
      </p>
      {created && (
        <div className="api-key-new" role="status" data-testid="live-token-created">
          <strong>Copy this token now: it is not shown again.</strong>
          <p><code data-testid="live-token-value">{created.token}</code></p>
          <dl className="api-key-paste">
            <dt>Traccar Client</dt>
            <dd>Server URL <code>{abs('/api/v1/live/osmand')}</code>, device identifier: the token</dd>
            <dt>GPSLogger</dt>
            <dd><code className="break">{abs(created.urls.gpslogger)}</code></dd>
            <dt>OwnTracks</dt>
            <dd>HTTP mode, URL <code>{abs('/api/v1/live/owntracks')}</code>, password: the token</dd>
          </dl>
          <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(created.token)}>Copy token</button>{' '}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setCreated(null)}>Done</button>
        </div>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          liveApi.createToken(name).then((t) => (setCreated(t), tokens.reload()), fail);
        }}
      >
        <label className="small">
          Name <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} aria-label="Tracker name" />
        </label>{' '}
        <button type="submit" className="btn btn-primary btn-small" data-testid="live-token-create">Create tracker token</button>
      </form>
      {error && <p className="state state-error">{error}</p>}
      {tokens.status === 'error' && <ErrorBox error={tokens.error} onRetry={tokens.reload} />}
      {tokens.data && tokens.data.items.length > 0 && (
        <ul className="api-key-list">
          {tokens.data.items.map((t) => (
            <li key={t.id}>
              <span>
                <strong>{t.name}</strong>{' '}
                <span className="muted small">
                  created {fmt.format(new Date(t.createdAtMs))} · {t.revokedAtMs ? `revoked ${fmt.format(new Date(t.revokedAtMs))}` : t.lastUsedAtMs ? `last used ${fmt.format(new Date(t.lastUsedAtMs))}` : 'never used'}
                </span>
              </span>
              {!t.revokedAtMs && <button type="button" className="btn btn-small btn-ghost-danger" onClick={() => act(liveApi.revokeToken(t.id))}>Revoke</button>}
            </li>
          ))}
        </ul>
      )}
      {sessions.data && sessions.data.items.length > 0 && (
        <>
          <h3 className="small">Recent sessions</h3>
          <ul className="api-key-list" data-testid="live-sessions">
            {sessions.data.items.map((s) => {
              const link = s.share.absoluteUrl ?? abs(s.share.url);
              const usable = !s.share.revoked && !s.share.expired;
              return (
                <li key={s.id}>
                  <span>
                    <strong>{fmt.format(new Date(s.startedAtMs))}</strong>{' '}
                    <span className="muted small">
                      {s.active ? 'live now' : s.endReason === 'stopped' ? 'stopped' : 'ended'} · {s.pointCount} {s.pointCount === 1 ? 'point' : 'points'}{s.activityId ? ' · ' : ''}
                      {s.activityId && <a href={`#/activities/${s.activityId}`}>recorded activity</a>}
                      {' · '}
                      {usable ? <a href={link} target="_blank" rel="noreferrer">share link</a> : s.share.revoked ? 'link revoked' : 'link expired'}
                      {s.plan && <span data-testid="live-session-plan"> · plan: {s.plan.name} ({(s.plan.distanceM / 1000).toFixed(1)} km)</span>}
                    </span>
                  </span>
                  <span>
                    {usable && <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(link)}>Copy link</button>}{' '}
                    <button type="button" className="btn btn-small btn-ghost" onClick={() => act(liveApi.reshare(s.id))}>New link</button>{' '}
                    {usable && <button type="button" className="btn btn-small btn-ghost-danger" onClick={() => act(liveApi.revokeShare(s.id))}>Revoke link</button>}{' '}
                    {s.active && <button type="button" className="btn btn-small btn-ghost" onClick={() => act(liveApi.stop(s.id))}>Stop</button>}{' '}
                    <label className="btn btn-small btn-ghost" title="Show a planned route (GPX) under the live trail, with distance to go">
                      {s.plan ? 'Replace plan' : 'Attach GPX plan'}
                      <input
                        type="file"
                        accept=".gpx,application/gpx+xml"
                        hidden
                        data-testid="live-plan-file"
                        onChange={(e) => {
                          const f = e.target.files?.[0];
                          e.target.value = '';
                          if (f) act(liveApi.attachPlanGpx(s.id, f));
                        }}
                      />
                    </label>{' '}
                    {s.plan && <button type="button" className="btn btn-small btn-ghost" onClick={() => act(liveApi.detachPlan(s.id))}>Remove plan</button>}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
