import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInsideDir } from './data-path.js';

describe('resolveInsideDir', () => {
  const root = resolve('/home/alice/.config/MileVault/data');

  it('accepts paths inside the data folder, absolute or relative', () => {
    expect(resolveInsideDir(root, 'originals/ab/abcd.fit')).toBe(join(root, 'originals', 'ab', 'abcd.fit'));
    expect(resolveInsideDir(root, join(root, 'originals', 'x.fit'))).toBe(join(root, 'originals', 'x.fit'));
    expect(resolveInsideDir(root, '..notes.txt')).toBe(join(root, '..notes.txt'));
  });

  it('refuses anything that escapes it, the folder itself and non-strings', () => {
    expect(resolveInsideDir(root, '../../.ssh/id_ed25519')).toBeNull();
    expect(resolveInsideDir(root, 'originals/../../secret')).toBeNull();
    expect(resolveInsideDir(root, '/etc/passwd')).toBeNull();
    expect(resolveInsideDir(root, `${root}-evil/x`)).toBeNull();
    expect(resolveInsideDir(root, '.')).toBeNull();
    expect(resolveInsideDir(root, '')).toBeNull();
    expect(resolveInsideDir(root, 'a\0b')).toBeNull();
    expect(resolveInsideDir(root, 42)).toBeNull();
    expect(resolveInsideDir(root, { toString: () => 'x' })).toBeNull();
  });
});
