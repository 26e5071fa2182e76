/*
 * The task table's door for other modules. The tasks module owns `task`, `marac_referral` and `triage_tally` (kept by
 * triggers on task): only its repositories have SQL on them. Another module that raises, reads, closes or moves
 * tasks calls these, passing its own transaction, so its change and the tasks' commit or fail together:
 * - intake and grading raise an incident's tasks (`raise`), grading closes its triage item (`completeTriage`);
 * - the triage queue is a tasks-module use case (triageQueueRepository.ts): the triage module pages, counts, assigns
 *   and reprioritises it through the functions below (same SQL, same indexes as when triage held it);
 * - a merge of two person records moves the tasks and MARAC referrals naming the merged record (`mergeParticipants`).
 */
import type { Executor } from '../../platform/db/executor.ts';
import { moveReferralsBack, moveReferralsToSurvivor, moveTasksBack, moveTasksToSurvivor } from './mergeRepository.ts';

export {
  insertTasks as raise,
  hasTask,
  tasksOfIncident,
  tasksWithHoldersOf,
  triageTaskDetails,
  noteOnOpenTriage,
  completeTriage,
  closeWorkReportedBefore,
  pastIncidentsAwaitingTriage,
  openEncompassTasks,
  closeEncompassTask,
  type NewTask,
} from './incidentTasksRepository.ts';

export { maracReferralsOfVictimSince } from './repository.ts';

export {
  QUEUE_SORTS,
  type QueueSort,
  type SortDirection,
  type AssignedFilter,
  type QueueFilter,
  type QueuePage,
  queuePage,
  compactTally,
  countMatching,
  queueCounts,
  findTriageTask,
  triageTasksForUpdate,
  setAssignee,
  setPriority,
  openTriageOfIncidents,
  storedPriorityOf,
} from './triageQueueRepository.ts';

/**
 * The records of this module a merge moves to the survivor and an undo moves back, each under the name the merge
 * stores its moved ids by (person_merge's columns moved_task_ids, moved_victim_referral_ids,
 * moved_perpetrator_referral_ids).
 */
export const mergeParticipants = [
  {
    records: 'tasks',
    moveToSurvivor: (trx: Executor, from: string, to: string) => moveTasksToSurvivor(trx, from, to),
    moveBack: (trx: Executor, ids: string[], survivor: string, restored: string) => moveTasksBack(trx, ids, survivor, restored),
  },
  {
    records: 'victimReferrals',
    moveToSurvivor: (trx: Executor, from: string, to: string) => moveReferralsToSurvivor(trx, 'victim_person_id', from, to),
    moveBack: (trx: Executor, ids: string[], survivor: string, restored: string) =>
      moveReferralsBack(trx, 'victim_person_id', ids, survivor, restored),
  },
  {
    records: 'perpetratorReferrals',
    moveToSurvivor: (trx: Executor, from: string, to: string) => moveReferralsToSurvivor(trx, 'perpetrator_person_id', from, to),
    moveBack: (trx: Executor, ids: string[], survivor: string, restored: string) =>
      moveReferralsBack(trx, 'perpetrator_person_id', ids, survivor, restored),
  },
] as const;
