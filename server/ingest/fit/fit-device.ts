import { getFitGarminProductName, getFitManufacturerName } from 'fit-file-parser';
import type { DeviceInfo } from '../../../shared/activity.js';
import { GARMIN_PRODUCT_MANUFACTURERS } from './fit-profile.js';
import type { RawDevice } from './fit-collect.js';

/**
 * The recording device from device_info (device_index 0, the creator) with file_id / file_creator
 * as fallback. Product: garmin_product name for Garmin/Dynastream, else the product_name string the
 * device wrote, else the numeric id as a string.
 */
export function deviceInfo(fileId: RawDevice | null, creator: RawDevice | null): DeviceInfo | null {
  if (!fileId && !creator) return null;
  const pick = (k: 'manufacturer' | 'product' | 'serial' | 'softwareVersion'): number => {
    const c = creator?.[k] ?? NaN;
    return c === c ? c : (fileId?.[k] ?? NaN);
  };
  // Product ids only mean something together with the manufacturer they came with.
  const fromCreator = creator && creator.product === creator.product;
  const manufacturer = fromCreator && creator.manufacturer === creator.manufacturer ? creator.manufacturer : pick('manufacturer');
  const product = fromCreator ? creator.product : (fileId?.product ?? NaN);
  const productName = creator?.productName ?? fileId?.productName ?? null;
  const serial = pick('serial');
  const sw = pick('softwareVersion');

  let productStr: string | null = null;
  if (product === product && GARMIN_PRODUCT_MANUFACTURERS.has(manufacturer)) productStr = getFitGarminProductName(product);
  productStr ??= productName ?? (product === product ? String(product) : null);

  const info: DeviceInfo = {
    // 0 is no manufacturer (GoldenCheetah re-saves write it).
    manufacturer: manufacturer === manufacturer && manufacturer !== 0 ? (getFitManufacturerName(manufacturer) ?? String(manufacturer)) : null,
    product: productStr,
    serialNumber: serial === serial ? String(serial) : null,
    softwareVersion: sw === sw ? sw.toFixed(2) : null,
  };
  return info.manufacturer || info.product || info.serialNumber ? info : null;
}
