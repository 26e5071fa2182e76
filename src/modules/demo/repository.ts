import type { Executor } from '../../platform/db/executor.ts';
import { putSetting, readSetting } from '../../platform/db/settings.ts';

const DEMO_FORCE = 'demo-force';

/** How far loading the demo force got, so an interrupted first start carries on where it stopped. */
export interface DemoForceProgress {
  seed: number;
  incidents: number;
  loaded: number;
  complete: boolean;
}

export async function demoForceProgress(db: Executor): Promise<DemoForceProgress | undefined> {
  return (await readSetting(db, DEMO_FORCE))?.value as DemoForceProgress | undefined;
}

export async function recordDemoForceProgress(db: Executor, progress: DemoForceProgress): Promise<void> {
  await putSetting(db, DEMO_FORCE, progress, new Date());
}

/** The force's risk assessors and the district teams a high-risk case may be sent to. */
export async function assessorsAndTeams(db: Executor) {
  const assessors = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'team_id'])
    .where('role', '=', 'assessor')
    .where('disabled_at', 'is', null)
    .orderBy('username')
    .execute();
  const teams = await db.selectFrom('team').select(['id']).orderBy('name').execute();
  return { assessors, teams: teams.map((t) => t.id) };
}

export function schoolRegister(db: Executor) {
  return db.selectFrom('school').select(['id', 'name', 'town']).orderBy('name').orderBy('town').execute();
}

export function demoUser(db: Executor, username: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'role', 'team_id'])
    .where('username', '=', username)
    .executeTakeFirst();
}
