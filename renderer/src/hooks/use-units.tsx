/**
 * The athlete's display preferences — metric/imperial units and the map's base layer — shared
 * through context. Stored per user on the server (PUT /api/v1/settings, issue 14), so they follow
 * the athlete to every browser and two people on one server each keep their own. A browser that
 * still holds a choice from before (localStorage) hands it to the server once, when the server has
 * none, and forgets it: the next person signing in on that browser does not inherit it.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, errorMessage } from '../lib/api-client';
import { parseUnitSystem, type UnitSystem } from '../units';
import { Loading } from '../components/States';

const LEGACY_UNITS_KEY = 'milevault.units';
const LEGACY_LAYER_KEY = 'milevault.mapLayer';

function takeLegacy(key: string): string | null {
  try {
    const v = localStorage.getItem(key);
    if (v !== null) localStorage.removeItem(key);
    return v;
  } catch {
    return null; // storage blocked (privacy mode)
  }
}

interface UnitsState {
  units: UnitSystem;
  setUnits: (u: UnitSystem) => void;
  /** The map base layer id the athlete picked ('' = the first the server offers). */
  mapLayer: string;
  setMapLayer: (id: string) => void;
  /** True once the server's values are in (before, the defaults show). */
  loaded: boolean;
  /** The last save that failed (the choice still applies in this page), null when saved. */
  saveError: string | null;
}

const UnitsContext = createContext<UnitsState>({ units: 'metric', setUnits: () => {}, mapLayer: '', setMapLayer: () => {}, loaded: false, saveError: null });

export function UnitsProvider({ children }: { children: ReactNode }) {
  const [units, setUnitsState] = useState<UnitSystem>('metric');
  const [mapLayer, setLayerState] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const save = useCallback((patch: { units?: UnitSystem; mapLayer?: string | null }) => {
    api.putSettings(patch).then(
      () => setSaveError(null),
      (e: unknown) => setSaveError(errorMessage(e)),
    );
  }, []);

  useEffect(() => {
    const ctl = new AbortController();
    api.settings(ctl.signal).then(
      (s) => {
        const patch: { units?: UnitSystem; mapLayer?: string } = {};
        let u = s.units;
        if (!u) {
          const legacy = takeLegacy(LEGACY_UNITS_KEY);
          if (legacy) u = patch.units = parseUnitSystem(legacy);
        }
        let layer = s.mapLayer;
        if (!layer) {
          const legacy = takeLegacy(LEGACY_LAYER_KEY);
          if (legacy && /^[A-Za-z0-9_-]{1,40}$/.test(legacy)) layer = patch.mapLayer = legacy;
        }
        setUnitsState(u ?? 'metric');
        setLayerState(layer ?? '');
        setLoaded(true);
        if (Object.keys(patch).length) save(patch);
      },
      () => setLoaded(true), // offline or signed out: defaults; the auth gate handles a 401
    );
    return () => ctl.abort();
  }, [save]);

  const setUnits = useCallback((u: UnitSystem) => {
    setUnitsState(u);
    save({ units: u });
  }, [save]);
  const setMapLayer = useCallback((id: string) => {
    setLayerState(id);
    save({ mapLayer: id || null });
  }, [save]);
  // The pages wait for the athlete's units (one small request): no figures flash in the wrong units.
  return <UnitsContext.Provider value={{ units, setUnits, mapLayer, setMapLayer, loaded, saveError }}>{loaded ? children : <Loading label="Starting…" />}</UnitsContext.Provider>;
}

export function useUnits(): UnitsState {
  return useContext(UnitsContext);
}
