import FitParser from 'fit-file-parser';

/**
 * fit-file-parser decoding a file the plain way (list mode, default options), for benchmark
 * comparisons with parseFit. Rejects what fit-file-parser rejects.
 */
export function bareDecodeFitFileParser(bytes: Uint8Array): Promise<unknown> {
  const parser = new FitParser({ force: true, mode: 'list' });
  return parser.parseAsync(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
