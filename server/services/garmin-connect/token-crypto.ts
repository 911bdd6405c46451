import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Encrypts secrets at rest (issue 18: Garmin OAuth tokens). The server uses AES-256-GCM with a key
 * derived (HKDF-SHA256) from a random server secret kept in the data folder (`secret.key`, mode
 * 0600); the desktop shell can inject an encryptor backed by Electron's safeStorage (OS keychain).
 */
export interface Encryptor {
  readonly kind: string;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export function serverSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const b = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (b.length >= 32) return b;
    throw new Error(`${file} is damaged (expected 32 random bytes in base64); move it away to make a new one (stored Garmin sign-ins are then lost)`);
  }
  mkdirSync(dataDir, { recursive: true });
  const b = randomBytes(32);
  writeFileSync(file, b.toString('base64'), { mode: 0o600, flag: 'wx' });
  return b;
}

export function aesGcmEncryptor(secret: Buffer, purpose = 'milevault garmin-connect tokens v1'): Encryptor {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), purpose, 32));
  return {
    kind: 'aes-256-gcm',
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1.${iv.toString('base64')}.${c.getAuthTag().toString('base64')}.${ct.toString('base64')}`;
    },
    decrypt(sealed) {
      const [v, iv, tag, ct] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed value of this version');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      d.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64')), d.final()]).toString('utf8');
    },
  };
}
