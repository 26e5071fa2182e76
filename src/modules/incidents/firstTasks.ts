import type { Calendar } from '../../domain/calendar/bankHolidays.ts';
import { operationEncompassDueAt } from '../../domain/calendar/operationEncompass.ts';
import type { Answers } from '../../domain/risk/instrument.ts';
import { triageDueAt, type TaskType, type TriageSla } from '../../domain/triage/tasks.ts';
import type { IncidentInput } from './schemas.ts';

export interface FirstTask {
  type: TaskType;
  incidentId: string;
  subjectPersonId: string | null;
  dueAt: Date;
  sourceRule: string;
  details: Record<string, unknown>;
  createdAt: Date;
  /** Triage items carry their incident's reported time, which the queue sorts by; other tasks have none. */
  reportedAt: Date | null;
}

/** The officer's DASH answers with their comments, as the risk rules read them. */
export function dashAnswers(input: IncidentInput): Answers | undefined {
  const ra = input.riskAssessment;
  if (!ra) return undefined;
  return Object.fromEntries(Object.entries(ra.answers).map(([id, value]) => [id, { value, comment: ra.comments?.[id] }]));
}

/**
 * The tasks every incident raises when it arrives: triage of the victim's case, due by the officer grade's SLA, and
 * an Operation Encompass notice for each child, due before the next school day. `personIds[i]` is the person of
 * `input.parties[i]`. Shared by intake and the benchmark's bulk loader so both raise exactly the same work.
 */
export function firstTasks(
  incidentId: string,
  input: IncidentInput,
  personIds: readonly string[],
  now: Date,
  sla: TriageSla,
  calendar: Calendar,
): FirstTask[] {
  const reportedAt = new Date(input.reportedAt);
  const victimIndex = input.parties.findIndex((p) => p.role === 'victim');
  const tasks: FirstTask[] = [
    {
      type: 'triage',
      incidentId,
      subjectPersonId: personIds[victimIndex],
      dueAt: triageDueAt(reportedAt, input.riskAssessment?.officerGrade, sla),
      sourceRule: 'every-da-incident',
      details: { officerGrade: input.riskAssessment?.officerGrade ?? null },
      createdAt: now,
      reportedAt,
    },
  ];
  input.parties.forEach((party, index) => {
    if (party.role !== 'child') return;
    tasks.push({
      type: 'operation-encompass',
      incidentId,
      subjectPersonId: personIds[index],
      dueAt: operationEncompassDueAt(reportedAt, calendar),
      sourceRule: 'child-linked-to-da-incident',
      details: { present: party.present ?? null, school: party.school ?? null },
      createdAt: now,
      reportedAt: null,
    });
  });
  return tasks;
}
