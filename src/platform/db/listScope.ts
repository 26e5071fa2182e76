import { sql, type ExpressionBuilder, type SqlBool, type Expression, type RawBuilder } from 'kysely';
import type { ListScope } from '../../domain/access/relationship.ts';

/**
 * The listing filter every list of people applies in its SQL (domain/access/relationship.ts `listShows`): a row is
 * shown only when its person is within the user's scope and, if restricted, open to them. Rows with no person pass.
 */
export function withinScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: ListScope,
  personId: Expression<string | null>,
  restriction: Expression<string | null>,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (scope.among !== null) {
    conditions.push(scope.among.length ? eb(personId, 'in', scope.among as never) : eb.lit(false));
  }
  if (scope.restrictedOpen !== 'all') {
    const open = [eb(restriction, 'is', null), eb(restriction, '=', 'none' as never)];
    if (scope.restrictedOpen.length) open.push(eb(personId, 'in', scope.restrictedOpen as never));
    conditions.push(eb.or(open));
  }
  return eb.and(conditions);
}

/** The same filter for raw SQL: `personId` and `restriction` are the columns to test. */
export function withinScopeSql(scope: ListScope, personId: RawBuilder<unknown>, restriction: RawBuilder<unknown>): RawBuilder<unknown> {
  const among = scope.among === null ? sql`true` : sql`${personId} = any(${scope.among}::uuid[])`;
  const open =
    scope.restrictedOpen === 'all' ? sql`true` : sql`(${restriction} = 'none' or ${personId} = any(${scope.restrictedOpen}::uuid[]))`;
  return sql`(${among} and ${open})`;
}
