/**
 * Sign-in lockout. Five failed passwords or second-factor codes inside fifteen minutes lock an account; the lock
 * ends by itself after thirty minutes (an administrator's reset ends it at once). Twenty failures from one address
 * inside the window refuse that address outright, so nobody can lock out a whole team from one machine, and every
 * refusal reads the same, so a lock never confirms that an account exists (OWASP ASVS 5.0 V6.3; NCSC password
 * guidance: throttle rather than lock for good).
 */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
/** A locked account unlocks itself this long after the lock. */
export const LOCKOUT_DURATION_MS = 30 * 60_000;
/** Failed sign-ins from one address inside LOCKOUT_WINDOW_MS after which that address is refused outright. */
export const ADDRESS_THROTTLE_FAILURES = 20;

/** Whether a lock taken at `lockedAt` still holds at `now` (false when there is no lock). */
export function lockStands(lockedAt: Date | string | null | undefined, now: Date): boolean {
  if (!lockedAt) return false;
  return now.getTime() - new Date(lockedAt).getTime() < LOCKOUT_DURATION_MS;
}
