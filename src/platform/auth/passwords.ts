import crypto from 'node:crypto';
import { createRequire } from 'node:module';
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

// fxa-common-password-list: Firefox Accounts' list of the 10,000 commonest passwords (CommonJS, no types).
const require = createRequire(import.meta.url);
const commonPasswords = require('fxa-common-password-list') as { test(password: string): boolean };

/**
 * Why a new password is refused (NCSC / ASVS 2.1.7): a commonly used password, one character repeated, or one that
 * contains the username; undefined when it is acceptable. Length is checked by the form's schema.
 */
export function passwordWeakness(password: string, username: string): string | undefined {
  const lower = password.toLowerCase();
  if (/^(.)\1*$/su.test(password)) return 'Your new password must not repeat one character';
  if (commonPasswords.test(password) || commonPasswords.test(lower)) {
    return 'Your new password is too commonly used. Choose a password that is harder to guess';
  }
  if (username.trim().length >= 3 && lower.includes(username.trim().toLowerCase())) {
    return 'Your new password must not contain your username';
  }
  return undefined;
}
