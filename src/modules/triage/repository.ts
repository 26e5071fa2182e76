import { sql } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';
import { HBA_SCREEN } from '../../domain/risk/instruments.ts';

/**
 * Victims and suspects of the incidents on a page as people now (a party still recorded against a merged record
 * answers as its survivor, as on the person page), with what decides whether their name may be shown.
 */
export function victimsAndSuspectsOf(db: Executor, incidentIds: string[]) {
  if (incidentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('incident_party')
    .innerJoin('person as recorded', 'recorded.id', 'incident_party.person_id')
    .innerJoin('person', (join) => join.on(sql<boolean>`person.id = coalesce(recorded.merged_into, recorded.id)`))
    .select([
      'incident_party.incident_id',
      'incident_party.role',
      'person.id as person_id',
      'person.given_name',
      'person.family_name',
      'person.restriction',
    ])
    .where('incident_party.incident_id', 'in', incidentIds)
    .where('incident_party.role', 'in', ['victim', 'suspect'])
    .orderBy('person.family_name')
    .execute();
}

/** Who may be given triage work: active risk assessors and research assistants. */
export function assignableUsers(db: Executor) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'role'])
    .where('role', 'in', ['assessor', 'researcher'])
    .where('disabled_at', 'is', null)
    .orderBy('display_name')
    .execute();
}

/** What the priority rules read about one incident, as stored at intake. */
export async function prioritySignalsOf(db: Executor, incidentId: string) {
  const incident = await db
    .selectFrom('incident')
    .select(['classification', 'marac_criteria'])
    .where('id', '=', incidentId)
    .executeTakeFirstOrThrow();
  // A force's variant of DASH keeps DASH's question ids, so its answers carry the same signals.
  const assessment = await db
    .selectFrom('risk_assessment')
    .select([
      'answers',
      sql<string>`coalesce((select v.base_code from risk_instrument v where v.code = risk_assessment.instrument limit 1), risk_assessment.instrument)`.as(
        'base',
      ),
    ])
    .where('incident_id', '=', incidentId)
    .orderBy('submitted_at', 'asc')
    .limit(1)
    .executeTakeFirst();
  // The force's HBA screen, once someone on the unit has answered it on the assessment page.
  const hbaScreen = await db
    .selectFrom('screen_response')
    .select('answers')
    .where('incident_id', '=', incidentId)
    .where('instrument', '=', HBA_SCREEN.id)
    .executeTakeFirst();
  const children = await db
    .selectFrom('incident_party')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('incident_id', '=', incidentId)
    .where('role', '=', 'child')
    .executeTakeFirstOrThrow();
  // For each suspect here: the distinct victims of every incident they have been a suspect in.
  const { rows } = await sql<{ victims: string | null }>`
    select max(v.n) as victims from (
      select count(distinct victim.person_id) as n
      from incident_party suspect_here
      join incident_party as_suspect on as_suspect.person_id = suspect_here.person_id and as_suspect.role = 'suspect'
      join incident_party victim on victim.incident_id = as_suspect.incident_id and victim.role = 'victim'
      where suspect_here.incident_id = ${incidentId} and suspect_here.role = 'suspect' and suspect_here.person_id is not null
      group by suspect_here.person_id
    ) v`.execute(db);
  return {
    classification: incident.classification,
    maracCriteria: (incident.marac_criteria as { criterion: string }[]).map((c) => c.criterion),
    dash: assessment?.base === 'dash-2009' ? (assessment.answers as Record<string, string>) : undefined,
    hbaScreen: hbaScreen?.answers as Record<string, string> | undefined,
    childParties: Number(children.n),
    suspectMostVictims: Number(rows[0]?.victims ?? 0),
  };
}

/**
 * The people whose count of distinct victims a change to these people's history can move: the people themselves
 * (as suspects) and every suspect of an incident in which one of them is the victim (two victim records joined
 * into one, or split apart, change that suspect's count).
 */
export async function suspectsAffectedBy(db: Executor, personIds: string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const { rows } = await sql<{ person_id: string }>`
    select unnest(${sql.val(personIds)}::uuid[]) as person_id
    union
    select suspect.person_id from incident_party victim
    join incident_party suspect on suspect.incident_id = victim.incident_id and suspect.role = 'suspect'
    where victim.person_id = any(${sql.val(personIds)}::uuid[]) and victim.role = 'victim' and suspect.person_id is not null`.execute(db);
  return rows.map((r) => r.person_id);
}

/**
 * Incidents not yet graded in which any of these people (or a record merged into them) is victim or suspect, with
 * their victim (the one the triage item is about) and suspects as people now (a merged record answers as its survivor)
 * and the criteria stored at intake.
 */
export async function ungradedIncidentsOf(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return [];
  const { rows } = await sql<{
    id: string;
    reference: string;
    occurred_at: Date;
    marac_criteria: { criterion: string; reason: string }[];
    victim_id: string | null;
    suspect_ids: string[];
  }>`
    select i.id, i.reference, coalesce(i.occurred_at, i.reported_at) as occurred_at, i.marac_criteria,
      -- The victim intake worked the criteria out for: the first victim as sent, whom the triage item is about.
      coalesce(
        (select coalesce(p.merged_into, p.id) from task t join person p on p.id = t.subject_person_id
          where t.incident_id = i.id and t.type = 'triage' order by t.created_at limit 1),
        (select coalesce(p.merged_into, p.id) from incident_party v join person p on p.id = v.person_id
          where v.incident_id = i.id and v.role = 'victim' order by v.mention_id limit 1)) as victim_id,
      array(select distinct coalesce(p.merged_into, p.id) from incident_party s join person p on p.id = s.person_id
        where s.incident_id = i.id and s.role = 'suspect') as suspect_ids
    from incident i
    where i.status = 'awaiting-triage'
      and i.id in (
        select ip.incident_id from incident_party ip
        where ip.role in ('victim', 'suspect')
          and ip.person_id in (select id from person where id = any(${sql.val(personIds)}::uuid[]) or merged_into = any(${sql.val(personIds)}::uuid[])))
    order by i.id`.execute(db);
  return rows;
}

/** The incidents in which any of these people is a suspect. */
export async function incidentsWithSuspects(db: Executor, suspectIds: string[]): Promise<string[]> {
  if (suspectIds.length === 0) return [];
  const rows = await db
    .selectFrom('incident_party')
    .select('incident_party.incident_id')
    .distinct()
    .where('incident_party.person_id', 'in', suspectIds)
    .where('incident_party.role', '=', 'suspect')
    .execute();
  return rows.map((r) => r.incident_id);
}
