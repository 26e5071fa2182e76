import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { useTestAppWithApiToken } from '../../testing/app.ts';
import { lastAuditEvent } from '../../testing/records.ts';
import { systemActor } from '../../platform/audit/actor.ts';

/**
 * The case and referral records that decide who holds a victim: a case has an owner and a team, a victim has at most
 * one open case, and a person is shared with an agency only while a referral to it is sent or accepted.
 */
const ctx = useTestAppWithApiToken();
let sent = 0;

async function victim(givenName: string): Promise<{ personId: string; incidentId: string }> {
  const res = await request(ctx.app.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${ctx.token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `CS-${++sent}`,
      reportedAt: '2026-03-01T20:00:00Z',
      classification: 'Domestic abuse - verbal argument',
      parties: [{ role: 'victim', person: { givenName, familyName: 'Caseworth', dateOfBirth: '1990-05-0' + sent } }],
    })
    .expect(201);
  return { personId: res.body.parties[0].personId, incidentId: res.body.id };
}

describe('safeguarding cases and referrals (the records behind own, team and shared)', () => {
  test('a case is opened with its incidents, audited, and its holder is known', async () => {
    const { services } = ctx.app;
    const { personId, incidentId } = await victim('Annabel');
    const team = await services.db.selectFrom('team').select('id').executeTakeFirstOrThrow();
    const opened = await services.db.transaction().execute((trx) =>
      services.cases.open(trx, systemActor('test'), {
        victimPersonId: personId,
        incidentIds: [incidentId],
        ownerId: null,
        teamId: team.id,
        enhancedRights: true,
        openedBy: null,
      }),
    );
    assert.match(opened.reference, /^CASE-\d{6}$/);
    assert.equal(opened.status, 'open');
    assert.deepEqual(await services.cases.incidentIds(services.db, opened.id), [incidentId]);
    assert.deepEqual(await services.cases.holders([personId]), [{ personId, ownerId: null, teamId: team.id }]);
    const event = await lastAuditEvent(services.db, 'case-opened');
    assert.deepEqual(event?.subject_person_ids, [personId]);
    await assert.rejects(
      services.db.transaction().execute((trx) =>
        services.cases.open(trx, systemActor('test'), {
          victimPersonId: personId,
          incidentIds: [],
          ownerId: null,
          teamId: null,
          enhancedRights: true,
          openedBy: null,
        }),
      ),
      /safeguarding_case_one_open/,
    );
  });

  test('a person is shared with an agency only through a live referral to it', async () => {
    const { services } = ctx.app;
    const { personId, incidentId } = await victim('Bethan');
    const other = await victim('Carys');
    const agency = await services.db
      .insertInto('agency')
      .values({ code: 'test-idva', name: 'Test IDVA service', kind: 'idva' })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.deepEqual(await services.referrals.sharedWith([personId]), []);
    const referral = await services.db.transaction().execute((trx) =>
      services.referrals.record(trx, systemActor('test'), {
        agencyId: agency.id,
        incidentId,
        caseId: null,
        personIds: [personId],
        status: 'sent',
        createdBy: null,
      }),
    );
    assert.deepEqual(await services.referrals.sharedWith([personId, other.personId]), [{ personId, agencyId: agency.id }]);
    const event = await lastAuditEvent(services.db, 'referral-sent');
    assert.equal(event?.category, 'disclosure');
    assert.equal(event?.recipient, agency.id);
    await services.db.updateTable('referral').set({ status: 'withdrawn' }).where('id', '=', referral.id).execute();
    assert.deepEqual(await services.referrals.sharedWith([personId]), []);
  });

  test('a person merge moves her cases to the survivor, closing the second open one; undoing it moves them back and reopens it', async () => {
    const { services } = ctx.app;
    const a = await victim('Dilys');
    const b = await victim('Eirlys');
    const openFor = (v: { personId: string; incidentId: string }) =>
      services.db.transaction().execute((trx) =>
        services.cases.open(trx, systemActor('test'), {
          victimPersonId: v.personId,
          incidentIds: [v.incidentId],
          ownerId: null,
          teamId: null,
          enhancedRights: true,
          openedBy: null,
        }),
      );
    const survivors = await openFor(a);
    const merged = await openFor(b);
    const moved = await services.db.transaction().execute((trx) => services.cases.moveToSurvivor(trx, b.personId, a.personId));
    assert.deepEqual(moved, [merged.id]);
    const after = await services.cases.find(services.db, merged.id);
    assert.equal(after?.victimPersonId, a.personId);
    assert.equal(after?.status, 'closed');
    assert.match(after!.closureReason!, new RegExp(survivors.reference));
    assert.equal((await services.cases.openCaseOf(services.db, a.personId))?.id, survivors.id);
    assert.equal((await lastAuditEvent(services.db, 'cases-moved-by-merge'))?.category, 'alteration');
    await services.db.transaction().execute((trx) => services.cases.moveBack(trx, moved, b.personId));
    const back = await services.cases.find(services.db, merged.id);
    assert.equal(back?.victimPersonId, b.personId);
    assert.equal(back?.status, 'open');
    assert.equal((await services.cases.openCaseOf(services.db, a.personId))?.id, survivors.id);
  });
});
