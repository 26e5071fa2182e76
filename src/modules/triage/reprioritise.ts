import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Executor } from '../../platform/db/executor.ts';
import type { Answers, AnswerValue } from '../../domain/risk/instrument.ts';
import { maracCriteria } from '../../domain/risk/marac.ts';
import { victimMaracHistory, type IncidentService } from '../incidents/index.ts';
import { triageFlags, triagePriority } from '../../domain/triage/priority.ts';
import type { OfficerGrade } from '../../domain/triage/tasks.ts';
import * as repo from './repository.ts';
import { taskRecords } from '../tasks/index.ts';

/*
 * Open work worked out again when a person's linked history changes (a merge, an undone merge, a new incident naming a
 * suspect, a MARAC referral): the triage priority of open items and the history-based MARAC criteria of incidents
 * not yet graded, each in the caller's transaction and on the audit trail.  Imported through triage/service.ts.
 */

const answersFrom = (values: Record<string, string> | undefined): Answers | undefined =>
  values && Object.fromEntries(Object.entries(values).map(([id, value]) => [id, { value: value as AnswerValue }]));

/**
 * Works out and stores the triage priority of an incident's triage task, from what intake stored (classification,
 * DASH answers, child parties, MARAC criteria), the HBA screen once it has been answered, and the suspects' linked
 * history. Called by intake in its transaction; called again whenever those facts change (the assessment page's HBA
 * screen saved, a merge, a new incident naming a suspect).
 */
export async function prioritiseTriage(db: Executor, incidentId: string): Promise<void> {
  const signals = await repo.prioritySignalsOf(db, incidentId);
  const task = await taskRecords.triageTaskDetails(db, incidentId);
  if (!task) return;
  const details = task.details as { officerGrade?: OfficerGrade | null; orderBreaches?: number };
  // Order breaches are the order register's record: stored on the item when one is recorded (reprioritiseAfterOrderBreach).
  const flags = triageFlags({
    ...signals,
    dash: answersFrom(signals.dash),
    hbaScreen: answersFrom(signals.hbaScreen),
    orderBreaches: details.orderBreaches ?? 0,
  });
  const officerGrade = (details.officerGrade ?? null) as OfficerGrade | null;
  const { score } = triagePriority({ officerGrade, flags, maracCriteria: signals.maracCriteria });
  await taskRecords.setPriority(db, incidentId, score, flags);
}

/** An open triage item whose stored priority a change to the linked history moved. */
export interface Reprioritised {
  taskId: string;
  incidentId: string;
  reference: string;
  subjectPersonId: string | null;
  before: { priority: number; flags: string[] };
  after: { priority: number; flags: string[] };
}

/**
 * After the linked history of these people changed (a merge, an undone merge, a new incident naming a suspect),
 * works out again the stored priority of every open triage item that history feeds: the incidents of the suspects
 * whose count of distinct victims may have moved (the "serial suspect" rule). Runs in the caller's transaction, so
 * the queue never shows the order from before the change; returns the items whose score or flags changed.
 */
export async function reprioritiseTriageAfter(
  db: Executor,
  personIds: string[],
  options: { exceptIncidentId?: string; alsoIncidentIds?: string[] } = {},
): Promise<Reprioritised[]> {
  const open = await taskRecords.openTriageOfIncidents(
    db,
    await repo.incidentsWithSuspects(db, await repo.suspectsAffectedBy(db, personIds)),
  );
  const more = (options.alsoIncidentIds ?? []).filter((id) => !open.some((t) => t.incident_id === id));
  if (more.length) open.push(...(await taskRecords.openTriageOfIncidents(db, more)));
  const changed: Reprioritised[] = [];
  for (const task of open) {
    if (task.incident_id === options.exceptIncidentId || !task.incident_id) continue;
    await prioritiseTriage(db, task.incident_id);
    const after = await taskRecords.storedPriorityOf(db, task.id);
    const sameFlags = after.flags.length === task.flags.length && after.flags.every((f) => task.flags.includes(f));
    if (after.priority === task.priority && sameFlags) continue;
    changed.push({
      taskId: task.id,
      incidentId: task.incident_id,
      reference: task.reference,
      subjectPersonId: task.subject_person_id,
      before: { priority: task.priority, flags: task.flags },
      after: { priority: after.priority, flags: after.flags },
    });
  }
  return changed;
}

/**
 * A breach of a protective order was recorded against this incident (order register): the count is stored on its open
 * triage item and the item's priority worked out again, in the caller's transaction (rule "order breach recorded",
 * src/domain/triage/priority.ts). Returns the item if its score or flags changed (none once the incident is graded).
 */
export async function reprioritiseAfterOrderBreach(db: Executor, incidentId: string, breaches: number): Promise<Reprioritised[]> {
  const noted = await taskRecords.noteOnOpenTriage(db, incidentId, { orderBreaches: breaches });
  if (noted.length === 0) return [];
  const open = await taskRecords.openTriageOfIncidents(db, [incidentId]);
  const changed: Reprioritised[] = [];
  for (const task of open) {
    await prioritiseTriage(db, incidentId);
    const after = await taskRecords.storedPriorityOf(db, task.id);
    if (after.priority === task.priority && after.flags.length === task.flags.length) continue;
    changed.push({
      taskId: task.id,
      incidentId,
      reference: task.reference,
      subjectPersonId: task.subject_person_id,
      before: { priority: task.priority, flags: task.flags },
      after: { priority: after.priority, flags: after.flags },
    });
  }
  return changed;
}

/** The MARAC criteria that come from the victim's linked history rather than from the incident itself. */
const HISTORY_CRITERIA = new Set(['potential-escalation', 'repeat-marac']);

/** What changed a person's linked history, so that open work was worked out again. */
export type HistoryChange =
  'persons-merged' | 'persons-unmerged' | 'incident-received' | 'marac-referral-recorded' | 'hba-screen-recorded' | 'order-breach-recorded';

/** An incident not yet graded whose stored MARAC criteria a change to the linked history moved. */
export interface MaracCriteriaRecomputed {
  incidentId: string;
  reference: string;
  victimId: string;
  before: string[];
  after: string[];
}

/**
 * After a merge or an undone merge, works out again the MARAC criteria that come from the victim's linked history
 * (potential escalation: incidents as victim in 12 months; repeat MARAC: a referral of the same victim and
 * perpetrator in 12 months) for every incident not yet graded in which these people are victim or suspect. The
 * criteria from the incident itself (visible high risk from the officer's questionnaire) are kept as stored; grading
 * works all of them out again in any case. Runs in the caller's transaction, before the triage items are re-scored
 * (the MARAC flag reads these criteria); returns the incidents whose criteria changed.
 */
export async function recomputeMaracCriteriaAfter(
  db: Executor,
  incidents: Pick<IncidentService, 'recordMaracCriteria'>,
  personIds: string[],
): Promise<MaracCriteriaRecomputed[]> {
  const changed: MaracCriteriaRecomputed[] = [];
  for (const incident of await repo.ungradedIncidentsOf(db, personIds)) {
    if (!incident.victim_id) continue;
    const occurredAt = new Date(incident.occurred_at);
    const fromHistory = maracCriteria({
      current: { incidentId: incident.id, occurredAt, victimId: incident.victim_id, suspectIds: incident.suspect_ids },
      ...(await victimMaracHistory(db, incident.victim_id, occurredAt)),
    }).map((c) => ({ criterion: c.criterion, reason: c.reason }));
    // History criteria come last in the SafeLives order, so the kept ones stay in front.
    const stored = incident.marac_criteria;
    const next = [...stored.filter((c) => !HISTORY_CRITERIA.has(c.criterion)), ...fromHistory];
    if (JSON.stringify(next) === JSON.stringify(stored)) continue;
    await incidents.recordMaracCriteria(db, incident.id, next);
    changed.push({
      incidentId: incident.id,
      reference: incident.reference,
      victimId: incident.victim_id,
      before: stored.map((c) => c.criterion),
      after: next.map((c) => c.criterion),
    });
  }
  return changed;
}

/**
 * The audit event for MARAC criteria worked out again (category alteration, in the transaction that changed them):
 * which incidents, from what to what, and why; the people named are those the change was about and the victims.
 */
export async function recordMaracCriteriaRecomputed(
  audit: AuditTrail,
  trx: Executor,
  actor: Actor,
  changes: MaracCriteriaRecomputed[],
  cause: { because: HistoryChange; people: string[]; recordId: string },
): Promise<void> {
  if (changes.length === 0) return;
  await audit.record(trx, actor, {
    category: 'alteration',
    action: 'marac-criteria-recomputed',
    subjects: [...new Set([...cause.people, ...changes.map((c) => c.victimId)])],
    recordType: 'incident',
    recordIds: changes.map((c) => c.incidentId),
    details: {
      because: cause.because,
      cause: cause.recordId,
      changes: changes.map((c) => ({ incident: c.reference, before: c.before, after: c.after })),
    },
  });
}

/**
 * The audit event for a re-prioritisation (category alteration, in the transaction that made it): which items moved,
 * from what to what, and why; the people named are those the change was about and the items' subjects.
 */
export async function recordReprioritised(
  audit: AuditTrail,
  trx: Executor,
  actor: Actor,
  changes: Reprioritised[],
  cause: { because: HistoryChange; people: string[]; recordId: string },
): Promise<void> {
  if (changes.length === 0) return;
  await audit.record(trx, actor, {
    category: 'alteration',
    action: 'triage-reprioritised',
    subjects: [...cause.people, ...changes.flatMap((c) => (c.subjectPersonId ? [c.subjectPersonId] : []))],
    recordType: 'task',
    recordIds: changes.map((c) => c.taskId),
    details: {
      because: cause.because,
      cause: cause.recordId,
      changes: changes.map((c) => ({ taskId: c.taskId, incident: c.reference, before: c.before, after: c.after })),
    },
  });
}
