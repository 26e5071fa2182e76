import { generateForce } from '../../../bench/generator/force.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import type { Services } from '../../services.ts';
import { FixedClock } from '../../platform/clock.ts';
import { isRiskGrade, type RiskGrade } from '../../domain/risk/grades.ts';
import { AssessmentService, type GradeForm } from '../assessment/index.ts';
import { assessorsAndTeams, demoForceProgress, recordDemoForceProgress } from './repository.ts';
import { closeWorkReportedBefore, pastIncidentsAwaitingTriage } from '../tasks/index.ts';
import { databaseIsEmpty, loadDemoOrganisation } from './service.ts';
import { loadDemoCases } from './cases.ts';
import { closeEncompassHistory, loadDemoSchools, workSomeOfThisWeek } from './encompass.ts';
import { loadDemoReferrals } from './referrals.ts';
import { loadDemoOrders } from './orders.ts';
import { loadDemoReleases } from './releases.ts';
import { loadDemoSupport } from './support.ts';
import { loadDemoDvds } from './dvds.ts';
import { loadVictimsCodeWork } from './victimsCode.ts';
import { loadDemoRegisters } from './registers.ts';

export const DEMO_SEED = 20_260_310;
export const DEMO_YEARS = 3;
const YEAR_MS = 365.25 * 86_400_000;
/** Incidents reported in the last this-many days are still to triage in the demo; older ones were dealt with. */
export const OPEN_WORK_DAYS = 7;

export interface DemoLoadOptions {
  incidents: number;
  onProgress?: (done: number, total: number) => void;
}

/** The synthetic demo force: organisation and accounts, then its incidents. */
export async function loadDemoForce(services: Services, options: DemoLoadOptions): Promise<void> {
  if (await databaseIsEmpty(services)) await loadDemoOrganisation(services);
  await loadDemoIncidents(services, options);
}

/** True when a demo force was started but not finished (the first start was interrupted). */
export async function demoForceIncomplete(services: Services): Promise<boolean> {
  const progress = await demoForceProgress(services.db);
  return progress !== undefined && !progress.complete;
}

/**
 * Every generated incident goes through intake exactly as the force's systems would send it, so linkage, MARAC
 * criteria and tasks are real. Intake is idempotent, so an interrupted load simply runs again.
 */
export async function loadDemoIncidents(services: Services, { incidents, onProgress }: DemoLoadOptions): Promise<void> {
  const actor = systemActor('demo-loader');
  const previous = await demoForceProgress(services.db);
  const total = previous?.incidents ?? incidents;
  const progress = { seed: previous?.seed ?? DEMO_SEED, incidents: total, loaded: 0, complete: false };
  await recordDemoForceProgress(services.db, progress);
  const end = services.clock.now();
  const start = new Date(end.getTime() - DEMO_YEARS * YEAR_MS);
  for (const generated of generateForce({ seed: progress.seed, incidents: total, start, years: DEMO_YEARS })) {
    await services.intake.receive(actor, generated.input);
    progress.loaded++;
    if (progress.loaded % 50 === 0 || progress.loaded === total) {
      onProgress?.(progress.loaded, total);
      await recordDemoForceProgress(services.db, progress);
    }
  }
  const cutoff = new Date(end.getTime() - OPEN_WORK_DAYS * 86_400_000);
  await gradeDemoHistory(services, cutoff);
  await loadDemoSchools(services, progress.seed);
  const encompass = await closeEncompassHistory(services, cutoff, progress.seed);
  // Done once, when the force is first loaded: a later run (an interrupted start resumed) must not close more.
  if (!previous?.complete) await workSomeOfThisWeek(services, cutoff, end);
  if (!previous?.complete) await loadDemoOrders(services, progress.seed);
  if (!previous?.complete) await loadDemoDvds(services, progress.seed);
  // Cases first: the Victims' Code work adds its events to the victims' open cases (opening one only where none is).
  if (!previous?.complete) await loadDemoCases(services, progress.seed);
  if (!previous?.complete) await loadVictimsCodeWork(services, progress.seed);
  // Prison releases after the cases, so each review lists the victims' safety plans and orders as they stand.
  if (!previous?.complete) await loadDemoReleases(services, progress.seed);
  // Panic alarms and Second Responder visits after the cases, so an alarm whose victim's case closed is to recover.
  if (!previous?.complete) await loadDemoSupport(services, progress.seed);
  // The enquiries register, officer advice log and signposting directory (once: a loaded directory means done).
  await loadDemoRegisters(services, progress.seed, end);
  await services.db.transaction().execute(async (trx) => {
    const closed = await closeWorkReportedBefore(trx, cutoff, services.clock.now());
    await services.audit.record(trx, actor, {
      category: 'alteration',
      action: 'demo-history-closed',
      recordType: 'task',
      details: { closed, olderThanDays: OPEN_WORK_DAYS, operationEncompass: encompass },
    });
    await recordDemoForceProgress(trx, { ...progress, complete: true });
  });
  // After the history is closed, so the reminders to chase unanswered referrals stay open. Done once (it checks).
  await loadDemoReferrals(services, progress.seed);
}

/** Of the SLA window (report to due), how far in the demo's assessors graded: well inside it, as a team that keeps up. */
const GRADED_AT_FRACTION = 0.6;

const RATIONALE: Record<RiskGrade, string> = {
  standard: 'No current indicators of serious harm from the DASH answers or the checks; safety advice given, victim signposted to support.',
  medium:
    'Identifiable indicators of risk of serious harm; the suspect has the potential to cause harm but is unlikely to unless circumstances change. Referred for IDVA support.',
  high: 'Risk of serious harm is imminent on the DASH answers and the history; referred to MARAC and the district team told.',
};

/**
 * The demo force's history as a team would have left it: every incident reported before `before` graded by an
 * assessor through the same grading the assessment page uses (so the incident is graded, the triage task done, the
 * follow-on tasks raised and the grade audited), with a rationale, inside the force's triage SLA.
 */
export async function gradeDemoHistory(services: Services, before: Date): Promise<number> {
  const { assessors, teams } = await assessorsAndTeams(services.db);
  if (assessors.length === 0) return 0;
  const clock = new FixedClock(services.clock.now());
  const grading = new AssessmentService(services.db, services.audit, clock, services.people, services.incidents, services.orders);
  const incidents = await pastIncidentsAwaitingTriage(services.db, before);
  let graded = 0;
  for (const [i, incident] of incidents.entries()) {
    const a = assessors[i % assessors.length];
    const actor = {
      userId: a.id,
      username: a.username,
      displayName: a.display_name,
      role: 'assessor' as const,
      teamId: a.team_id,
      agencyId: null,
      via: 'system' as const,
    };
    const reported = new Date(incident.reported_at).getTime();
    clock.set(new Date(reported + (new Date(incident.due_at).getTime() - reported) * GRADED_AT_FRACTION));
    const grade: RiskGrade = isRiskGrade(incident.officer_grade) ? incident.officer_grade : 'standard';
    const form = {
      grade,
      rationale: RATIONALE[grade],
      maracReasons: [],
      escalateToInvestigation: false,
      districtTeam: grade === 'high' ? (teams[i % teams.length] ?? '') : '',
      incidentVersion: incident.version,
    } as unknown as GradeForm;
    const result = await grading.grade(actor, incident.id, form);
    if (!result.ok) throw new Error(`The demo could not grade incident ${incident.id}: ${JSON.stringify(result.errors)}`);
    graded++;
  }
  return graded;
}
