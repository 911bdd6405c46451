import { useEffect, useMemo, useState } from 'react';
import { api } from '../../lib/api-client';

/** All IANA zones this browser knows (Intl.supportedValuesOf), or a short list on old engines. */
function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];
}

/**
 * The athlete's time zone (issue 13 §2): used for activities whose file has neither the device's
 * UTC offset nor a position (indoor sessions from some apps). Files with either keep their own clock.
 */
export function TimeZoneSettings() {
  const [value, setValue] = useState<string | null>(null);
  const [system, setSystem] = useState('');
  const [status, setStatus] = useState<'loading' | 'idle' | 'saving' | 'saved' | 'error'>('loading');
  const all = useMemo(zones, []);
  useEffect(() => {
    const ctl = new AbortController();
    api.settings(ctl.signal).then(
      (s) => (setValue(s.timeZone), setSystem(s.systemTimeZone), setStatus('idle')),
      () => setStatus('error'),
    );
    return () => ctl.abort();
  }, []);
  const save = async (tz: string | null) => {
    setValue(tz);
    setStatus('saving');
    try {
      await api.putSettings({ timeZone: tz });
      setStatus('saved');
    } catch {
      setStatus('error');
    }
  };
  return (
    <div className="card">
      <label className="card-title" htmlFor="tz-select">Time zone</label>
      <select id="tz-select" data-testid="time-zone" value={value ?? ''} disabled={status === 'loading'} onChange={(e) => void save(e.target.value || null)}>
        <option value="">The computer's zone{system ? ` (${system})` : ''}</option>
        {all.map((z) => (
          <option key={z} value={z}>{z}</option>
        ))}
      </select>
      <p className="muted small">
        Activities keep the clock they were recorded on (the device's offset, or the zone where they started). This zone is used only
        for files that say neither, from the next import on. {status === 'saved' && 'Saved.'} {status === 'error' && 'Could not reach the server.'}
      </p>
    </div>
  );
}
