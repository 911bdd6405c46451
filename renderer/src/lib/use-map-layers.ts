import { useMemo } from 'react';
import type { TileLayerDto } from '../../../shared/map-layers.js';
import { useConfig } from '../hooks/use-config';

/** The base layers the server offers (street/topo/satellite), or the single tile URL of older servers. */
export function useMapLayers(): TileLayerDto[] {
  const { config } = useConfig();
  return useMemo(() => {
    const fromServer = (config as { tileLayers?: TileLayerDto[] } | null)?.tileLayers;
    if (fromServer?.length) return fromServer;
    return config?.tileUrl ? [{ id: 'street', name: 'Street', url: config.tileUrl, attribution: config.tileAttribution ?? '', maxZoom: 19 }] : [];
  }, [config]);
}
