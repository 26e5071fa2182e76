import type { ListScope } from '../../domain/access/relationship.ts';
import { RESTRICTED_NAME } from '../people/index.ts';
import { can } from '../../domain/access/policy.ts';
import { suggestedBandOf } from '../../domain/assessment/finalGrade.ts';
import {
  RECORDS_NOT_HELD,
  SYSTEMS_CHECKLIST_SETTING,
  systemsChecklistFrom,
  type CheckResult,
} from '../../domain/assessment/systemsChecklist.ts';
import { daysBetween } from '../../domain/calendar/localDate.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import { HBA_SCREEN, S_DASH } from '../../domain/risk/instruments.ts';
import { triagePriority, type TriageFlag } from '../../domain/triage/priority.ts';
import type { OfficerGrade } from '../../domain/triage/tasks.ts';
import { hbaIndicatorsPresent, hbaScreenOffered, screenOfferedWhen, stalkingScreenOffered } from '../../domain/risk/screens.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import type { PeopleService } from '../people/index.ts';
import type { OrderService, OrderSummary } from '../orders/index.ts';
import type { DvdsService, PreviousDisclosure } from '../dvds/index.ts';
import { undecidedIdentities } from '../matches/index.ts';
import * as repo from './repository.ts';
import { taskRecords } from '../tasks/index.ts';
import { readSetting } from '../../platform/db/settings.ts';
import { answersOf, officerAssessment, type Party } from './assessedIncident.ts';

/* The assessment page: the whole picture of one incident, every person it shows recorded as consulted. */

const YEAR_DAYS = 365;

type History = NonNullable<Awaited<ReturnType<PeopleService['historyFor']>>>;

export interface ResearchedPerson {
  role: 'victim' | 'suspect';
  personId: string;
  restricted: boolean;
  name: string;
  /** The likeliest open possible match this person is on either side of: their history may be incomplete. */
  undecidedMatchId?: string;
  /** The protective orders in force they are subject to or protected by, and the breaches of those orders. */
  orders?: { inForce: OrderSummary[]; breaches: Awaited<ReturnType<OrderService['breachesAbout']>> };
  history?: History & {
    previousIncidents: History['chronology'];
    maracReferrals: History['chronology'];
    children: History['relationships'];
  };
}

/** Why the incident stood where it did in the triage queue: the stored score of its triage item and the reasons for it. */
function triageItemPriority(tasks: Awaited<ReturnType<typeof taskRecords.tasksWithHoldersOf>>, maracCriteria: { criterion: string }[]) {
  const item = tasks.find((t) => t.type === 'triage');
  if (!item) return undefined;
  const officerGrade = (item.details as { officerGrade?: OfficerGrade | null }).officerGrade ?? null;
  const { reasons } = triagePriority({
    officerGrade,
    flags: item.flags as TriageFlag[],
    maracCriteria: maracCriteria.map((c) => c.criterion),
  });
  return { score: item.priority, reasons, open: item.state === 'open' };
}

/** The assessment of one incident: reading the whole picture, recording research, and setting the final grade. */

/**
 * Everything the assessor needs on one page; every person it shows is recorded as consulted, in the same transaction.
 * The route's guard has decided the actor's relationship to the incident's people; `closed` names the restricted
 * ones not open to the actor, left out of the package (absent: every restricted party is left out).
 */
export async function assessmentPage(
  deps: { db: Db; audit: AuditTrail; people: PeopleService; orders: Pick<OrderService, 'about' | 'breachesAbout'>; dvds?: DvdsService },
  actor: Actor,
  incidentId: string,
  access: { closed?: readonly string[]; scope?: ListScope } = {},
) {
  return deps.db.transaction().execute(async (trx) => {
    const incident = await repo.findIncident(trx, incidentId);
    if (!incident) return undefined;
    const found = await repo.partiesOf(trx, incident.id);
    assertAllowed(
      actor,
      'assessment:view',
      undefined,
      found.map((p) => p.person_id),
    );
    const closed = access.closed && new Set(access.closed);
    const parties = found.map((p) => ({ ...p, open: p.restriction === 'none' || (closed !== undefined && !closed.has(p.person_id)) }));
    const occurredAt = new Date(incident.occurred_at ?? incident.reported_at);

    const researched = parties.filter((p) => p.role === 'victim' || p.role === 'suspect');
    const undecided = await undecidedIdentities(
      trx,
      researched.map((p) => p.person_id),
    );
    const research: ResearchedPerson[] = [];
    for (const party of researched) {
      const r = await researchPerson(trx, deps.people, actor, party, incident.id, access.scope);
      if (!r.history) {
        research.push(r);
        continue;
      }
      const inForce = (await deps.orders.about(trx, [party.person_id])).filter((o) => o.status === 'in-force');
      const breaches = await deps.orders.breachesAbout(trx, inForce);
      research.push({ ...r, undecidedMatchId: undecided.get(party.person_id), orders: { inForce, breaches } });
    }
    const officerRow = await repo.officerAssessmentOf(trx, incident.id);
    const officer = officerRow ? await officerAssessment(trx, officerRow) : undefined;
    const victim = research.find((r) => r.role === 'victim');
    const checks = await repo.systemsChecksOf(trx, incident.id);
    const screens = await repo.screenResponsesOf(trx, incident.id);
    const finalAssessment = await repo.latestFinalAssessmentOf(trx, incident.id);
    const tasks = await taskRecords.tasksWithHoldersOf(trx, incident.id);
    const teams = await repo.teams(trx);
    const systemsSetting = await readSetting(trx, SYSTEMS_CHECKLIST_SETTING);

    const shown = new Set(parties.filter((p) => p.open).map((p) => p.person_id));
    for (const r of research) {
      // Only the people named: a restricted one shown as "Restricted record" was not consulted.
      for (const e of r.history?.chronology ?? [])
        for (const other of e.otherParties) if (other.name !== RESTRICTED_NAME) shown.add(other.personId);
      for (const rel of r.history?.relationships ?? []) if (rel.name !== RESTRICTED_NAME) shown.add(rel.personId);
      for (const o of r.orders?.inForce ?? []) for (const p of [o.subject, ...o.protectedPeople]) shown.add(p.id);
    }
    // Previous Clare's Law disclosures about (or to) the people in this incident: the research package shows them.
    const disclosures: PreviousDisclosure[] = deps.dvds
      ? await deps.dvds.previousDisclosures(
          trx,
          parties.filter((p) => p.open).map((p) => p.person_id),
        )
      : [];
    for (const d of disclosures) shown.add(d.subject.id).add(d.recipient.id);
    await deps.audit.record(trx, actor, {
      category: 'consultation',
      action: 'assessment-viewed',
      subjects: [...shown],
      recordType: 'incident',
      recordIds: [incident.id],
    });

    const systems = systemsChecklistFrom(systemsSetting?.value).map((system) => {
      const saved = checks.find((c) => c.system === system.id);
      return { ...system, result: (saved?.result ?? 'not-checked') as CheckResult, note: saved?.note ?? '', saved };
    });
    const savedScreen = (id: string) => screens.find((s) => s.instrument === id);
    const victimIncidentsInYear = victim?.history
      ? victim.history.chronology.filter((e) => {
          if (e.kind !== 'incident' || e.role !== 'victim') return false;
          const days = daysBetween(londonDateOf(e.at), londonDateOf(occurredAt));
          return days >= 0 && days < YEAR_DAYS;
        }).length
      : 1;
    const dash = officer?.answers;
    // The screens follow the officer's version, else its instrument's latest, else DASH 2009 with a note saying so.
    const triggers = officer?.triggers.instrument;
    return {
      incident,
      parties: parties.map((p) => ({ ...p, restricted: p.restriction !== 'none' })),
      officer: officer && officerRow ? { ...officer, ...suggestedBandOf(officer), row: officerRow } : undefined,
      research,
      canLink: can(actor, 'person:link'),
      systems,
      // Records not held in Safeguard yet: the page says so and points to their systems checks.
      previousDisclosures: disclosures,
      recordsNotHeld: RECORDS_NOT_HELD.map((r) => ({ record: r.record, check: systems.find((s) => s.id === r.check.id)! })),
      screens: [
        {
          definition: S_DASH,
          offered: stalkingScreenOffered({
            dash,
            victimIncidentCountLast12Months: victimIncidentsInYear,
            instrument: triggers,
          }),
          why: screenOfferedWhen(S_DASH.id, triggers),
          saved: savedScreen(S_DASH.id),
        },
        {
          definition: HBA_SCREEN,
          offered: dash !== undefined && hbaScreenOffered(dash, triggers),
          why: screenOfferedWhen(HBA_SCREEN.id, triggers),
          saved: savedScreen(HBA_SCREEN.id),
          indicators: hbaIndicatorsPresent(answersOf((savedScreen(HBA_SCREEN.id)?.answers as Record<string, string>) ?? {})),
        },
      ],
      screensNotLoaded: officer?.triggers.notLoaded,
      finalAssessment,
      triagePriority: triageItemPriority(tasks, incident.marac_criteria as { criterion: string }[]),
      tasks,
      teams,
    };
  });
}

async function researchPerson(
  trx: Executor,
  people: PeopleService,
  actor: Actor,
  party: Party & { open: boolean },
  incidentId: string,
  scope?: ListScope,
): Promise<ResearchedPerson> {
  const base = {
    role: party.role as ResearchedPerson['role'],
    personId: party.person_id,
    restricted: party.restriction !== 'none',
    name: `${party.given_name} ${party.family_name}`,
  };
  // A restricted record stays out of the package unless it is open to the actor (a grant, break-glass, their case).
  if (!can(actor, 'person:view') || !party.open) {
    return { ...base, name: 'Restricted record' };
  }
  const history = await people.historyFor(trx, party.person_id, scope);
  if (!history) return base;
  return {
    ...base,
    history: {
      ...history,
      previousIncidents: history.chronology.filter((e) => e.kind === 'incident' && e.incidentId !== incidentId),
      maracReferrals: history.chronology.filter((e) => e.kind === 'marac-referral'),
      children: history.relationships.filter((r) => r.relation === 'child'),
    },
  };
}
