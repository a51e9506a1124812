import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerConfig } from '../config.js';

/**
 * Sealing secrets kept in the database (AES-256-GCM) and signing links (HMAC-SHA-256), with the key
 * from SECRETS_KEY, or else one made once and kept beside the database (see ServerConfig.secretsKey).
 * Two keys are derived from it, so a signature can never be mistaken for a sealed secret's tag.
 */
export class Secrets {
  private readonly sealKey: Buffer;
  private readonly signKey: Buffer;

  constructor(key: string) {
    this.sealKey = createHash('sha256').update(`seal\0${key}`).digest();
    this.signKey = createHash('sha256').update(`sign\0${key}`).digest();
  }

  static fromConfig(config: Pick<ServerConfig, 'secretsKey' | 'dataDir'>): Secrets {
    if (config.secretsKey) return new Secrets(config.secretsKey);
    const file = path.join(config.dataDir, 'secrets.key');
    if (!existsSync(file)) {
      mkdirSync(config.dataDir, { recursive: true });
      // 'wx': two processes starting at once do not each write a key (the second reads the first's).
      try {
        writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    return new Secrets(readFileSync(file, 'utf8').trim());
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The sealed secret, or null when it was sealed with another key or tampered with. */
  open(sealed: string): string | null {
    if (!sealed.startsWith('v1.')) return null;
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    if (raw.length < 28) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  sign(data: string): string {
    return createHmac('sha256', this.signKey).update(data).digest('base64url');
  }

  verify(data: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(data));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
