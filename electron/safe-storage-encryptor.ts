/**
 * Garmin Connect tokens on the desktop are sealed by the OS keychain through Electron's
 * safeStorage (issue 18); the server keeps its AES-256-GCM for headless installs. Structural types
 * only: the server's Encryptor interface is matched without importing server code here.
 */
import type { SafeStorage } from 'electron';

export interface TokenEncryptor {
  readonly kind: string;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: () => string;
};

/**
 * An encryptor backed by safeStorage, or null when the OS offers no real keychain: then the
 * server's AES-256-GCM is used instead (on Linux without a secret service Electron would fall
 * back to a hard-coded key, 'basic_text', which protects nothing).
 */
export function safeStorageEncryptor(ss: SafeStorageLike, platform: NodeJS.Platform = process.platform): TokenEncryptor | null {
  if (!ss.isEncryptionAvailable()) return null;
  if (platform === 'linux' && ss.getSelectedStorageBackend?.() === 'basic_text') return null;
  return {
    kind: 'electron-safe-storage',
    encrypt: (plain) => ss.encryptString(plain).toString('base64'),
    decrypt: (sealed) => ss.decryptString(Buffer.from(sealed, 'base64')),
  };
}
