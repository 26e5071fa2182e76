import type { Executor } from '../../platform/db/executor.ts';

const DEMO_FORCE = 'demo-force';

/** How far loading the demo force got, so an interrupted first start carries on where it stopped. */
export interface DemoForceProgress {
  seed: number;
  incidents: number;
  loaded: number;
  complete: boolean;
}

export async function demoForceProgress(db: Executor): Promise<DemoForceProgress | undefined> {
  const row = await db.selectFrom('setting').select('value').where('key', '=', DEMO_FORCE).executeTakeFirst();
  return row?.value as DemoForceProgress | undefined;
}

export async function recordDemoForceProgress(db: Executor, progress: DemoForceProgress): Promise<void> {
  await db
    .insertInto('setting')
    .values({ key: DEMO_FORCE, value: JSON.stringify(progress) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(progress), updated_at: new Date() }))
    .execute();
}

/**
 * The demo force's past: a real unit would long ago have triaged incidents reported before `before`, so their
 * triage and Operation Encompass tasks are closed, leaving the queue a working week's intake. Returns the count.
 */
export async function closeWorkReportedBefore(db: Executor, before: Date, at: Date): Promise<number> {
  const result = await db
    .updateTable('task')
    .set({ state: 'done', completed_at: at })
    .where('state', '=', 'open')
    .where('type', 'in', ['triage', 'operation-encompass'])
    .where('incident_id', 'in', (eb) => eb.selectFrom('incident').select('id').where('reported_at', '<', before))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
