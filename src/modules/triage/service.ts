import { listShows, type ListScope } from '../../domain/access/relationship.ts';
import { can, relationshipToTask } from '../../domain/access/policy.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import { slaClock, triagePriority, type TriageFlag } from '../../domain/triage/priority.ts';
import { TRIAGE_SLA_SETTING, triageSlaFrom } from '../../domain/triage/sla.ts';
import type { OfficerGrade, TriageSla } from '../../domain/triage/tasks.ts';
import * as repo from './repository.ts';
import { taskRecords } from '../tasks/index.ts';
import { readSetting, writeSetting } from '../../platform/db/settings.ts';

export { QUEUE_SORTS, type QueueSort, type SortDirection, type QueueFilter } from '../tasks/index.ts';

export const QUEUE_PAGE_SIZE = 25;

export interface QueueQuery {
  filter: taskRecords.QueueFilter;
  sort: taskRecords.QueueSort;
  direction: taskRecords.SortDirection;
  page: number;
}

/** Someone else claimed, released or assigned the item since the page was loaded. */
export class TriageConflict extends Conflict {}

/** One selected item that stood in the way of a bulk assignment. */
export interface BulkAssignProblem {
  taskId: string;
  reference: string | null;
  /** gone: not a triage item (any more); triaged: graded since; refused: the policy does not let the actor assign it;
   * changed: claimed, released or assigned by someone else since the page was loaded. */
  kind: 'gone' | 'triaged' | 'refused' | 'changed';
  /** For `changed`: who has it now (null: nobody). */
  nowAssignee?: string | null;
}

/** A bulk assignment that was not made at all, because of these items. */
export class BulkAssignRefused extends Error {
  constructor(readonly problems: BulkAssignProblem[]) {
    super(`${problems.length} of the selected triage items could not be assigned`);
  }
}

/** A bulk assignment asked for in a way that cannot be made (nobody chosen, nothing selected). */
export class BulkAssignInputError extends Error {
  constructor(
    readonly field: 'assignee' | 'task',
    message: string,
  ) {
    super(message);
  }
}

export interface BulkAssigned {
  /** References of the items now assigned to the person (or unassigned). */
  changed: string[];
  /** References of the items that already were. */
  unchanged: string[];
  assigneeName: string | null;
}

/** The SLA hours per officer grade in force now (an administrator's setting, or the defaults). */
export async function currentTriageSla(db: Executor): Promise<TriageSla> {
  return triageSlaFrom((await readSetting(db, TRIAGE_SLA_SETTING))?.value);
}

export {
  prioritiseTriage,
  reprioritiseTriageAfter,
  recomputeMaracCriteriaAfter,
  recordMaracCriteriaRecomputed,
  recordReprioritised,
  type Reprioritised,
  type HistoryChange,
  type MaracCriteriaRecomputed,
} from './reprioritise.ts';

type PartyRow = Awaited<ReturnType<typeof repo.victimsAndSuspectsOf>>[number];

function personShown(p: PartyRow, visible: ListScope) {
  // A restricted person's name is shown only to whom the record is open: the row still appears so the work is not lost.
  return listShows(visible, { id: p.person_id, restricted: p.restriction !== 'none' })
    ? { id: p.person_id, name: `${p.family_name.toUpperCase()}, ${p.given_name}`, restricted: false }
    : { id: p.person_id, name: 'Restricted record', restricted: true };
}

/** The triage queue: who sees it, how it is ordered, and who works which item. */
export class TriageService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** One page of the queue; the people named on it are recorded as consulted, in the same transaction. */
  /** `visible`: the user's list scope (access module), which says whose restricted names the queue may show. */
  async queue(actor: Actor, query: QueueQuery, visible: ListScope = { among: null, restrictedOpen: [] }) {
    assertAllowed(actor, 'triage:view');
    const now = this.clock.now();
    const page = Math.max(1, query.page);
    return this.db.transaction().execute(async (trx) => {
      const rows = await taskRecords.queuePage(trx, query.filter, actor.userId, now, {
        sort: query.sort,
        direction: query.direction,
        limit: QUEUE_PAGE_SIZE,
        offset: (page - 1) * QUEUE_PAGE_SIZE,
      });
      await taskRecords.compactTally(trx);
      const matching = await taskRecords.countMatching(trx, query.filter, actor.userId, now);
      const counts = await taskRecords.queueCounts(trx, actor.userId, now);
      const parties = await repo.victimsAndSuspectsOf(
        trx,
        rows.map((r) => r.incident_id),
      );
      const items = rows.map((r) => {
        const criteria = (r.marac_criteria as { criterion: string }[]).map((c) => c.criterion);
        const officerGrade = (r.officer_grade as OfficerGrade | null) ?? null;
        const of = (role: string) =>
          parties.filter((p) => p.incident_id === r.incident_id && p.role === role).map((p) => personShown(p, visible));
        return {
          taskId: r.id,
          version: r.version,
          incidentId: r.incident_id,
          reference: r.reference,
          reportedAt: r.reported_at,
          dueAt: r.due_at,
          officerGrade,
          maracCriteria: criteria,
          flags: r.flags as TriageFlag[],
          priority: triagePriority({ officerGrade, flags: r.flags as TriageFlag[], maracCriteria: criteria }),
          sla: slaClock(new Date(r.due_at), now),
          assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? 'Unknown user' } : null,
          victims: of('victim'),
          suspects: of('suspect'),
        };
      });
      const shown = [
        ...new Set(
          items
            .flatMap((i) => [...i.victims, ...i.suspects])
            .filter((p) => !p.restricted)
            .map((p) => p.id),
        ),
      ];
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'triage-queue-viewed',
        subjects: shown,
        recordType: 'task',
        recordIds: items.map((i) => i.taskId),
        details: { filter: query.filter, sort: query.sort, direction: query.direction, page, matching },
      });
      return { items, matching, counts, page, pageSize: QUEUE_PAGE_SIZE, pages: Math.max(1, Math.ceil(matching / QUEUE_PAGE_SIZE)), now };
    });
  }

  /** The counts on a home page: not personal data, so not a consultation. */
  async counts(actor: Actor) {
    await taskRecords.compactTally(this.db);
    return taskRecords.queueCounts(this.db, actor.userId, this.clock.now());
  }

  assignableUsers() {
    return repo.assignableUsers(this.db);
  }

  async claim(actor: Actor, taskId: string, version: number) {
    assertAllowed(actor, 'triage:claim');
    return this.changeAssignee(actor, taskId, version, actor.userId, { currentAssignee: null }, 'triage-claimed');
  }

  async release(actor: Actor, taskId: string, version: number) {
    assertAllowed(actor, 'triage:claim');
    return this.changeAssignee(actor, taskId, version, null, { currentAssignee: actor.userId }, 'triage-released');
  }

  /**
   * Assigns the selected items to one person (or to nobody), all or nothing, in one transaction: each item must
   * still be open, unchanged since the page showed it (its version), and one the policy lets the actor assign. If any
   * is not, nothing is written and every item that stood in the way is reported; refusals are audited. Each item whose
   * assignee changes is one audit event; an item already with that person is left as it is.
   */
  async assignMany(actor: Actor, selected: { taskId: string; version: number }[], assigneeId: string | null): Promise<BulkAssigned> {
    assertAllowed(actor, 'triage:assign');
    let assigneeName: string | null = null;
    if (assigneeId !== null) {
      const assignee = (await repo.assignableUsers(this.db)).find((u) => u.id === assigneeId);
      if (!assignee) throw new BulkAssignInputError('assignee', 'Choose a risk assessor or research assistant');
      assigneeName = assignee.display_name;
    }
    const wanted = new Map(selected.map((s) => [s.taskId, s.version]));
    if (wanted.size === 0) throw new BulkAssignInputError('task', 'Select the incidents to assign');
    try {
      return await this.db.transaction().execute(async (trx) => {
        const tasks = await taskRecords.triageTasksForUpdate(trx, [...wanted.keys()]);
        const problems: BulkAssignProblem[] = [];
        const toChange: typeof tasks = [];
        const unchanged: string[] = [];
        for (const [taskId, version] of wanted) {
          const task = tasks.find((t) => t.id === taskId);
          const problem = task ? this.bulkProblem(actor, task, version, assigneeId) : { taskId, reference: null, kind: 'gone' as const };
          if (problem) problems.push(problem);
          else if (task!.assignee_id === assigneeId) unchanged.push(task!.reference ?? '');
          else toChange.push(task!);
        }
        if (problems.length) throw new BulkAssignRefused(problems);
        for (const task of toChange) {
          // The rows are locked and their versions checked above, so each update finds its row.
          const changed = await taskRecords.setAssignee(trx, task.id, task.version, assigneeId);
          if (!changed) throw new Error(`triage item ${task.id} changed while locked`);
        }
        await this.audit.recordMany(
          trx,
          actor,
          toChange.map((task) => ({
            category: 'alteration' as const,
            action: 'triage-assigned',
            subjects: task.subject_person_id ? [task.subject_person_id] : [],
            recordType: 'task',
            recordIds: [task.id],
            details: { assigneeId, previousAssigneeId: task.assignee_id, incidentId: task.incident_id, selected: wanted.size },
          })),
        );
        return { changed: toChange.map((t) => t.reference ?? ''), unchanged, assigneeName };
      });
    } catch (e) {
      const refused = e instanceof BulkAssignRefused ? e.problems.filter((p) => p.kind === 'refused') : [];
      if (refused.length) {
        // Outside the transaction that was rolled back, so the refusal stands in the audit trail.
        await this.audit.record(this.db, actor, {
          category: 'alteration',
          action: 'triage:assign',
          outcome: 'refused',
          recordType: 'task',
          recordIds: refused.map((p) => p.taskId),
          details: { assigneeId },
        });
      }
      throw e;
    }
  }

  /** Why one selected item cannot be assigned as asked, or undefined when it can. */
  private bulkProblem(
    actor: Actor,
    task: Awaited<ReturnType<typeof taskRecords.triageTasksForUpdate>>[number],
    version: number,
    assigneeId: string | null,
  ): BulkAssignProblem | undefined {
    const base = { taskId: task.id, reference: task.reference };
    if (task.state !== 'open') return { ...base, kind: 'triaged' };
    const ownership = { assigneeId: task.assignee_id, assigneeTeamId: task.assignee_team_id, owningTeamId: task.owning_team_id };
    if (!can(actor, 'triage:assign', { relationship: relationshipToTask(actor, ownership) })) return { ...base, kind: 'refused' };
    // Someone else claimed, released or assigned it since the page was loaded; already as asked is no conflict.
    if (task.version !== version && task.assignee_id !== assigneeId) {
      return { ...base, kind: 'changed', nowAssignee: task.assignee_id ? (task.assignee_name ?? 'someone else') : null };
    }
    return undefined;
  }

  private async changeAssignee(
    actor: Actor,
    taskId: string,
    version: number,
    assigneeId: string | null,
    condition: { currentAssignee?: string | null },
    action: 'triage-claimed' | 'triage-released',
  ) {
    return this.db.transaction().execute(async (trx) => {
      const changed = await taskRecords.setAssignee(trx, taskId, version, assigneeId, condition);
      if (!changed) throw await this.whyNot(trx, taskId, actor);
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action,
        subjects: changed.subject_person_id ? [changed.subject_person_id] : [],
        recordType: 'task',
        recordIds: [taskId],
        details: { assigneeId, incidentId: changed.incident_id },
      });
      const task = await taskRecords.findTriageTask(trx, taskId);
      return { taskId, reference: task?.reference ?? '', assigneeName: task?.assignee_name ?? null };
    });
  }

  private async whyNot(trx: Executor, taskId: string, actor: Actor): Promise<Error> {
    const task = await taskRecords.findTriageTask(trx, taskId);
    if (!task) return new NotFound('No such triage item');
    if (task.state !== 'open') return new TriageConflict('This incident has already been triaged.');
    if (task.assignee_id && task.assignee_id !== actor.userId) {
      return new TriageConflict(`${task.assignee_name ?? 'Someone else'} has this incident now.`);
    }
    return new TriageConflict('Someone else changed this item while you were looking at it.');
  }

  async sla() {
    const stored = await readSetting(this.db, TRIAGE_SLA_SETTING);
    return { sla: triageSlaFrom(stored?.value), version: stored?.version ?? 0 };
  }

  /** An administrator's change to the SLA hours; new incidents are due by the new hours, existing ones keep theirs. */
  async updateSla(actor: Actor, sla: TriageSla, version: number) {
    assertAllowed(actor, 'triage:settings');
    return this.db.transaction().execute(async (trx) => {
      const before = triageSlaFrom((await readSetting(trx, TRIAGE_SLA_SETTING))?.value);
      const written = await writeSetting(trx, TRIAGE_SLA_SETTING, sla, version, this.clock.now());
      if (!written) throw new TriageConflict('Someone else changed the triage times while you were editing them.');
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'triage-sla-changed',
        recordType: 'setting',
        recordIds: [TRIAGE_SLA_SETTING],
        details: { before, after: sla },
      });
    });
  }
}
