import { generateForce } from '../../../bench/generator/force.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import type { Services } from '../../services.ts';
import { closeWorkReportedBefore, demoForceProgress, recordDemoForceProgress } from './repository.ts';
import { databaseIsEmpty, loadDemoOrganisation } from './service.ts';

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
  await services.db.transaction().execute(async (trx) => {
    const closed = await closeWorkReportedBefore(trx, new Date(end.getTime() - OPEN_WORK_DAYS * 86_400_000), services.clock.now());
    await services.audit.record(trx, actor, {
      category: 'alteration',
      action: 'demo-history-closed',
      recordType: 'task',
      details: { closed, olderThanDays: OPEN_WORK_DAYS },
    });
    await recordDemoForceProgress(trx, { ...progress, complete: true });
  });
}
