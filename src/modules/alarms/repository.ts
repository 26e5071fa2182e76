import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

const columns = [
  'id',
  'reference',
  'person_id',
  'device',
  'serial_number',
  'installer',
  'issued_on',
  'review_due_on',
  'returned_on',
  'return_reason',
  'notes',
  'task_id',
  'task_kind',
  'recorded_by',
  'created_at',
  'version',
] as const;

export type AlarmRow = NonNullable<Awaited<ReturnType<typeof findAlarm>>>;

export interface NewAlarmRow {
  personId: string;
  device: string;
  serialNumber: string;
  installer: string;
  issuedOn: string;
  reviewDueOn: string;
  notes: string | null;
  recordedBy: string | null;
}

export async function insertAlarm(trx: Executor, r: NewAlarmRow, now: Date) {
  return trx
    .insertInto('panic_alarm')
    .values({
      reference: sql<string>`'PA-' || lpad(nextval('panic_alarm_number')::text, 6, '0')`,
      person_id: r.personId,
      device: r.device,
      serial_number: r.serialNumber,
      installer: r.installer,
      issued_on: r.issuedOn,
      review_due_on: r.reviewDueOn,
      notes: r.notes,
      recorded_by: r.recordedBy,
      created_at: now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function findAlarm(db: Executor, id: string) {
  return db.selectFrom('panic_alarm').select(columns).where('id', '=', id).executeTakeFirst();
}

/** The alarm still out with this serial number, if any (one handset is with one victim at a time). */
export async function outWithSerial(db: Executor, serial: string) {
  return db
    .selectFrom('panic_alarm')
    .select(['id', 'reference'])
    .where('serial_number', '=', serial)
    .where('returned_on', 'is', null)
    .executeTakeFirst();
}

/** A change to an alarm at the version read; undefined when someone changed it since. */
export async function updateAlarm(
  trx: Executor,
  id: string,
  version: number,
  set: Partial<{ review_due_on: string; returned_on: string; return_reason: string; task_id: string | null; task_kind: string | null }>,
) {
  return trx
    .updateTable('panic_alarm')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(columns)
    .executeTakeFirst();
}

/** Records the task raised for an alarm (only if none is open for it: raised once). */
export async function setTask(trx: Executor, id: string, taskId: string, kind: string) {
  return trx
    .updateTable('panic_alarm')
    .set({ task_id: taskId, task_kind: kind })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('task_kind', 'is', null), eb('task_kind', '<>', kind)]))
    .returning(['id'])
    .executeTakeFirst();
}

/** Alarms still out: the job weighs each against its review date and her case. */
export async function alarmsOut(db: Executor, limit = 5000) {
  return db.selectFrom('panic_alarm').select(columns).where('returned_on', 'is', null).orderBy('review_due_on').limit(limit).execute();
}

export type RegisterView = 'out' | 'review-due' | 'returned' | 'all';

export async function listAlarms(db: Executor, view: RegisterView, today: string, limit: number, offset: number) {
  let q = db.selectFrom('panic_alarm').select(columns);
  if (view === 'out') q = q.where('returned_on', 'is', null);
  if (view === 'review-due') q = q.where('returned_on', 'is', null).where('review_due_on', '<=', today);
  if (view === 'returned') q = q.where('returned_on', 'is not', null);
  const ordered = view === 'returned' || view === 'all' ? q.orderBy('issued_on', 'desc') : q.orderBy('review_due_on', 'asc');
  const rows = await ordered
    .orderBy('id')
    .limit(limit + 1)
    .offset(offset)
    .execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export async function countAlarms(db: Executor, today: string) {
  return db
    .selectFrom('panic_alarm')
    .select([
      sql<number>`count(*) filter (where returned_on is null)::int`.as('out'),
      sql<number>`count(*) filter (where returned_on is null and review_due_on <= ${today})::int`.as('review-due'),
      sql<number>`count(*) filter (where returned_on is null and task_kind = 'alarm-return')::int`.as('unreturned'),
      sql<number>`count(*) filter (where returned_on is not null)::int`.as('returned'),
      sql<number>`count(*)::int`.as('all'),
    ])
    .executeTakeFirstOrThrow();
}

export async function alarmsOf(db: Executor, personId: string) {
  return db.selectFrom('panic_alarm').select(columns).where('person_id', '=', personId).orderBy('issued_on', 'desc').limit(50).execute();
}

export async function insertActivation(
  trx: Executor,
  a: { alarmId: string; activatedAt: Date; incidentId: string | null; outcome: string; recordedBy: string | null },
  now: Date,
) {
  return trx
    .insertInto('panic_alarm_activation')
    .values({
      alarm_id: a.alarmId,
      activated_at: a.activatedAt,
      incident_id: a.incidentId,
      outcome: a.outcome,
      recorded_by: a.recordedBy,
      created_at: now,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function activationsOf(db: Executor, alarmId: string) {
  return db
    .selectFrom('panic_alarm_activation')
    .select(['id', 'activated_at', 'incident_id', 'outcome'])
    .where('alarm_id', '=', alarmId)
    .orderBy('activated_at', 'desc')
    .execute();
}

/** A person merge moves her alarms to the surviving record (and back when undone). */
export async function moveAlarms(db: Executor, fromPersonId: string, toPersonId: string): Promise<string[]> {
  const rows = await db
    .updateTable('panic_alarm')
    .set({ person_id: toPersonId })
    .where('person_id', '=', fromPersonId)
    .returning(['id'])
    .execute();
  return rows.map((r) => r.id);
}

export async function moveAlarmsBack(db: Executor, ids: readonly string[], survivorId: string, restoredId: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('panic_alarm')
    .set({ person_id: restoredId })
    .where('id', 'in', [...ids])
    .where('person_id', '=', survivorId)
    .execute();
}
