import { sql, type Kysely } from 'kysely';

// Two things that read a million rows on every load now read a few hundred.
//
// The triage queue's counts (total, unassigned, assigned to you, by grade) come from triage_tally: each change to
// task adds, in its own transaction, a row of how many open triage items it added or took away per assignee and
// officer grade, so summing the tally gives the exact count a count(*) over task would give in the same snapshot.
// Rows are only ever inserted by the triggers (no row is locked, so concurrent intakes never wait on each other);
// the queue folds them together again now and then. "Overdue" is the total less the items not yet due, which the
// partial index task_triage_due finds directly (only what came in within the SLA hours).
//
// Person search matches each name term fuzzily against person_name_term, every distinct lower-cased given or family
// name recorded (tens of thousands, not millions of mentions), and then finds the mentions and people carrying those
// names through btree indexes. The triggers fire ALWAYS, so bulk loads that skip ordinary triggers keep both right.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table triage_tally (
      assignee_id uuid,
      officer_grade text not null,
      open_items integer not null
    );

    create function triage_tally_change() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'INSERT' then
        insert into triage_tally (assignee_id, officer_grade, open_items)
          select assignee_id, coalesce(details->>'officerGrade', 'standard'), count(*) from new_rows
          where state = 'open' and type = 'triage' group by 1, 2;
      elsif tg_op = 'DELETE' then
        insert into triage_tally (assignee_id, officer_grade, open_items)
          select assignee_id, coalesce(details->>'officerGrade', 'standard'), -count(*) from old_rows
          where state = 'open' and type = 'triage' group by 1, 2;
      else
        insert into triage_tally (assignee_id, officer_grade, open_items)
          select assignee_id, grade, sum(n) from (
            select assignee_id, coalesce(details->>'officerGrade', 'standard') as grade, 1 as n from new_rows
            where state = 'open' and type = 'triage'
            union all
            select assignee_id, coalesce(details->>'officerGrade', 'standard'), -1 from old_rows
            where state = 'open' and type = 'triage'
          ) d group by 1, 2 having sum(n) <> 0;
      end if;
      return null;
    end
    $fn$;

    create trigger triage_tally_insert after insert on task
      referencing new table as new_rows for each statement execute function triage_tally_change();
    create trigger triage_tally_update after update on task
      referencing old table as old_rows new table as new_rows for each statement execute function triage_tally_change();
    create trigger triage_tally_delete after delete on task
      referencing old table as old_rows for each statement execute function triage_tally_change();
    alter table task enable always trigger triage_tally_insert;
    alter table task enable always trigger triage_tally_update;
    alter table task enable always trigger triage_tally_delete;

    insert into triage_tally (assignee_id, officer_grade, open_items)
      select assignee_id, coalesce(details->>'officerGrade', 'standard'), count(*) from task
      where state = 'open' and type = 'triage' group by 1, 2;

    create index task_triage_due on task (due_at) where state = 'open' and type = 'triage';

    create table person_name_term (term text primary key);
    create index person_name_term_trgm on person_name_term using gin (term gin_trgm_ops);

    create function person_name_term_from_mentions() returns trigger language plpgsql as $fn$
    begin
      insert into person_name_term (term)
        select distinct t from new_rows, lateral (values (lower(details->>'givenName')), (lower(details->>'familyName'))) v(t)
        where t is not null order by t
      on conflict do nothing;
      return null;
    end
    $fn$;
    create function person_name_term_from_people() returns trigger language plpgsql as $fn$
    begin
      insert into person_name_term (term)
        select distinct t from new_rows, lateral (values (lower(given_name)), (lower(family_name))) v(t)
        where t is not null order by t
      on conflict do nothing;
      return null;
    end
    $fn$;
    create trigger person_name_term_mention_insert after insert on person_mention
      referencing new table as new_rows for each statement execute function person_name_term_from_mentions();
    create trigger person_name_term_mention_update after update on person_mention
      referencing new table as new_rows for each statement execute function person_name_term_from_mentions();
    create trigger person_name_term_person_insert after insert on person
      referencing new table as new_rows for each statement execute function person_name_term_from_people();
    create trigger person_name_term_person_update after update on person
      referencing new table as new_rows for each statement execute function person_name_term_from_people();
    alter table person_mention enable always trigger person_name_term_mention_insert;
    alter table person_mention enable always trigger person_name_term_mention_update;
    alter table person enable always trigger person_name_term_person_insert;
    alter table person enable always trigger person_name_term_person_update;

    insert into person_name_term (term)
      select lower(details->>'givenName') from person_mention where details->>'givenName' is not null
      union select lower(details->>'familyName') from person_mention where details->>'familyName' is not null
      union select lower(given_name) from person
      union select lower(family_name) from person
    on conflict do nothing;

    create index person_mention_family on person_mention (lower(details->>'familyName'));
    create index person_given on person (lower(given_name));
    create index person_family on person (lower(family_name));
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reversed');
}
