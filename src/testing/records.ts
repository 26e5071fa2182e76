import assert from 'node:assert/strict';
import type request from 'supertest';
import { paths } from '../paths.ts';
import type { Db } from '../platform/db/database.ts';
import { csrfFor } from './app.ts';

/** The newest audit event with this action. */
export function lastAuditEvent(db: Db, action: string) {
  return db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

/** Undoes a standing merge through the person page's form, as a researcher would. */
export async function undoMergeAs(
  agent: ReturnType<typeof request.agent>,
  db: Db,
  merge: { survivorId: string; mergedId: string; reason: string },
): Promise<void> {
  const { id } = await db
    .selectFrom('person_merge')
    .select('id')
    .where('survivor_id', '=', merge.survivorId)
    .where('merged_id', '=', merge.mergedId)
    .where('undone_at', 'is', null)
    .executeTakeFirstOrThrow();
  const csrf = await csrfFor(agent, paths.people.merges({ id: merge.survivorId }));
  const res = await agent
    .post(paths.people.merges({ id: merge.survivorId }))
    .type('form')
    .send({ _csrf: csrf, merge: id, reason: merge.reason });
  assert.equal(res.status, 303);
}

/** Decides a person's open possible match as "same person" through its page, as a researcher would. */
export async function decideSameAs(agent: ReturnType<typeof request.agent>, db: Db, personId: string, reason: string): Promise<void> {
  const pair = await db
    .selectFrom('possible_match')
    .select(['id', 'version'])
    .where('person_id', '=', personId)
    .where('state', '=', 'open')
    .executeTakeFirstOrThrow();
  const csrf = await csrfFor(agent, paths.matches.show({ id: pair.id }));
  const res = await agent
    .post(paths.matches.show({ id: pair.id }))
    .type('form')
    .send({ _csrf: csrf, decision: 'same', reason, version: pair.version });
  assert.equal(res.status, 303);
}
