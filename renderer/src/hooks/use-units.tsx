/** The metric/imperial preference, persisted in localStorage and shared through context. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { parseUnitSystem, type UnitSystem } from '../units';

const KEY = 'milevault.units';

function load(): UnitSystem {
  try {
    return parseUnitSystem(localStorage.getItem(KEY));
  } catch {
    return 'metric'; // storage blocked (privacy mode): fall back, never crash
  }
}

interface UnitsState {
  units: UnitSystem;
  setUnits: (u: UnitSystem) => void;
}

const UnitsContext = createContext<UnitsState>({ units: 'metric', setUnits: () => {} });

export function UnitsProvider({ children }: { children: ReactNode }) {
  const [units, setState] = useState<UnitSystem>(load);
  const setUnits = useCallback((u: UnitSystem) => {
    setState(u);
    try {
      localStorage.setItem(KEY, u);
    } catch {
      // ignore: the choice still applies for this session
    }
  }, []);
  // Keep several open windows/tabs in step.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === KEY) setState(parseUnitSystem(e.newValue));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  return <UnitsContext.Provider value={{ units, setUnits }}>{children}</UnitsContext.Provider>;
}

export function useUnits(): UnitsState {
  return useContext(UnitsContext);
}
