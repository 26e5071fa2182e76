import { allowedRelationships, can, type Action, type RecordContext } from '../../domain/access/policy.ts';
import {
  BREAK_GLASS_REVIEW_HOURS,
  breakGlassExpiresAt,
  NO_FACTS,
  relationshipTo,
  type ListScope,
  type RecordAccess,
} from '../../domain/access/relationship.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import type { CaseService } from '../cases/index.ts';
import type { ReferralService } from '../referrals/index.ts';
import type { TaskService } from '../tasks/index.ts';
import type { UserService } from '../users/index.ts';
import { restrictedAmong } from '../people/index.ts';
import * as repo from './repository.ts';

/** A grant or break-glass could not be made as asked (the page says which field). */
export class AccessRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AccessGrant {
  id: string;
  kind: 'grant' | 'break-glass';
  reason: string;
  userId: string;
  userName: string;
  grantedBy: string | null;
  grantedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  live: boolean;
}

export interface AccessDeps {
  cases: CaseService;
  referrals: ReferralService;
  tasks: TaskService;
  users: UserService;
}

/**
 * Who may see whose record: gathers the facts (cases, tasks, referrals, restriction, grants) through their owning
 * modules and asks the pure rules (domain/access/relationship.ts, policy.ts). Owns the grants of restricted records.
 */
export class AccessService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly deps: AccessDeps,
  ) {}

  /** The actor's relationship to these people and which restricted ones among them stay closed to them. */
  async relationshipTo(actor: Actor, personIds: readonly string[], db: Executor = this.db): Promise<RecordAccess> {
    const ids = [...new Set(personIds)];
    if (actor.role === 'system' || ids.length === 0) return relationshipTo(actor, NO_FACTS);
    const partner = actor.role === 'partner';
    const restricted = await restrictedAmong(db, ids);
    const [cases, tasks, shared, opened] = await Promise.all([
      this.deps.cases.holders(ids, db),
      partner ? [] : this.deps.tasks.holders(ids, db),
      partner ? this.deps.referrals.sharedWith(ids, db) : [],
      restricted.length && actor.userId ? repo.openedTo(db, actor.userId, restricted, this.clock.now()) : [],
    ]);
    return relationshipTo(actor, { cases, tasks, shared, restricted, opened });
  }

  /** What the policy needs to decide the action on these people's record. */
  async contextFor(actor: Actor, personIds: readonly string[], db: Executor = this.db): Promise<RecordContext & RecordAccess> {
    const access = await this.relationshipTo(actor, personIds, db);
    return { ...access, restricted: access.closed.length > 0 };
  }

  /** Whether the actor may do the action on these people's record. */
  async may(actor: Actor, action: Action, personIds: readonly string[], db: Executor = this.db): Promise<boolean> {
    if (!can(actor, action)) return false;
    if (personIds.length === 0) return true;
    return can(actor, action, await this.contextFor(actor, personIds, db));
  }

  /**
   * What a listing under this action may show the actor, for its SQL: a partner only the people shared with their
   * agency; everyone only the restricted people open to them (grant, break-glass, their own case).
   */
  async listScope(actor: Actor, action: Action, db: Executor = this.db): Promise<ListScope> {
    if (actor.role === 'system') return { among: null, restrictedOpen: 'all' };
    const relationships = allowedRelationships(actor.role, action);
    let among: string[] | null;
    if (relationships.includes('force')) among = null;
    else if (relationships.includes('shared') && actor.agencyId) among = await this.deps.referrals.peopleSharedWith(actor.agencyId, db);
    else among = [];
    const restrictedOpen = actor.userId
      ? [
          ...new Set([
            ...(await repo.openedTo(db, actor.userId, null, this.clock.now())),
            ...(await this.deps.cases.victimsOwnedBy(actor.userId, db)),
          ]),
        ]
      : [];
    return { among, restrictedOpen };
  }

  /** A supervisor or administrator opens a restricted person's record to a named user, with a reason. */
  async grant(actor: Actor, input: { personId: string; username: string; reason: string; expiresAt: Date | null }): Promise<string> {
    const user = await this.deps.users.findByUsername(input.username.trim());
    if (!user || user.disabled_at) throw new AccessRequestError('username', 'Enter the username of an active user');
    if (user.id === actor.userId) throw new AccessRequestError('username', 'You cannot give yourself access: ask another supervisor');
    if (!input.reason.trim()) throw new AccessRequestError('reason', 'Enter why this user needs the record');
    const now = this.clock.now();
    if (input.expiresAt && input.expiresAt <= now) throw new AccessRequestError('expiresOn', 'The end date must be in the future');
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertGrant(
        trx,
        {
          personId: input.personId,
          userId: user.id,
          kind: 'grant',
          reason: input.reason.trim(),
          grantedBy: actor.userId,
          expiresAt: input.expiresAt,
        },
        now,
      );
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'access-granted',
        subjects: [input.personId],
        recordType: 'access_grant',
        recordIds: [id],
        reason: input.reason.trim(),
        details: { to: user.username, until: input.expiresAt?.toISOString() ?? null },
      });
      return id;
    });
  }

  async revoke(actor: Actor, personId: string, grantId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const done = await repo.revokeGrant(trx, grantId, personId, actor.userId, this.clock.now());
      if (done) {
        await this.audit.record(trx, actor, {
          category: 'alteration',
          action: 'access-revoked',
          subjects: [personId],
          recordType: 'access_grant',
          recordIds: [grantId],
        });
      }
      return done;
    });
  }

  /**
   * The actor opens a restricted record themselves, giving their reason: allowed for BREAK_GLASS_HOURS, audited in the
   * same transaction, and a supervisor of their team is given a task to review it.
   */
  async breakGlass(actor: Actor, personId: string, reason: string): Promise<Date> {
    if (!reason.trim()) throw new AccessRequestError('reason', 'Enter why you need to open this restricted record');
    if (!actor.userId) throw new AccessRequestError('reason', 'Only a signed-in user can break glass');
    const now = this.clock.now();
    const expiresAt = breakGlassExpiresAt(now);
    const reviewer = await this.supervisorFor(actor);
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertGrant(
        trx,
        { personId, userId: actor.userId!, kind: 'break-glass', reason: reason.trim(), grantedBy: actor.userId, expiresAt },
        now,
      );
      const { id: taskId } = await this.deps.tasks.raise(trx, actor, {
        type: 'review-break-glass',
        caseId: null,
        incidentId: null,
        // Not about the person as a task list names people: the reviewer may not hold the record. The record is named
        // in the details, and the supervisor sees the break-glass among the record's grants.
        subjectPersonId: null,
        teamId: reviewer?.team_id ?? actor.teamId,
        assigneeId: reviewer?.id ?? null,
        dueAt: new Date(now.getTime() + BREAK_GLASS_REVIEW_HOURS * 3_600_000),
        sourceRule: 'break-glass',
        details: {
          personId,
          by: actor.username,
          byName: actor.displayName,
          reason: reason.trim(),
          grantId: id,
          until: expiresAt.toISOString(),
        },
      });
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'break-glass',
        subjects: [personId],
        recordType: 'access_grant',
        recordIds: [id, taskId],
        reason: reason.trim(),
        details: { until: expiresAt.toISOString(), reviewTask: taskId },
      });
      return expiresAt;
    });
  }

  /** Every grant and break-glass on a person, for the supervisor's panel (ids and usernames only: no personal data). */
  async grantsOn(personId: string): Promise<AccessGrant[]> {
    const [rows, users] = await Promise.all([repo.grantsOn(this.db, personId), this.deps.users.listUsers()]);
    const name = new Map(users.map((u) => [u.id, `${u.display_name} (${u.username})`]));
    const now = this.clock.now();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      reason: r.reason,
      userId: r.user_id,
      userName: name.get(r.user_id) ?? 'Unknown user',
      grantedBy: r.granted_by ? (name.get(r.granted_by) ?? null) : null,
      grantedAt: r.granted_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
      live: r.revoked_at === null && (r.expires_at === null || r.expires_at > now),
    }));
  }

  /** A supervisor of the actor's team (any supervisor when the team has none) to review a break-glass. */
  private async supervisorFor(actor: Actor) {
    const supervisors = (await this.deps.users.listUsers()).filter(
      (u) => u.role === 'supervisor' && !u.disabled_at && u.id !== actor.userId,
    );
    return supervisors.find((u) => u.team_id === actor.teamId) ?? supervisors[0];
  }
}
