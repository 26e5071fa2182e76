import type { Executor } from '../../platform/db/executor.ts';

export interface NewVariant {
  code: string;
  baseCode: string;
  version: string;
  title: string;
  definition: unknown;
  createdBy: string | null;
  createdAt: Date;
}

export async function listVariants(db: Executor) {
  return db
    .selectFrom('risk_instrument as i')
    .leftJoin('app_user as u', 'u.id', 'i.created_by')
    .select(['i.id', 'i.code', 'i.base_code', 'i.version', 'i.title', 'i.created_at', 'u.display_name as created_by_name'])
    .orderBy('i.code')
    .orderBy('i.created_at')
    .execute();
}

export async function findVariant(db: Executor, code: string, version: string) {
  return db
    .selectFrom('risk_instrument')
    .select(['id', 'code', 'base_code', 'version', 'title', 'definition', 'created_at'])
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function baseCodeOf(db: Executor, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('risk_instrument').select('base_code').where('code', '=', code).limit(1).executeTakeFirst();
  return row?.base_code;
}

/** Never an update: a clash with an existing (code, version) inserts nothing and returns undefined. */
export async function insertVariant(db: Executor, v: NewVariant): Promise<string | undefined> {
  const row = await db
    .insertInto('risk_instrument')
    .values({
      code: v.code,
      base_code: v.baseCode,
      version: v.version,
      title: v.title,
      definition: JSON.stringify(v.definition),
      created_by: v.createdBy,
      created_at: v.createdAt,
    })
    .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The version saved last under a code: the one officers answer unless they name another. */
export async function latestVariant(db: Executor, code: string) {
  return db
    .selectFrom('risk_instrument')
    .select(['id', 'code', 'base_code', 'version', 'title', 'definition', 'created_at'])
    .where('code', '=', code)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function variantCodes(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('risk_instrument').select('code').distinct().orderBy('code').execute();
  return rows.map((r) => r.code);
}
