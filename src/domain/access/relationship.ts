import type { Role } from './roles.ts';
import type { Relationship } from './policy.ts';

/**
 * A user's relationship to a set of people (one person's record, or an incident through its parties), from facts
 * the cases, referrals, tasks and people modules hold. The rules, in order:
 *
 * 1. `own`: the user owns an open safeguarding case of one of the people, or holds an open task about one of them.
 * 2. `team`: an open case or an open task about one of them belongs to the user's team.
 * 3. `shared` (partner users only): one of the people is named in a live referral (sent or accepted) to the user's
 *    agency. A partner user is never `own`, `team` or `force`: without a referral they have `none`.
 * 4. `force`: any other member of the force's staff.
 * 5. `none`: anyone else (a partner user with nothing shared, an account with no role on records).
 *
 * Restriction: a restricted person (person.restriction other than `none`) is open to a user only through an explicit
 * grant to that user, an unexpired break-glass of theirs, or their owning the person's open case (the named officer
 * working it). A set is restricted for the user when any restricted person in it is not open to them.
 */
export interface AccessFacts {
  /** Open safeguarding cases of the people: owner and team. */
  cases: readonly { personId: string; ownerId: string | null; teamId: string | null }[];
  /** Open tasks about the people: assignee and the team the task (or its assignee) belongs to. */
  tasks: readonly { personId: string; assigneeId: string | null; teamId: string | null }[];
  /** Agencies each person is shared with through a live referral. */
  shared: readonly { personId: string; agencyId: string }[];
  /** The people among them whose record is restricted. */
  restricted: readonly string[];
  /** Restricted people opened to this user (an explicit grant or break-glass, unexpired and unrevoked). */
  opened: readonly string[];
}

export interface AccessUser {
  role: Role | 'system';
  userId: string | null;
  teamId: string | null;
  agencyId: string | null;
}

export interface RecordAccess {
  relationship: Relationship;
  /** Restricted people in the set that are not open to this user: a non-empty list refuses the record. */
  closed: string[];
}

export const NO_FACTS: AccessFacts = { cases: [], tasks: [], shared: [], restricted: [], opened: [] };

/** Which facts a decision about these people needs gathered (a partner user's relationship needs no case facts). */
export function relationshipTo(user: AccessUser, facts: AccessFacts): RecordAccess {
  if (user.role === 'system') return { relationship: 'force', closed: [] };
  const relationship = relationshipOnly(user, facts);
  const ownCases = new Set(facts.cases.filter((c) => c.ownerId !== null && c.ownerId === user.userId).map((c) => c.personId));
  const opened = new Set(facts.opened);
  const closed = [...new Set(facts.restricted)].filter((id) => !opened.has(id) && !ownCases.has(id));
  return { relationship, closed };
}

function relationshipOnly(user: AccessUser, facts: AccessFacts): Relationship {
  if (user.role === 'partner') {
    return user.agencyId !== null && facts.shared.some((s) => s.agencyId === user.agencyId) ? 'shared' : 'none';
  }
  const holders = [
    ...facts.cases.map((c) => ({ userId: c.ownerId, teamId: c.teamId })),
    ...facts.tasks.map((t) => ({ userId: t.assigneeId, teamId: t.teamId })),
  ];
  if (user.userId !== null && holders.some((h) => h.userId === user.userId)) return 'own';
  if (user.teamId !== null && holders.some((h) => h.teamId === user.teamId)) return 'team';
  return 'force';
}

/**
 * What a listing may show this user, for its SQL: partner users only the people shared with their agency; everyone
 * only the restricted people open to them. `among` null: no limit beyond restriction; `restrictedOpen` 'all': the
 * system itself, which sees everything.
 */
export interface ListScope {
  among: string[] | null;
  restrictedOpen: string[] | 'all';
}

/** Whether a listing may show this person (the same rule as the listing's SQL, for lists assembled in memory). */
export function listShows(scope: ListScope, person: { id: string; restricted: boolean }): boolean {
  if (scope.among !== null && !scope.among.includes(person.id)) return false;
  return !person.restricted || scope.restrictedOpen === 'all' || scope.restrictedOpen.includes(person.id);
}

/** How long a break-glass opens a restricted record for: long enough for the work in hand, short enough to review. */
export const BREAK_GLASS_HOURS = 4;

export function breakGlassExpiresAt(now: Date): Date {
  return new Date(now.getTime() + BREAK_GLASS_HOURS * 3_600_000);
}

/** A supervisor reviews a break-glass by the end of the next working day at the latest; one day from now is the target. */
export const BREAK_GLASS_REVIEW_HOURS = 24;
