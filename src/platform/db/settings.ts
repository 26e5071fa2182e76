import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * The force's settings (`setting`): small JSON values under a key — the triage deadlines, the systems-check list, the
 * demo force's loading progress. One store for every module, as sessions and the audit trail are; each key belongs
 * to the module that names it.
 */
export function readSetting(db: Executor, key: string) {
  return db.selectFrom('setting').select(['value', 'version', 'updated_at']).where('key', '=', key).executeTakeFirst();
}

/** Writes a setting if it is still at `version` (0 = not yet stored); returns undefined when someone got there first. */
export async function writeSetting(db: Executor, key: string, value: unknown, version: number, at: Date) {
  if (version === 0) {
    return db
      .insertInto('setting')
      .values({ key, value: JSON.stringify(value), updated_at: at })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('version')
      .executeTakeFirst();
  }
  return db
    .updateTable('setting')
    .set({ value: JSON.stringify(value), updated_at: at, version: sql<number>`version + 1` })
    .where('key', '=', key)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
}

/** Stores a setting whatever it held before (for bookkeeping only one process writes, such as loading progress). */
export async function putSetting(db: Executor, key: string, value: unknown, at: Date): Promise<void> {
  await db
    .insertInto('setting')
    .values({ key, value: JSON.stringify(value), updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: at }))
    .execute();
}
