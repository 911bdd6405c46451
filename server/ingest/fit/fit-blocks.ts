import { fitCrc } from './fit-crc.js';

/**
 * Splits a FIT byte stream into its chained files ("blocks": header + data + CRC, back to back,
 * FIT protocol §"Chained FIT files"). Never throws: problems become warnings, and the caller
 * decides whether zero blocks is fatal.
 */
export interface FitBlock {
  index: number;
  /** Offset of the first data byte and of the byte after the data (exclusive). */
  dataStart: number;
  dataEnd: number;
  /** The header promised more data than the file holds; decode what is there. */
  truncated: boolean;
  /** data_size was 0: the writer never finalised the file (sports-lib empty-activities.fit). */
  unfinalised: boolean;
}

export interface BlockSplit {
  blocks: FitBlock[];
  warnings: string[];
  /** Set when not even the first header is a FIT header: the file is not FIT. */
  fatal: string | null;
}

function isFitHeader(bytes: Uint8Array, pos: number): boolean {
  const hs = bytes[pos];
  return (
    (hs === 12 || hs === 14 || (hs > 14 && hs < 64)) &&
    pos + hs <= bytes.length &&
    bytes[pos + 8] === 0x2e && // ".FIT"
    bytes[pos + 9] === 0x46 &&
    bytes[pos + 10] === 0x49 &&
    bytes[pos + 11] === 0x54
  );
}

function u32(bytes: Uint8Array, p: number): number {
  return (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
}

export function splitBlocks(bytes: Uint8Array): BlockSplit {
  const blocks: FitBlock[] = [];
  const warnings: string[] = [];
  const len = bytes.length;
  if (len < 12) return { blocks, warnings, fatal: `file is too small to be a FIT file (${len} bytes)` };
  if (!isFitHeader(bytes, 0)) return { blocks, warnings, fatal: 'not a FIT file: the header has no ".FIT" signature' };

  let pos = 0;
  while (pos < len) {
    const n = blocks.length + 1;
    if (len - pos < 12 || !isFitHeader(bytes, pos)) {
      // Trailing bytes that are not a header: a corrupt chained header or padding. Keep what we read.
      const allZero = bytes.subarray(pos).every((b) => b === 0);
      if (!allZero) warnings.push(`${len - pos} bytes after FIT file ${n - 1} are not a valid FIT header and were ignored`);
      break;
    }
    const hs = bytes[pos];
    if (hs >= 14) {
      const headerCrc = bytes[pos + 12] | (bytes[pos + 13] << 8);
      // 0x0000 means "not computed" (FIT protocol §"File header"), so only a non-zero mismatch is reported.
      if (headerCrc !== 0 && headerCrc !== fitCrc(bytes, pos, pos + 12)) {
        warnings.push(`FIT file ${n}: header CRC does not match`);
      }
    }
    const dataSize = u32(bytes, pos + 4);
    const dataStart = pos + hs;
    let dataEnd: number;
    let truncated = false;
    let unfinalised = false;
    if (dataSize === 0) {
      unfinalised = true;
      dataEnd = len;
      warnings.push(`FIT file ${n} was never finalised (data size 0); read to the end of the file`);
    } else if (dataStart + dataSize > len) {
      truncated = true;
      dataEnd = len;
      warnings.push(
        `FIT file ${n} is truncated: the header announces ${dataSize} data bytes but only ${len - dataStart} are present; data before the cut was kept`,
      );
    } else {
      dataEnd = dataStart + dataSize;
      if (dataEnd + 2 <= len) {
        const fileCrc = bytes[dataEnd] | (bytes[dataEnd + 1] << 8);
        if (fileCrc !== fitCrc(bytes, pos, dataEnd)) warnings.push(`FIT file ${n}: file CRC does not match (data may be corrupt)`);
      } else {
        warnings.push(`FIT file ${n} has no file CRC`);
      }
    }
    blocks.push({ index: blocks.length, dataStart, dataEnd, truncated, unfinalised });
    if (truncated || unfinalised) break;
    pos = dataEnd + 2;
  }
  return { blocks, warnings, fatal: null };
}
