import { describe, expect, it } from 'vitest';
import { aesGcmEncryptor } from '../server/services/garmin-connect/token-crypto.js';
import { safeStorageEncryptor, type SafeStorageLike } from './safe-storage-encryptor.js';

/** A fake safeStorage: reversible, and visibly not the plain text. */
function fake(available = true, backend = 'gnome_libsecret'): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s: string) => (calls.push('encrypt'), Buffer.from(`KEYCHAIN:${Buffer.from(s).reverse().toString('latin1')}`, 'latin1')),
    decryptString: (b: Buffer) => {
      calls.push('decrypt');
      const t = b.toString('latin1');
      if (!t.startsWith('KEYCHAIN:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(t.slice(9), 'latin1').reverse().toString();
    },
  } as SafeStorageLike & { calls: string[] };
}

describe('Garmin tokens sealed with safeStorage on the desktop', () => {
  it('round-trips through the OS keychain and never stores the plain tokens', () => {
    const ss = fake();
    const e = safeStorageEncryptor(ss, 'linux')!;
    expect(e.kind).toBe('electron-safe-storage');
    const tokens = JSON.stringify({ oauth1: { token: 'abc', secret: 'def' }, oauth2: { access_token: 'xyz' } });
    const sealed = e.encrypt(tokens);
    expect(sealed).not.toContain('abc');
    expect(Buffer.from(sealed, 'base64').toString('latin1')).toMatch(/^KEYCHAIN:/);
    expect(e.decrypt(sealed)).toBe(tokens);
    expect(ss.calls).toEqual(['encrypt', 'decrypt']);
  });

  it('falls back to the server AES-256-GCM (null) without a real keychain', () => {
    expect(safeStorageEncryptor(fake(false))).toBeNull();
    expect(safeStorageEncryptor(fake(true, 'basic_text'), 'linux')).toBeNull();
    expect(safeStorageEncryptor(fake(true, 'basic_text'), 'darwin')).not.toBeNull();
  });

  it('a value sealed by the server cannot be read by the keychain encryptor (a clear error, not garbage)', () => {
    const server = aesGcmEncryptor(Buffer.alloc(32, 7));
    expect(() => safeStorageEncryptor(fake())!.decrypt(server.encrypt('x'))).toThrow(/decrypting/);
  });
});
