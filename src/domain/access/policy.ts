import { isGenericTask } from '../triage/tasks.ts';
import type { Role } from './roles.ts';

/**
 * Who may do what, as data: role × action → the relationships to the record under which it is allowed.
 * Every route and every listing query asks this one module.
 */
export type Relationship = 'own' | 'team' | 'force' | 'shared' | 'none';
export type Action =
  | 'home:view'
  | 'person:search'
  | 'person:view'
  | 'person:audit-log'
  | 'person:link'
  | 'person:break-glass'
  | 'person:grant-access'
  | 'incident:view'
  | 'incident:create'
  | 'incident:import'
  | 'assessment:view'
  | 'assessment:research'
  | 'assessment:grade'
  | 'triage:view'
  | 'triage:claim'
  | 'triage:assign'
  | 'triage:settings'
  | 'task:view'
  | 'task:complete'
  | 'task:mark-done'
  | 'marac:refer'
  | 'order:view'
  | 'order:record'
  | 'order:settings'
  | 'release:view'
  | 'release:record'
  | 'release:settings'
  | 'support:view'
  | 'support:record'
  | 'support:settings'
  | 'dvds:view'
  | 'dvds:record'
  | 'dvds:settings'
  | 'victims-code:view'
  | 'victims-code:record'
  | 'victims-code:compliance'
  | 'victims-code:settings'
  | 'audit:verify'
  | 'audit:search'
  | 'audit:export'
  | 'admin:users'
  | 'admin:organisation'
  | 'instrument:manage'
  | 'api:token'
  | 'enquiry:view'
  | 'enquiry:record'
  | 'enquiry:decide'
  | 'officer-advice:view'
  | 'officer-advice:record'
  | 'directory:search'
  | 'directory:manage'
  | 'signposting:record'
  | 'case:view'
  | 'case:open'
  | 'case:manage'
  | 'contact:record'
  | 'referral:create'
  | 'referral:view'
  | 'referral:manage'
  | 'partner:referrals'
  | 'partner:referral-view'
  | 'partner:referral-respond';

const EVERYWHERE: Relationship[] = ['own', 'team', 'force'];

type Grants = Partial<Record<Action, Relationship[]>>;

function grants(entries: [Action, Relationship[]][]): Grants {
  return Object.fromEntries(entries);
}

const staffGrants = grants([
  ['home:view', EVERYWHERE],
  ['person:search', EVERYWHERE],
  ['person:view', EVERYWHERE],
  // Opening a restricted record with a reason, for a limited time; a supervisor reviews every one (relationship.ts).
  ['person:break-glass', EVERYWHERE],
  ['incident:view', EVERYWHERE],
  // Follow-on work (Operation Encompass notices, escalations, referrals): every staff role sees and does its own.
  ['task:view', EVERYWHERE],
  ['task:complete', EVERYWHERE],
  // "Mark as done" closes a generic task (no step of its own, tasks.ts): its assignee or their team; supervisors any.
  ['task:mark-done', ['own', 'team']],
  // The order register: every staff role reads it (orders bear on every risk decision).
  ['order:view', EVERYWHERE],
  // Prison releases: every staff role reads them (a perpetrator's release bears on every victim's risk).
  ['release:view', EVERYWHERE],
  ['support:view', EVERYWHERE],
  // The signposting directory of local services, and recording that a person was signposted to one.
  ['directory:search', EVERYWHERE],
  ['signposting:record', EVERYWHERE],
  // The advice given to officers attending an incident is read with the incident.
  ['officer-advice:view', EVERYWHERE],
]);

// Recording notices, orders, hearing outcomes, breaches and expiry reviews: the DA coordinator (DVPO paperwork), the
// DA support officer (who oversees notices, orders and breaches) and supervisors.
const orderRecording = grants([['order:record', EVERYWHERE]]);

// Recording prison releases: the DA support officer oversees them (seed 003), with coordinators and supervisors.
const releaseRecording = grants([['release:record', EVERYWHERE]]);
// Support programmes (panic alarms, Second Responder visits, One Stop Shop events): the DA support officer organises
// them (seed 003), with coordinators and supervisors; every staff role reads them (an alarm bears on any response).
const supportProgrammes = grants([['support:record', EVERYWHERE]]);
// Clare's Law (DVDS) applications: the DA coordinator manages them through the scheme, holds the face-to-face meetings
// and makes the disclosures (seed 000, item 9), with supervisors; the research assistant reads them for the checks
// (seed 001). Other roles see that a disclosure was made only in the research package at triage.
const dvdsReading = grants([['dvds:view', EVERYWHERE]]);
const dvdsWork = grants([
  ['dvds:view', EVERYWHERE],
  ['dvds:record', EVERYWHERE],
]);

// The triage queue: assessors and researchers claim work; coordinators and supervisors hand it out.
const triageClaims = grants([
  ['triage:view', EVERYWHERE],
  ['triage:claim', EVERYWHERE],
]);
const triageAssigns = grants([
  ['triage:view', EVERYWHERE],
  ['triage:assign', EVERYWHERE],
]);

// The assessment page: researchers build the package (systems checks, screens); assessors, coordinators (secondary
// risk assessments) and supervisors also set the final grade.
const assessmentResearch = grants([
  ['assessment:view', EVERYWHERE],
  ['assessment:research', EVERYWHERE],
]);
const assessmentGrading = grants([
  ['assessment:view', EVERYWHERE],
  ['assessment:research', EVERYWHERE],
  ['assessment:grade', EVERYWHERE],
]);

// Recording that a victim was referred to MARAC (the draft referral task the coordinator is given when criteria are met).
const maracReferrals = grants([['marac:refer', EVERYWHERE]]);

// Referrals to partner agencies: every staff role reads them; those who refer (seeds 000, 002, 004) send, withdraw and
// close them. A partner reads and answers only referrals to their own agency ("shared"; its queries name the agency).
const referralsRead = grants([['referral:view', EVERYWHERE]]);
const referring = grants([
  ['referral:view', EVERYWHERE],
  ['referral:create', EVERYWHERE],
  ['referral:manage', EVERYWHERE],
]);

// The Victims' Code on a case (needs assessment, Enhanced Rights, update preferences, case events and the updates they
// oblige) is the victim care officer's work, shared with the DA coordinator; both, and supervisors, see compliance.
const victimsCode = grants([
  ['victims-code:view', EVERYWHERE],
  ['victims-code:record', EVERYWHERE],
  ['victims-code:compliance', EVERYWHERE],
]);

// The enquiries register: requests for information from other teams and agencies, and what was disclosed.
const enquiries = grants([
  ['enquiry:view', EVERYWHERE],
  ['enquiry:record', EVERYWHERE],
  ['enquiry:decide', EVERYWHERE],
]);

// Advice to officers attending a DA incident: given by coordinators, assessors and supervisors.
const officerAdvice = grants([['officer-advice:record', EVERYWHERE]]);

// Safeguarding cases (issue 17): coordinators and victim care officers open, hold and work cases and record contacts;
// they transfer, close and reopen their own and their team's (supervisors any); assessors open one from triage; the
// research assistant reads them.
const caseReading = grants([['case:view', EVERYWHERE]]);
const caseOpening = grants([
  ['case:view', EVERYWHERE],
  ['case:open', EVERYWHERE],
]);
const caseWork = grants([
  ['case:view', EVERYWHERE],
  ['case:open', EVERYWHERE],
  ['case:manage', ['own', 'team']],
  ['contact:record', EVERYWHERE],
]);

// Deciding possible matches, merging and unmerging person records.
const linking = grants([['person:link', EVERYWHERE]]);

export const POLICY: Record<Role, Grants> = {
  assessor: {
    ...staffGrants,
    ...triageClaims,
    ...linking,
    ...assessmentGrading,
    ...maracReferrals,
    ...officerAdvice,
    ...caseOpening,
    ...referring,
  },
  coordinator: {
    ...staffGrants,
    ...triageAssigns,
    ...linking,
    ...assessmentGrading,
    ...maracReferrals,
    ...orderRecording,
    ...releaseRecording,
    ...supportProgrammes,
    ...victimsCode,
    ...enquiries,
    ...officerAdvice,
    ...caseWork,
    ...referring,
    ...dvdsWork,
  },
  researcher: {
    ...staffGrants,
    ...triageClaims,
    ...linking,
    ...assessmentResearch,
    ...enquiries,
    ...caseReading,
    ...referralsRead,
    ...dvdsReading,
  },
  support: { ...staffGrants, ...orderRecording, ...releaseRecording, ...supportProgrammes, ...referring },
  victimcare: { ...staffGrants, ...victimsCode, ...caseWork, ...referring },
  supervisor: {
    ...staffGrants,
    ...referring,
    ...triageAssigns,
    ...linking,
    ...assessmentGrading,
    ...maracReferrals,
    ...orderRecording,
    ...releaseRecording,
    ...supportProgrammes,
    ...victimsCode,
    ...enquiries,
    ...officerAdvice,
    ...caseWork,
    ...dvdsWork,
    'case:manage': EVERYWHERE,
    // The days before a release its risk review is raised: an administrator or a supervisor sets them.
    'release:settings': EVERYWHERE,
    // The panic alarm review period and the Second Responder eligibility rule: an administrator or a supervisor.
    'support:settings': EVERYWHERE,
    'person:audit-log': EVERYWHERE,
    'person:grant-access': EVERYWHERE,
    'task:mark-done': EVERYWHERE,
  },
  // Partner agencies' staff see people only through the referrals to their agency (the partner portal): the copy of
  // the fields the referrer chose to share, never the force's record of the person or incident ("shared" is the
  // relationship a live referral gives them: relationship.ts). Issue 17: "see nothing else".
  partner: grants([
    ['home:view', EVERYWHERE],
    ['partner:referrals', EVERYWHERE],
    ['partner:referral-view', ['shared']],
    ['partner:referral-respond', ['shared']],
  ]),
  // The auditor reads the audit trail, never the case: a person is found by identity alone (the audit log's own
  // lookup), not through person search, whose results lead to records the auditor may not open.
  auditor: grants([
    ['home:view', EVERYWHERE],
    ['person:audit-log', EVERYWHERE],
    ['audit:verify', EVERYWHERE],
    ['audit:search', EVERYWHERE],
    ['audit:export', EVERYWHERE],
  ]),
  admin: grants([
    ['home:view', EVERYWHERE],
    ['admin:users', EVERYWHERE],
    ['admin:organisation', EVERYWHERE],
    ['person:grant-access', EVERYWHERE],
    ['audit:verify', EVERYWHERE],
    ['api:token', EVERYWHERE],
    ['incident:import', EVERYWHERE],
    ['triage:settings', EVERYWHERE],
    ['victims-code:settings', EVERYWHERE],
    ['instrument:manage', EVERYWHERE],
    ['order:settings', EVERYWHERE],
    ['release:settings', EVERYWHERE],
    ['support:settings', EVERYWHERE],
    ['dvds:settings', EVERYWHERE],
    ['directory:manage', EVERYWHERE],
  ]),
  integration: grants([['incident:create', EVERYWHERE]]),
};

export interface AccessSubject {
  role: Role | 'system';
}

export interface RecordContext {
  /** The actor's relationship to the record's people (relationship.ts `relationshipTo`). */
  relationship: Relationship;
  /**
   * The record names a restricted person not open to this actor (no grant, break-glass or own case): refused,
   * whatever the role.
   */
  restricted?: boolean;
  /** The kind of task acted on: `task:mark-done` is only ever allowed on a generic kind (tasks.ts `COMPLETING_STEP`). */
  taskType?: string;
}

/**
 * Whether the actor may do the action: on a record when one is given (role × relationship × restriction), otherwise
 * whether their role may do it to any record at all (the route-level check, and what a page offers).
 */
export function can(actor: AccessSubject, action: Action, record?: RecordContext): boolean {
  if (actor.role === 'system') return true;
  const allowed = POLICY[actor.role][action];
  if (!allowed || allowed.length === 0) return false;
  // A task with a completing step of its own is done only through that step, whoever asks.
  if (action === 'task:mark-done' && !isGenericTask(record?.taskType)) return false;
  if (!record) return true;
  if (record.relationship === 'none' || record.restricted) return false;
  return allowed.includes(record.relationship) || (record.relationship !== 'shared' && allowed.includes('force'));
}

/**
 * Which relationships a role may list under an action: a listing shows everyone (restriction aside) when `force` is
 * among them, only the people shared with the user's agency when only `shared` is, and nobody otherwise.
 */
export function allowedRelationships(role: Role, action: Action): Relationship[] {
  return POLICY[role][action] ?? [];
}

/** Who a task belongs to, as the policy needs it. */
export interface TaskOwnership {
  assigneeId: string | null;
  /** The team of the person it is assigned to. */
  assigneeTeamId: string | null;
  /** The task's team, or its incident's; null when neither has one (the task then belongs to the whole unit). */
  owningTeamId: string | null;
}

/**
 * The actor's relationship to a task: `own` when it is assigned to them, `team` when it is assigned to someone in their
 * team or is unclaimed and their team's (an unclaimed task of no team belongs to the whole unit, as the task list shows
 * it), otherwise `force`.
 */
export function relationshipToTask(actor: { userId: string | null; teamId: string | null }, task: TaskOwnership): Relationship {
  if (task.assigneeId !== null) {
    if (task.assigneeId === actor.userId) return 'own';
    return actor.teamId !== null && actor.teamId === task.assigneeTeamId ? 'team' : 'force';
  }
  if (task.owningTeamId === null) return 'team';
  return actor.teamId === task.owningTeamId ? 'team' : 'force';
}
