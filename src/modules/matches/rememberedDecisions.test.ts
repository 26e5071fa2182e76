import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import type { LinkageModel, PairScore, PersonRecord } from '../../domain/linkage/index.ts';
import { IncidentIntake, incidentSchema, type PersonDetails } from '../incidents/index.ts';
import { PersonLinking, sameDetails } from '../people/index.ts';

/**
 * A model whose every pair is a 'review', scored higher against a record with a date of birth: so without a
 * remembered decision the fuller record is always the one proposed. Blocking puts everyone with a surname together (two keys, as a candidate needs).
 */
const reviewEverything: LinkageModel = {
  blockingKeys: (r: PersonRecord) => (r.familyName ? [`test:${r.familyName.toLowerCase()}`, `also:${r.familyName.toLowerCase()}`] : []),
  compare: (_a: PersonRecord, b: PersonRecord): PairScore => {
    const weight = b.dateOfBirth ? 6 : 5;
    return { weight, probability: 1 / (1 + 2 ** -weight), decision: 'review', fields: [{ field: 'givenName', level: 'exact', weight }] };
  },
};

let t: TestApp;
let intake: IncidentIntake;
before(async () => {
  t = await createTestApp();
  intake = new IncidentIntake(t.services.db, t.services.audit, t.services.clock, new PersonLinking(reviewEverything, t.services.audit));
});
after(() => t.close());

let sent = 0;
/** Sent as the API would receive it: parsed by the incident schema. */
async function receive(person: Partial<PersonDetails> & { givenName: string; familyName: string }) {
  const input = incidentSchema.parse({
    sourceSystem: 'test',
    sourceReference: `RD-${++sent}`,
    reportedAt: '2026-03-01T10:00:00Z',
    classification: 'Domestic abuse - verbal argument',
    parties: [{ role: 'victim', person }],
  });
  const result = await intake.receive(systemActor('test'), input);
  return result.parties[0];
}

async function proposalFor(personId: string) {
  return t.services.db
    .selectFrom('possible_match')
    .select(['id', 'candidate_person_id', 'version'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

test('a record with the details of one a researcher kept apart from a person is not proposed against that person again', async () => {
  const full = await receive({ givenName: 'Morwenna', familyName: 'Rowe', dateOfBirth: '1979-05-02' });
  const sparse = { givenName: 'Morwenna', familyName: 'Rowe' };
  const second = await receive(sparse);
  const proposal = await proposalFor(second.personId);
  assert.equal(proposal?.candidate_person_id, full.personId);

  // Before any decision, the same sparse details again are proposed against the fuller record (it scores higher).
  const earlier = await receive(sparse);
  assert.equal((await proposalFor(earlier.personId))?.candidate_person_id, full.personId);

  await t.services.matches.decide(systemActor('test'), proposal!.id, {
    decision: 'different',
    reason: 'Different women',
    version: proposal!.version,
  });
  const later = await receive({ givenName: ' MORWENNA', familyName: 'rowe' });
  assert.equal(later.link, 'review');
  const next = await proposalFor(later.personId);
  assert.notEqual(next?.candidate_person_id, full.personId, 'not proposed against the person they were kept apart from');
  assert.ok(next, 'still proposed, against a record it may be');

  // Other details are a new question: a researcher has not answered it.
  const other = await receive({ givenName: 'Morwenna', familyName: 'Rowe', sex: 'female' });
  assert.equal((await proposalFor(other.personId))?.candidate_person_id, full.personId);
});

test('the same details means every compared field equal, ignoring case, spacing and punctuation, with none extra', () => {
  assert.ok(
    sameDetails(
      { givenName: 'Jo', familyName: "O'Neill", postcode: 'TR1 2AB' },
      { givenName: 'JO ', familyName: 'ONeill', postcode: 'tr12ab' },
    ),
  );
  assert.ok(!sameDetails({ givenName: 'Jo', familyName: 'Neill' }, { givenName: 'Jo', familyName: 'Neill', dateOfBirth: '1990-01-01' }));
  assert.ok(!sameDetails({ givenName: 'Jo', familyName: 'Neill' }, { givenName: 'Joe', familyName: 'Neill' }));
});
