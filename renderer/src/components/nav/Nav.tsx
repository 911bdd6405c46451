/**
 * The top bar: brand and the main navigation. Wide screens show the links in a row; under the
 * `--nav-collapse` width (styles.css, ~900 px) a "Menu" button opens them as a vertical panel, so a
 * phone never scrolls sideways to reach "Settings". The panel closes on navigation, Escape, or a
 * click outside it.
 *
 * Pages add a link by adding one entry to NAV_ITEMS (label, target, and when it is "current").
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { parseHash, useHash } from '../../hooks/use-route';
import { useImports } from '../../hooks/use-import';
import { parseAnalysisHash } from '../../lib/analysis-routes';
import { parseRouteFeatureHash } from '../../lib/route-feature-routes';
import { isHomeHash } from '../dashboard/home-route';

export interface NavItem {
  to: string;
  label: string;
  /** Whether this entry is the current page for a location hash. */
  isActive: (hash: string) => boolean;
}

const route = (hash: string) => parseHash(hash);
const analysis = (hash: string) => parseAnalysisHash(hash);
const feature = (hash: string) => parseRouteFeatureHash(hash);

export const NAV_ITEMS: NavItem[] = [
  { to: '#/activities', label: 'Activities', isActive: (h) => (route(h).page === 'activities' && !isHomeHash(h)) || route(h).page === 'activity' },
  { to: '#/calendar', label: 'Calendar', isActive: (h) => analysis(h)?.page === 'calendar' },
  { to: '#/fitness', label: 'Fitness', isActive: (h) => analysis(h)?.page === 'fitness' },
  { to: '#/records', label: 'Records', isActive: (h) => analysis(h)?.page === 'records' },
  { to: '#/health', label: 'Health', isActive: (h) => h.startsWith('#/health') },
  { to: '#/import', label: 'Import', isActive: (h) => route(h).page === 'import' },
  { to: '#/routes', label: 'Routes', isActive: (h) => ['routes', 'route'].includes(feature(h)?.page ?? '') },
  { to: '#/segments', label: 'Segments', isActive: (h) => ['segments', 'segment'].includes(feature(h)?.page ?? '') },
  { to: '#/heatmap', label: 'Heatmap', isActive: (h) => feature(h)?.page === 'heatmap' },
  { to: '#/gear', label: 'Gear', isActive: (h) => h.startsWith('#/gear') },
  { to: '#/settings', label: 'Settings', isActive: (h) => route(h).page === 'settings' || analysis(h)?.page === 'thresholds' },
];

export function Nav({ items = NAV_ITEMS }: { items?: NavItem[] }) {
  const hash = useHash();
  const { batches } = useImports();
  const busy = batches.some((b) => b.phase === 'uploading' || b.phase === 'processing');
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const bar = useRef<HTMLElement>(null);

  // Any navigation closes the menu.
  useEffect(() => setOpen(false), [hash]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        bar.current?.querySelector<HTMLButtonElement>('.nav-toggle')?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      if (bar.current && !bar.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const current = items.find((i) => i.isActive(hash));

  return (
    <header className="topbar" ref={bar}>
      <a className="brand" href="#/" aria-label="MileVault home">
        <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
          <rect width="32" height="32" rx="8" fill="var(--accent)" />
          <path d="M7 22l6-12 5 8 3-4 4 8" fill="none" stroke="#fff" strokeWidth="3" strokeLinejoin="round" strokeLinecap="round" />
        </svg>
        <span>MileVault</span>
      </a>
      <span className="nav-current" aria-hidden="true">{current?.label}</span>
      <button
        type="button"
        className="nav-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="nav-toggle"
      >
        <MenuIcon open={open} />
        <span>Menu</span>
      </button>
      <nav id={panelId} className={open ? 'nav is-open' : 'nav'} aria-label="Main">
        {items.map((item) => (
          <NavLink key={item.to} to={item.to} active={item.isActive(hash)}>
            {item.label}
            {item.to === '#/import' && busy && <span className="nav-dot" role="img" aria-label="import in progress" />}
          </NavLink>
        ))}
      </nav>
    </header>
  );
}

function NavLink({ to, active, children }: { to: string; active: boolean; children: ReactNode }) {
  return (
    <a href={to} className={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  );
}

function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
      {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
    </svg>
  );
}
