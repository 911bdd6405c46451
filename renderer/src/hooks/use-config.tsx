/** Server configuration (tile URL, upload limit…), fetched once and shared. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ConfigDto } from '../../../shared/api.js';
import { api } from '../lib/api-client';

export interface ConfigState {
  config: ConfigDto | null;
  error: string | null;
}

const ConfigContext = createContext<ConfigState>({ config: null, error: null });

export function ConfigProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<ConfigState>({ config: null, error: null });
  useEffect(() => {
    const ctrl = new AbortController();
    api.config(ctrl.signal).then(
      (config) => setState({ config, error: null }),
      (err: unknown) => {
        if (!ctrl.signal.aborted) setState({ config: null, error: (err as Error).message });
      },
    );
    return () => ctrl.abort();
  }, []);
  return <ConfigContext.Provider value={state}>{children}</ConfigContext.Provider>;
}

export function useConfig(): ConfigState {
  return useContext(ConfigContext);
}
