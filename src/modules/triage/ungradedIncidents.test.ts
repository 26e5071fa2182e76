import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { useTestAppWithApiToken } from '../../testing/app.ts';
import { ungradedIncidentsOf } from './repository.ts';

/**
 * After a merge, the history-based MARAC criteria of incidents not yet graded are worked out again for the victim
 * intake worked them out for: the first victim as sent (the one the triage item is about), even when an incident
 * names two victims.
 */
const context = useTestAppWithApiToken();

const tamsin = { givenName: 'Tamsin', familyName: 'Rowse', dateOfBirth: '1992-03-14', sex: 'female', postcode: 'TR1 3AF' };
const elowen = { givenName: 'Elowen', familyName: 'Keast', dateOfBirth: '1969-10-02', sex: 'female', postcode: 'TR1 3AF' };
const denzel = { givenName: 'Denzel', familyName: 'Rowse', dateOfBirth: '1990-07-30', sex: 'male', postcode: 'TR1 3AF' };

test('an incident with two victims is worked out again for the first victim as sent, whichever order they were stored in', async () => {
  const firstVictims: string[] = [];
  const incidents: string[] = [];
  for (let i = 0; i < 6; i++) {
    const victims = i % 2 === 0 ? [tamsin, elowen] : [elowen, tamsin];
    const res = await request(context.app.app)
      .post('/api/v1/incidents')
      .set('Authorization', `Bearer ${context.token}`)
      .send({
        sourceSystem: 'niche-rms',
        sourceReference: `TWO-VICTIMS-${i}`,
        reportedAt: `2026-03-0${i + 1}T10:00:00Z`,
        classification: 'Domestic abuse - verbal argument',
        parties: [...victims.map((person) => ({ role: 'victim', person })), { role: 'suspect', person: denzel }],
      })
      .expect(201);
    incidents.push(res.body.id);
    firstVictims.push(res.body.parties[0].personId);
  }
  assert.equal(new Set(firstVictims).size, 2, 'both women were sent first in turn');
  const rows = await ungradedIncidentsOf(context.app.services.db, [...new Set(firstVictims)]);
  const victimOf = new Map(rows.map((r) => [r.id, r.victim_id]));
  assert.deepEqual(
    incidents.map((id) => victimOf.get(id)),
    firstVictims,
  );
});
