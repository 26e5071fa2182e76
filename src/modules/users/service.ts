import crypto from 'node:crypto';
import { ROLES_REQUIRING_TOTP, type Role, isRole } from '../../domain/access/roles.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import { hashPassword, temporaryPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { newTotpSecret, totpStepOf } from '../../platform/auth/totp.ts';
import * as repo from './repository.ts';
import { actorFromUser, type UserRow } from './actor.ts';
import {
  ADDRESS_THROTTLE_FAILURES,
  LOCKOUT_DURATION_MS,
  LOCKOUT_FAILURES,
  LOCKOUT_WINDOW_MS,
  lockStands,
} from '../../domain/access/lockout.ts';
import {
  type FederatedIdentity,
  type FederatedSignInResult,
  recordIdentityProviderFailure,
  signInWithIdentityProvider,
} from './identityProvider.ts';

export { actorFromUser, type UserRow };

export type SignInResult = { kind: 'signed-in'; user: UserRow } | { kind: 'invalid' } | { kind: 'locked' } | { kind: 'throttled' };

export class ConcurrentChangeError extends Conflict {
  constructor() {
    super('Someone else changed this record while you were editing it');
  }
}
export class NotFoundError extends NotFound {}
export class ValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface NewUser {
  username: string;
  displayName: string;
  email?: string;
  role: Role;
  teamId?: string | null;
  agencyId?: string | null;
  password?: string;
}

export interface UserChanges {
  displayName: string;
  email?: string;
  role: Role;
  teamId: string | null;
  agencyId: string | null;
  version: number;
}

export const hashApiToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** People who use Safeguard: sign-in, accounts, teams, agencies and API tokens. */
export class UserService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly options: { demoMode: boolean },
  ) {}

  /** Active users, accounts whose lock still stands, teams and agencies (counts, not personal data). */
  /** True when there is at least one account (none: a fresh database, the moment demo mode loads its force). */
  hasAnyAccount(): Promise<boolean> {
    return repo.anyAccount(this.db);
  }

  accountCounts() {
    return repo.accountCounts(this.db, new Date(this.clock.now().getTime() - LOCKOUT_DURATION_MS));
  }

  /**
   * Password check with lockout: 5 failures inside 15 minutes lock the account for LOCKOUT_DURATION_MS (or until an
   * administrator resets it). In front of that, an address with ADDRESS_THROTTLE_FAILURES failures inside the window is
   * refused without the password being checked or the account's count moving. The caller shows one message for
   * every refusal, so a lock never confirms that an account exists.
   */
  async signIn(username: string, password: string, requestId?: string, address?: string): Promise<SignInResult> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
    if (address && (await repo.countFailedSignInsFrom(this.db, address, windowStart)) >= ADDRESS_THROTTLE_FAILURES) {
      await repo.recordSignInAttempt(this.db, { userId: null, username, at: now, succeeded: false, reason: 'address-throttled', address });
      return { kind: 'throttled' };
    }
    let user = await repo.findUserByUsername(this.db, username);
    if (!user || user.disabled_at) {
      await verifyPassword(null, password);
      await repo.recordSignInAttempt(this.db, {
        userId: user?.id ?? null,
        username,
        at: now,
        succeeded: false,
        reason: user ? 'disabled' : 'unknown-user',
        address,
      });
      return { kind: 'invalid' };
    }
    if (user.locked_at) {
      if (lockStands(user.locked_at, now)) {
        await repo.recordSignInAttempt(this.db, { userId: null, username, at: now, succeeded: false, reason: 'locked', address });
        return { kind: 'locked' };
      }
      user = await this.unlockExpired(user, requestId);
    }
    if (user.role === 'integration') {
      await repo.recordSignInAttempt(this.db, { userId: user.id, username, at: now, succeeded: false, reason: 'api-only', address });
      return { kind: 'invalid' };
    }
    if (await verifyPassword(user.password_hash, password)) {
      return { kind: 'signed-in', user };
    }
    return this.recordFailure(user, 'bad-password', requestId, address);
  }

  /** A failed password or second factor: counted against the account, which locks at the fifth in the window. */
  private async recordFailure(
    user: UserRow,
    reason: 'bad-password' | 'bad-totp',
    requestId?: string,
    address?: string,
  ): Promise<{ kind: 'invalid' } | { kind: 'locked' }> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      await repo.recordSignInAttempt(trx, { userId: user.id, username: user.username, at: now, succeeded: false, reason, address });
      const failures = await repo.countFailedSignIns(trx, user.id, new Date(now.getTime() - LOCKOUT_WINDOW_MS));
      if (failures < LOCKOUT_FAILURES) return { kind: 'invalid' } as const;
      await repo.changeUser(trx, user.id, { locked_at: now });
      await repo.deleteSessionsOf(trx, user.id);
      await this.audit.record(trx, actorFromUser(user, 'web', requestId), {
        category: 'security',
        action: 'account-locked',
        recordType: 'user',
        recordIds: [user.id],
        details: { failures },
      });
      return { kind: 'locked' } as const;
    });
  }

  /** A lock older than LOCKOUT_DURATION_MS ends: the account is unlocked and the failures before count no more. */
  private async unlockExpired(user: UserRow, requestId?: string): Promise<UserRow> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await repo.changeUser(trx, user.id, { locked_at: null });
      await repo.recordSignInAttempt(trx, {
        userId: user.id,
        username: user.username,
        at: now,
        succeeded: false,
        reason: repo.LOCK_EXPIRED_REASON,
      });
      await this.audit.record(trx, actorFromUser(user, 'web', requestId), {
        category: 'security',
        action: 'account-unlocked',
        recordType: 'user',
        recordIds: [user.id],
        details: { reason: repo.LOCK_EXPIRED_REASON },
      });
    });
    return { ...user, locked_at: null };
  }

  async recordSignedIn(user: UserRow, method: 'password' | 'totp' | 'oidc', requestId?: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await repo.recordSignInAttempt(trx, { userId: user.id, username: user.username, at: this.clock.now(), succeeded: true });
      await this.audit.record(trx, actorFromUser(user, 'web', requestId), {
        category: 'security',
        action: 'signed-in',
        recordType: 'user',
        recordIds: [user.id],
        details: { method },
      });
    });
  }

  async recordSignedOut(actor: Actor, reason: 'sign-out' | 'idle-timeout' | 'absolute-timeout'): Promise<void> {
    await this.audit.record(this.db, actor, {
      category: 'security',
      action: reason,
      recordType: 'user',
      recordIds: actor.userId ? [actor.userId] : [],
    });
  }

  needsSecondFactor(user: UserRow): 'challenge' | 'set-up' | 'none' {
    if (user.totp_enabled) return 'challenge';
    if (!this.options.demoMode && isRole(user.role) && ROLES_REQUIRING_TOTP.has(user.role)) return 'set-up';
    return 'none';
  }

  /**
   * The second factor: a code valid now (one step either side) and of a later step than the last one accepted (no
   * replay). A wrong or replayed code counts as a failed sign-in towards the account's lock.
   */
  async checkTotp(user: UserRow, code: string, requestId?: string, address?: string): Promise<boolean> {
    const step = user.totp_secret ? totpStepOf(user.totp_secret, code, this.clock.now()) : undefined;
    if (step !== undefined && (await repo.claimTotpStep(this.db, user.id, step))) return true;
    await this.recordFailure(user, 'bad-totp', requestId, address);
    return false;
  }

  /** Starts TOTP set-up: a new secret is kept unconfirmed until the user proves they hold it. */
  proposeTotpSecret(): string {
    return newTotpSecret();
  }

  async enableTotp(actor: Actor, userId: string, secret: string, code: string): Promise<boolean> {
    const step = totpStepOf(secret, code, this.clock.now());
    if (step === undefined) {
      const user = await repo.findUserById(this.db, userId);
      if (user) await this.recordFailure(user, 'bad-totp', actor.requestId);
      return false;
    }
    await this.db.transaction().execute(async (trx) => {
      await repo.changeUser(trx, userId, { totp_secret: secret, totp_enabled: true, totp_last_step: String(step) });
      await this.audit.record(trx, actor, { category: 'security', action: 'two-factor-enabled', recordType: 'user', recordIds: [userId] });
    });
    return true;
  }

  async changePassword(actor: Actor, userId: string, current: string, next: string): Promise<boolean> {
    const user = await repo.findUserById(this.db, userId);
    if (!user || !(await verifyPassword(user.password_hash, current))) return false;
    const passwordHash = await hashPassword(next);
    await this.db.transaction().execute(async (trx) => {
      await repo.changeUser(trx, userId, { password_hash: passwordHash, must_change_password: false });
      // Whoever else held a session as this user (another browser, a stolen cookie) is signed out; the route gives
      // the caller's own session a new id.
      await repo.deleteSessionsOf(trx, userId);
      await this.audit.record(trx, actor, { category: 'security', action: 'password-changed', recordType: 'user', recordIds: [userId] });
    });
    return true;
  }

  findById(id: string) {
    return repo.findUserById(this.db, id);
  }
  findByUsername(username: string) {
    return repo.findUserByUsername(this.db, username);
  }
  profile(id: string) {
    return repo.findUserWithOrganisation(this.db, id);
  }
  findByOidcSubject(subject: string) {
    return repo.findUserByOidcSubject(this.db, subject);
  }

  /** The account a person signed in at the force's identity provider uses here (see identityProvider.ts). */
  signInWithIdentityProvider(identity: FederatedIdentity, requestId?: string): Promise<FederatedSignInResult> {
    return signInWithIdentityProvider({ db: this.db, audit: this.audit, clock: this.clock }, identity, requestId);
  }

  recordIdentityProviderFailure(error: string, requestId?: string): Promise<void> {
    return recordIdentityProviderFailure({ db: this.db, audit: this.audit, clock: this.clock }, error, requestId);
  }

  /** The user an API token acts as, or undefined when the token is unknown, revoked or its user disabled. */
  async actorForApiToken(token: string, requestId?: string): Promise<Actor | undefined> {
    const row = await repo.findApiTokenUser(this.db, hashApiToken(token));
    if (!row || row.disabled_at || lockStands(row.locked_at, this.clock.now())) return undefined;
    await repo.markApiTokenUsed(this.db, row.token_id, this.clock.now());
    return actorFromUser(row, 'api', requestId);
  }

  async createApiToken(actor: Actor, username: string, label = 'cli'): Promise<string> {
    const user = await repo.findUserByUsername(this.db, username);
    if (!user || user.disabled_at) throw new NotFoundError(`No active user called ${username}`);
    const token = `sg_${crypto.randomBytes(32).toString('base64url')}`;
    await this.db.transaction().execute(async (trx) => {
      await repo.insertApiToken(trx, { user_id: user.id, token_hash: hashApiToken(token), label, created_at: this.clock.now() });
      await this.audit.record(trx, actor, {
        category: 'security',
        action: 'api-token-created',
        recordType: 'user',
        recordIds: [user.id],
        details: { label },
      });
    });
    return token;
  }

  listUsers() {
    return repo.listUsers(this.db);
  }

  /**
   * The names of these users, by id (who recorded or decided something on another module's record), read in the
   * caller's transaction; an unknown or empty id is simply absent.
   */
  async displayNames(db: Executor, ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (wanted.length === 0) return new Map();
    return new Map((await repo.displayNamesOf(db, wanted)).map((u) => [u.id, u.display_name]));
  }
  listTeams() {
    return repo.listTeams(this.db);
  }
  listAgencies() {
    return repo.listAgencies(this.db);
  }

  async createUser(actor: Actor, input: NewUser): Promise<{ id: string; temporaryPassword?: string }> {
    if (await repo.findUserByUsername(this.db, input.username)) {
      throw new ValidationError('username', 'A user with this username already exists');
    }
    await this.checkOrganisation(input.role, input.teamId ?? null, input.agencyId ?? null);
    const initial = input.password ?? temporaryPassword();
    const passwordHash = input.role === 'integration' ? null : await hashPassword(initial);
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.insertUser(trx, {
        username: input.username,
        display_name: input.displayName,
        email: input.email || null,
        role: input.role,
        team_id: input.teamId ?? null,
        agency_id: input.agencyId ?? null,
        password_hash: passwordHash,
        must_change_password: !input.password && input.role !== 'integration',
      });
      await this.audit.record(trx, actor, {
        category: 'collection',
        action: 'user-created',
        recordType: 'user',
        recordIds: [row.id],
        details: { role: input.role },
      });
      return { id: row.id, temporaryPassword: input.password || input.role === 'integration' ? undefined : initial };
    });
  }

  async updateUser(actor: Actor, id: string, changes: UserChanges): Promise<void> {
    await this.checkOrganisation(changes.role, changes.teamId, changes.agencyId);
    await this.db.transaction().execute(async (trx) => {
      const changed = await repo.changeUser(
        trx,
        id,
        {
          display_name: changes.displayName,
          email: changes.email || null,
          role: changes.role,
          team_id: changes.teamId,
          agency_id: changes.agencyId,
        },
        changes.version,
      );
      if (!changed) throw new ConcurrentChangeError();
      // A change of role or organisation takes effect at once: the user signs in again under the new one.
      await repo.deleteSessionsOf(trx, id);
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'user-updated',
        recordType: 'user',
        recordIds: [id],
        details: { role: changes.role },
      });
    });
  }

  async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<void> {
    if (disabled && actor.userId === id) throw new ValidationError('user', 'You cannot disable your own account');
    await this.db.transaction().execute(async (trx) => {
      const changed = await repo.changeUser(trx, id, { disabled_at: disabled ? this.clock.now() : null });
      if (!changed) throw new NotFoundError('No such user');
      if (disabled) await repo.deleteSessionsOf(trx, id);
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: disabled ? 'user-disabled' : 'user-enabled',
        recordType: 'user',
        recordIds: [id],
      });
    });
  }

  /** Clears a lock, removes the second factor and issues a one-time password the user must change. */
  async resetUser(actor: Actor, id: string): Promise<string> {
    const password = temporaryPassword();
    const passwordHash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      const changed = await repo.changeUser(trx, id, {
        password_hash: passwordHash,
        must_change_password: true,
        locked_at: null,
        totp_enabled: false,
        totp_secret: null,
      });
      if (!changed) throw new NotFoundError('No such user');
      await repo.deleteSessionsOf(trx, id);
      // The failures that led to a lock no longer count: one mistyped one-time password must not lock again.
      const { username } = changed;
      await repo.recordSignInAttempt(trx, {
        userId: id,
        username,
        at: this.clock.now(),
        succeeded: false,
        reason: repo.LOCKOUT_RESET_REASON,
      });
      await this.audit.record(trx, actor, { category: 'alteration', action: 'user-reset', recordType: 'user', recordIds: [id] });
    });
    return password;
  }

  async createTeam(actor: Actor, input: { code: string; name: string }): Promise<string> {
    return this.db.transaction().execute(async (trx) => {
      if (await repo.teamCodeTaken(trx, input.code)) {
        throw new ValidationError('code', 'A team with this code already exists');
      }
      const row = await repo.insertTeam(trx, input);
      await this.audit.record(trx, actor, { category: 'collection', action: 'team-created', recordType: 'team', recordIds: [row.id] });
      return row.id;
    });
  }

  async createAgency(actor: Actor, input: { code: string; name: string; kind: string }): Promise<string> {
    return this.db.transaction().execute(async (trx) => {
      if (await repo.agencyCodeTaken(trx, input.code)) {
        throw new ValidationError('code', 'An agency with this code already exists');
      }
      const row = await repo.insertAgency(trx, input);
      await this.audit.record(trx, actor, { category: 'collection', action: 'agency-created', recordType: 'agency', recordIds: [row.id] });
      return row.id;
    });
  }

  private async checkOrganisation(role: Role, teamId: string | null, agencyId: string | null) {
    if (role === 'partner' && !agencyId) throw new ValidationError('agencyId', 'Select the agency a partner user belongs to');
    if (role !== 'partner' && agencyId) throw new ValidationError('agencyId', 'Only partner users belong to an agency');
    // A stale or tampered form may name a team or agency that does not exist: a form error, not a 500.
    if (teamId && !(await repo.teamExists(this.db, teamId))) throw new ValidationError('teamId', 'Select a team from the list');
    if (agencyId && !(await repo.agencyExists(this.db, agencyId))) throw new ValidationError('agencyId', 'Select an agency from the list');
  }
}
