import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Safeguard';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, username: string): string {
  return new TOTP({ issuer: ISSUER, label: username, secret: Secret.fromBase32(secret) }).toString();
}

/** The time step (30 s since the epoch) a valid code belongs to, or undefined when the code is not valid now. */
export function totpStepOf(secret: string, code: string, at: Date): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const totp = new TOTP({ secret: Secret.fromBase32(secret) });
  const delta = totp.validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? undefined : Math.floor(at.getTime() / 1000 / totp.period) + delta;
}

export function totpCodeAt(secret: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });
}
