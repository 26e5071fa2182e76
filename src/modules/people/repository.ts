import type { ListScope } from '../../domain/access/relationship.ts';
import { withinScopeSql } from '../../platform/db/listScope.ts';
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../platform/db/executor.ts';

// A person's history is read in historyRepository.ts; imported through here as before.
export * from './historyRepository.ts';

export interface PersonSearch {
  name?: string;
  dateOfBirth?: string;
  /** Upper case, no spaces: "LS62QH". */
  postcode?: string;
  /** The last ten national digits. */
  phone?: string;
  pncId?: string;
}

export const SEARCH_LIMIT = 50;

/** Where a search looks: a person's recorded details (every mention), or the person record itself. */
interface SearchSource {
  given: RawBuilder<string>;
  family: RawBuilder<string>;
  dateOfBirth: RawBuilder<string>;
  postcode?: RawBuilder<string>;
  phone?: RawBuilder<string>;
  pncId: RawBuilder<string>;
}

const MENTIONS: SearchSource = {
  given: sql`lower(m.details->>'givenName')`,
  family: sql`lower(m.details->>'familyName')`,
  dateOfBirth: sql`(m.details->>'dateOfBirth')`,
  postcode: sql`upper(replace(m.details->>'postcode', ' ', ''))`,
  phone: sql`right(regexp_replace(m.details->>'phone', '\\D', '', 'g'), 10)`,
  pncId: sql`upper(m.details->>'pncId')`,
};

const PEOPLE: SearchSource = {
  given: sql`lower(p.given_name)`,
  family: sql`lower(p.family_name)`,
  dateOfBirth: sql`p.date_of_birth::text`,
  pncId: sql`upper(p.pnc_id)`,
};

function termsOf(name: string | undefined): string[] {
  return (name ?? '')
    .toLowerCase()
    .split(/[\s,]+/)
    .map((t) => t.replace(/[%_\\]/g, ''))
    .filter((t) => t.length > 0)
    .slice(0, 4);
}

/**
 * Every recorded name (given or family, lower case) like each term: similar to it (trigram, the `%` operator) or
 * starting with it. person_name_term holds each distinct name once (kept by triggers, migration 0012), so the fuzzy
 * match reads tens of thousands of names instead of millions of mentions.
 */
async function namesLike(db: Executor, terms: string[]): Promise<string[][]> {
  const found: string[][] = [];
  for (const term of terms) {
    const { rows } = await sql<{ term: string }>`
      select term from person_name_term where term % ${term} or term like ${term + '%'}`.execute(db);
    found.push(rows.map((r) => r.term));
  }
  return found;
}

/**
 * The WHERE conditions and the score of one source; undefined when it cannot answer (a postcode on a person row).
 * `names` holds, for each term, the recorded names similar to it or starting with it: a name matching a term
 * (either way round, fuzzily, by prefix, or as a known variant of a given name) is then an exact lookup.
 */
function searchOf(source: SearchSource, criteria: PersonSearch, variantsOf: (name: string) => string[], names: string[][]) {
  const { given, family } = source;
  const terms = termsOf(criteria.name);
  const variantCheck = (term: string) => {
    const variants = variantsOf(term);
    return variants.length ? sql`${given} = any(${sql.val(variants)}::text[])` : sql`false`;
  };
  const conditions = terms.map((term, i) => {
    const givenNames = [...new Set([...names[i], ...variantsOf(term)])];
    return sql`(${given} = any(${sql.val(givenNames)}::text[]) or ${family} = any(${sql.val(names[i])}::text[]))`;
  });
  if (criteria.dateOfBirth) conditions.push(sql`${source.dateOfBirth} = ${criteria.dateOfBirth}`);
  if (criteria.postcode) {
    if (!source.postcode) return undefined;
    conditions.push(sql`${source.postcode} = ${criteria.postcode}`);
  }
  if (criteria.phone) {
    if (!source.phone) return undefined;
    conditions.push(sql`${source.phone} = ${criteria.phone}`);
  }
  if (criteria.pncId) conditions.push(sql`${source.pncId} = ${criteria.pncId}`);
  if (conditions.length === 0) return undefined;
  const score = terms.length
    ? sql.join(
        terms.map(
          (t) => sql`greatest(similarity(${given}, ${t}), similarity(${family}, ${t}), case when ${variantCheck(t)} then 0.9 else 0 end)`,
        ),
        sql` + `,
      )
    : sql`0`;
  return { where: sql.join(conditions, sql` and `), score };
}

export interface SearchOptions {
  limit?: number;
  /**
   * Above this many recorded details estimated to match (the planner's estimate), only people's current details are
   * searched (currentNamesOnly): a bare common surname is recorded on a hundred thousand mentions in a large force,
   * and reading them all took seconds, to show fifty people out of tens of thousands.
   */
  broadAt?: number;
}

export interface SearchResult {
  /** The people found, closest first, at most the limit. */
  people: PersonFound[];
  /** More people matched than are shown. */
  more: boolean;
  /** The search was too broad to read every recorded detail: only people's current names and details were searched. */
  currentNamesOnly: boolean;
}

export type PersonFound = Awaited<ReturnType<typeof peopleByIds>>[number];

/** Recorded details estimated to match above which a search reads people's current details only (SearchOptions). */
export const BROAD_SEARCH_DETAILS = 50_000;

/**
 * Every recorded name, address, phone and PNC ID of a person counts (aliases and previous surnames too). Each name
 * term matches the given or family name either way round, fuzzily (trigram), by prefix, or as a known variant of a
 * given name; the best-scoring record of each person ranks them. Merged records answer as their survivor. A search
 * too broad to read every recorded detail in time (a bare common surname) reads people's current details only.
 */
export async function searchPeople(
  db: Executor,
  criteria: PersonSearch,
  variantsOf: (name: string) => string[],
  { limit = SEARCH_LIMIT, broadAt = BROAD_SEARCH_DETAILS }: SearchOptions = {},
  /** Who the user's search may show (the access module's list scope); everyone when absent. */
  scope: ListScope = { among: null, restrictedOpen: 'all' },
): Promise<SearchResult> {
  const names = await namesLike(db, termsOf(criteria.name));
  const mentions = searchOf(MENTIONS, criteria, variantsOf, names);
  const people = searchOf(PEOPLE, criteria, variantsOf, names);
  const currentNamesOnly =
    mentions !== undefined &&
    people !== undefined &&
    (await estimatedRows(db, sql`select 1 from person_mention m where ${mentions.where}`)) > broadAt;
  const arms = [
    mentions &&
      !currentNamesOnly &&
      sql`select coalesce(p.merged_into, p.id) as id, ${mentions.score} as score from person_mention m join person p on p.id = m.person_id where ${mentions.where}`,
    people && sql`select coalesce(p.merged_into, p.id) as id, ${people.score} as score from person p where ${people.where}`,
  ].filter((arm) => arm !== undefined && arm !== false);
  if (arms.length === 0) return { people: [], more: false, currentNamesOnly };
  const ranked = await sql<{ id: string; score: number }>`
    select found.id, max(score) as score from (${sql.join(arms, sql` union all `)}) found
    join person s on s.id = found.id
    where ${withinScopeSql(scope, sql.ref('s.id'), sql.ref('s.restriction'))}
    group by found.id
    order by 2 desc, 1
    limit ${limit + 1}`.execute(db);
  const shown = ranked.rows.slice(0, limit);
  if (shown.length === 0) return { people: [], more: false, currentNamesOnly };
  const byId = new Map(
    (
      await peopleByIds(
        db,
        shown.map((r) => r.id),
      )
    ).map((p) => [p.id, p]),
  );
  return {
    people: shown.map((r) => byId.get(r.id)).filter((p): p is PersonFound => p !== undefined),
    more: ranked.rows.length > limit,
    currentNamesOnly,
  };
}

/** How many rows the planner expects a query to return: cheap (nothing is read), and right to a small factor. */
async function estimatedRows(db: Executor, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`explain (format json) ${query}`.execute(db);
  return rows[0]['QUERY PLAN'][0].Plan['Plan Rows'];
}

function peopleByIds(db: Executor, ids: string[]) {
  return db
    .selectFrom('person')
    .select(['id', 'given_name', 'middle_names', 'family_name', 'date_of_birth', 'sex', 'pnc_id', 'restriction'])
    .select((eb) =>
      eb
        .selectFrom('incident_party')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('incident_party.person_id', '=', 'person.id')
        .as('incidents'),
    )
    .where('id', 'in', ids)
    .execute();
}

/** Who these people are (names and date of birth), for another module's page that names them. */
export function identitiesOf(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'date_of_birth', 'merged_into', 'restriction'])
    .where('id', 'in', [...ids])
    .execute();
}

export function findPerson(db: Executor, id: string) {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The record a person id now answers as, and the merges that got there (oldest step first). A merge keeps every
 * merged_into pointing at a record that stands, so this is one step; older chains are followed all the same.
 */
export async function survivorOf(db: Executor, personId: string): Promise<{ survivorId: string; steps: MergeStep[] } | undefined> {
  const start = await db.selectFrom('person').select(['id', 'merged_into']).where('id', '=', personId).executeTakeFirst();
  if (!start) return undefined;
  const steps: MergeStep[] = [];
  let current = start;
  const seen = new Set([current.id]);
  while (current.merged_into && !seen.has(current.merged_into)) {
    const step = await mergeStepOf(db, current.id);
    steps.push(
      step ?? { mergeId: null, mergedId: current.id, survivorId: current.merged_into, mergedAt: null, mergedBy: null, reason: null },
    );
    const next = await db.selectFrom('person').select(['id', 'merged_into']).where('id', '=', current.merged_into).executeTakeFirst();
    if (!next) break;
    seen.add(next.id);
    current = next;
  }
  return { survivorId: current.id, steps };
}

export interface MergeStep {
  mergeId: string | null;
  mergedId: string;
  /** The record it was merged into at the time (it may since have been merged on). */
  survivorId: string;
  mergedAt: Date | null;
  mergedBy: string | null;
  reason: string | null;
}

/** The merge, still in force, that took this record into another. */
async function mergeStepOf(db: Executor, mergedId: string): Promise<MergeStep | undefined> {
  const row = await db
    .selectFrom('person_merge as m')
    .leftJoin('app_user as by', 'by.id', 'm.merged_by')
    .select(['m.id', 'm.merged_id', 'm.survivor_id', 'm.merged_at', 'm.reason', 'by.display_name as merged_by_name'])
    .where('m.merged_id', '=', mergedId)
    .where('m.undone_at', 'is', null)
    .orderBy('m.merged_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? {
        mergeId: row.id,
        mergedId: row.merged_id,
        survivorId: row.survivor_id,
        mergedAt: row.merged_at,
        mergedBy: row.merged_by_name ?? null,
        reason: row.reason,
      }
    : undefined;
}

/** The person and every record merged into them: their history is the history of all of these ids. */
export async function idsOfPerson(db: Executor, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('person')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', personId), eb('merged_into', '=', personId)]))
    .execute();
  return rows.map((r) => r.id);
}

/** People in the index: records not merged into another. */
export async function countCurrentPeople(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('merged_into', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Which of these people have a restricted record (the access module decides who may open them). */
export async function restrictedAmong(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('person')
    .select('id')
    .where('id', 'in', [...ids])
    .where('restriction', '!=', 'none')
    .execute();
  return rows.map((r) => r.id);
}
