import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

export function findIncident(db: Executor, id: string) {
  return db
    .selectFrom('incident')
    .leftJoin('team', 'team.id', 'incident.team_id')
    .select([
      'incident.id',
      'incident.reference',
      'incident.source_system',
      'incident.source_reference',
      'incident.reported_at',
      'incident.occurred_at',
      'incident.location_address',
      'incident.location_postcode',
      'incident.classification',
      'incident.relationship',
      'incident.narrative',
      'incident.marac_criteria',
      'incident.status',
      'incident.team_id',
      'incident.version',
      'team.name as team_name',
    ])
    .where('incident.id', '=', id)
    .executeTakeFirst();
}

/** The parties as people now (a merged record answers as its survivor), in the order they were sent. */
export function partiesOf(db: Executor, incidentId: string) {
  return db
    .selectFrom('incident_party')
    .innerJoin('person as recorded', 'recorded.id', 'incident_party.person_id')
    .innerJoin('person', (join) => join.on(sql<boolean>`person.id = coalesce(recorded.merged_into, recorded.id)`))
    .select([
      'incident_party.id as party_id',
      'incident_party.role',
      'incident_party.present',
      'incident_party.school',
      'person.id as person_id',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'person.restriction',
    ])
    .where('incident_party.incident_id', '=', incidentId)
    .orderBy('incident_party.mention_id')
    .execute();
}

/** The first-response officer's questionnaire: the earliest assessment nobody in the unit made. */
export function officerAssessmentOf(db: Executor, incidentId: string) {
  return db
    .selectFrom('risk_assessment')
    .select(['instrument', 'instrument_version', 'answers', 'comments', 'officer_grade', 'rationale', 'submitted_at'])
    .where('incident_id', '=', incidentId)
    .where('assessed_by', 'is', null)
    .orderBy('submitted_at', 'asc')
    .limit(1)
    .executeTakeFirst();
}

export function latestFinalAssessmentOf(db: Executor, incidentId: string) {
  return db
    .selectFrom('risk_assessment')
    .innerJoin('app_user', 'app_user.id', 'risk_assessment.assessed_by')
    .select([
      'risk_assessment.id',
      'risk_assessment.assessor_grade',
      'risk_assessment.band',
      'risk_assessment.rationale',
      'risk_assessment.thrive',
      'risk_assessment.ndm_notes',
      'risk_assessment.professional_judgement',
      'risk_assessment.marac_criteria',
      'risk_assessment.hba_indicators',
      'risk_assessment.escalate_to_investigation',
      'risk_assessment.needs_supervisor_review',
      'risk_assessment.submitted_at',
      'app_user.display_name as assessed_by_name',
    ])
    .where('risk_assessment.incident_id', '=', incidentId)
    .where('risk_assessment.assessor_grade', 'is not', null)
    .orderBy('risk_assessment.submitted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface NewFinalAssessment {
  incidentId: string;
  instrument: string;
  instrumentVersion: string;
  answers: Record<string, string>;
  comments: Record<string, string>;
  officerGrade: string | null;
  assessorGrade: string;
  band: string | null;
  yesCount: number | null;
  rationale: string | null;
  thrive: Record<string, string>;
  ndmNotes: string | null;
  professionalJudgement: string[];
  maracCriteria: { criterion: string; reason: string }[];
  screens: Record<string, unknown>;
  hbaIndicators: boolean;
  escalateToInvestigation: boolean;
  needsSupervisorReview: boolean;
  assessedBy: string | null;
  at: Date;
}

export function insertFinalAssessment(db: Executor, a: NewFinalAssessment) {
  return db
    .insertInto('risk_assessment')
    .values({
      incident_id: a.incidentId,
      instrument: a.instrument,
      instrument_version: a.instrumentVersion,
      answers: JSON.stringify(a.answers),
      comments: JSON.stringify(a.comments),
      officer_grade: a.officerGrade,
      assessor_grade: a.assessorGrade,
      band: a.band,
      yes_count: a.yesCount,
      rationale: a.rationale,
      thrive: JSON.stringify(a.thrive),
      ndm_notes: a.ndmNotes,
      professional_judgement: JSON.stringify(a.professionalJudgement),
      marac_criteria: JSON.stringify(a.maracCriteria),
      screens: JSON.stringify(a.screens),
      hba_indicators: a.hbaIndicators,
      escalate_to_investigation: a.escalateToInvestigation,
      needs_supervisor_review: a.needsSupervisorReview,
      assessed_by: a.assessedBy,
      submitted_at: a.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function systemsChecksOf(db: Executor, incidentId: string) {
  return db
    .selectFrom('systems_check')
    .leftJoin('app_user', 'app_user.id', 'systems_check.recorded_by')
    .select([
      'systems_check.system',
      'systems_check.result',
      'systems_check.note',
      'systems_check.recorded_at',
      'systems_check.version',
      'app_user.display_name as recorded_by_name',
    ])
    .where('incident_id', '=', incidentId)
    .execute();
}

/** Inserts (version 0) or updates a check if still at `version`; undefined when someone else saved it first. */
export function saveSystemsCheck(
  db: Executor,
  c: { incidentId: string; system: string; result: string; note: string | null; recordedBy: string | null; at: Date; version: number },
) {
  if (c.version === 0) {
    return db
      .insertInto('systems_check')
      .values({ incident_id: c.incidentId, system: c.system, result: c.result, note: c.note, recorded_by: c.recordedBy, recorded_at: c.at })
      .onConflict((oc) => oc.doNothing())
      .returning('version')
      .executeTakeFirst();
  }
  return db
    .updateTable('systems_check')
    .set({ result: c.result, note: c.note, recorded_by: c.recordedBy, recorded_at: c.at, version: sql<number>`version + 1` })
    .where('incident_id', '=', c.incidentId)
    .where('system', '=', c.system)
    .where('version', '=', c.version)
    .returning('version')
    .executeTakeFirst();
}

export function screenResponsesOf(db: Executor, incidentId: string) {
  return db
    .selectFrom('screen_response')
    .leftJoin('app_user', 'app_user.id', 'screen_response.recorded_by')
    .select([
      'screen_response.instrument',
      'screen_response.instrument_version',
      'screen_response.answers',
      'screen_response.recorded_at',
      'screen_response.version',
      'app_user.display_name as recorded_by_name',
    ])
    .where('incident_id', '=', incidentId)
    .execute();
}

export function saveScreenResponse(
  db: Executor,
  r: {
    incidentId: string;
    instrument: string;
    version: string;
    answers: Record<string, string>;
    recordedBy: string | null;
    at: Date;
    rowVersion: number;
  },
) {
  if (r.rowVersion === 0) {
    return db
      .insertInto('screen_response')
      .values({
        incident_id: r.incidentId,
        instrument: r.instrument,
        instrument_version: r.version,
        answers: JSON.stringify(r.answers),
        recorded_by: r.recordedBy,
        recorded_at: r.at,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('version')
      .executeTakeFirst();
  }
  return db
    .updateTable('screen_response')
    .set({
      instrument_version: r.version,
      answers: JSON.stringify(r.answers),
      recorded_by: r.recordedBy,
      recorded_at: r.at,
      version: sql<number>`version + 1`,
    })
    .where('incident_id', '=', r.incidentId)
    .where('instrument', '=', r.instrument)
    .where('version', '=', r.rowVersion)
    .returning('version')
    .executeTakeFirst();
}

export function teams(db: Executor) {
  return db.selectFrom('team').select(['id', 'code', 'name']).orderBy('name').execute();
}

export async function teamExists(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('team').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Active users of a role in a team: a task goes to the one person when there is exactly one. */
export function activeUsersInTeam(db: Executor, teamId: string, role: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('team_id', '=', teamId)
    .where('role', '=', role)
    .where('disabled_at', 'is', null)
    .execute();
}

/** The attending officer's questionnaire as submitted with the incident: the first row of its risk assessments. */
export function insertOfficerAssessment(
  db: Executor,
  r: {
    incidentId: string;
    instrument: string;
    version: string;
    answers: Record<string, string>;
    comments: Record<string, string>;
    officerGrade: string;
    /** The officer's own reason for the grade (required by DARA); the rationale column of the officer's row. */
    officerRationale: string | null;
    at: Date;
  },
) {
  return db
    .insertInto('risk_assessment')
    .values({
      incident_id: r.incidentId,
      instrument: r.instrument,
      instrument_version: r.version,
      answers: JSON.stringify(r.answers),
      comments: JSON.stringify(r.comments),
      officer_grade: r.officerGrade,
      rationale: r.officerRationale,
      submitted_at: r.at,
    })
    .execute();
}
