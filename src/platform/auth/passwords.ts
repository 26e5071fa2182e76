import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 uses argon2id by default; passwords.test.ts pins that.
export const hashPassword = (password: string): Promise<string> => hash(password);

let decoy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    // No account (or no password): spend the time a real check takes, so timing does not reveal which.
    decoy ??= hash(crypto.randomBytes(18).toString('base64url'));
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A one-time password an administrator hands over after a reset; the user must change it at sign-in. */
export function temporaryPassword(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export const MIN_PASSWORD_LENGTH = 12;
