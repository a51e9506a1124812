import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.js';
import { hashPassword, verifyPassword } from '../../server/features/auth/passwords.js';

describe('password hashes', () => {
  it('verify the password they were made from, and no other', async () => {
    const hash = await hashPassword('correct horse battery staple', 12);
    expect(hash.split('$').slice(0, 4)).toEqual(['scrypt', '4096', '8', '1']);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });

  it('salt every hash, and keep each hash’s own cost when the default changes', async () => {
    const [a, b] = await Promise.all([hashPassword('same', 12), hashPassword('same', 12)]);
    expect(a).not.toBe(b);
    const strong = await hashPassword('same', 14);
    expect(strong.split('$')[1]).toBe(String(2 ** 14));
    expect(await verifyPassword('same', strong)).toBe(true);
  });

  // The tests' servers hash at a lower cost; this is the one a deployment uses (scrypt refuses a cost
  // whose memory passes its limit unless it is raised, so the default is tried as it is).
  it('hash and verify at the production default cost', async () => {
    const cost = configFromEnv({}).passwordHashCost;
    expect(cost).toBeGreaterThanOrEqual(16);
    const hash = await hashPassword('correct horse battery staple', cost);
    expect(hash.split('$')[1]).toBe(String(2 ** cost));
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
  });

  it('treats the same text in another Unicode form as the same password', async () => {
    const hash = await hashPassword('café', 12);
    expect(await verifyPassword('cafe\u0301', hash)).toBe(true);
  });
});
