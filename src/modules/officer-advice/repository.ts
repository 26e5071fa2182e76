import type { Executor } from '../../platform/db/executor.ts';

export interface NewAdvice {
  incidentId: string;
  officerName: string;
  collarNumber: string;
  advisedAt: Date;
  advice: string[];
  notes: string;
  advisedBy: string | null;
}

const COLUMNS = [
  'officer_advice.id',
  'officer_advice.incident_id',
  'officer_advice.officer_name',
  'officer_advice.collar_number',
  'officer_advice.advised_at',
  'officer_advice.advice',
  'officer_advice.notes',
  'officer_advice.advised_by',
] as const;

export function insertAdvice(db: Executor, a: NewAdvice, now: Date) {
  return db
    .insertInto('officer_advice')
    .values({
      incident_id: a.incidentId,
      officer_name: a.officerName,
      collar_number: a.collarNumber,
      advised_at: a.advisedAt,
      advice: a.advice,
      notes: a.notes,
      advised_by: a.advisedBy,
      created_at: now,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export interface AdviceFilter {
  incidentId?: string;
  officer?: string;
  limit: number;
  offset: number;
}

/** Advice newest first, optionally of one incident or one officer (by name or collar number). */
export function listAdvice(db: Executor, f: AdviceFilter) {
  let q = db.selectFrom('officer_advice').select(COLUMNS);
  if (f.incidentId) q = q.where('officer_advice.incident_id', '=', f.incidentId);
  if (f.officer) {
    const like = `%${f.officer.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('officer_advice.officer_name', 'ilike', like), eb('officer_advice.collar_number', 'ilike', like)]));
  }
  return q.orderBy('officer_advice.advised_at', 'desc').orderBy('officer_advice.id').limit(f.limit).offset(f.offset).execute();
}
