import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FellegiSunterModel } from '../../src/domain/linkage/index.ts';
import { systemActor } from '../../src/platform/audit/actor.ts';
import { useTestAppWithApiToken } from '../../src/testing/app.ts';
import { generateForce } from '../generator/force.ts';
import type { IncidentInput } from '../../src/modules/incidents/index.ts';
import { MemoryPersonIndex } from './linker.ts';

/**
 * The bulk load links in memory (MemoryPersonIndex) what intake links against the database (PersonLinking): the
 * benchmark measures the product's linkage only if both decide alike. The same generated incidents go through both.
 */
const context = useTestAppWithApiToken();

/** Sends each incident through intake and through one MemoryPersonIndex, and checks both linked every party alike. */
async function linkBoth(incidents: Iterable<IncidentInput>) {
  const { services, clock } = context.app;
  const actor = systemActor('test');
  const index = new MemoryPersonIndex(new FellegiSunterModel());
  const personIdOf = new Map<number, string>();
  const outcomes = { matched: 0, new: 0, review: 0 };
  for (const input of incidents) {
    // Each arrives when it was reported, as in the bulk load: "latest" means the same on both sides.
    clock.set(new Date(input.reportedAt));
    const received = await services.intake.receive(actor, input);
    const people: number[] = [];
    for (const [i, party] of input.parties.entries()) {
      const memory = index.resolve(party.person, people);
      people.push(memory.person);
      const stored = received.parties[i];
      const where = `${input.sourceReference} party ${i} (${party.person.givenName} ${party.person.familyName})`;
      assert.equal(memory.outcome, stored.link, where);
      outcomes[memory.outcome]++;
      // The same person: a new one on both sides, or the one both sides found before.
      const known = personIdOf.get(memory.person);
      if (known) assert.equal(stored.personId, known, where);
      else personIdOf.set(memory.person, stored.personId);
    }
  }
  return outcomes;
}

test('the in-memory index links a generated force exactly as intake does against the database', async () => {
  // Incidents of a small force over two years, so that people recur under other spellings and addresses.
  const force = generateForce({ seed: 11, incidents: 160, start: new Date('2024-01-01T00:00:00Z'), years: 2 });
  const outcomes = await linkBoth(
    (function* () {
      for (const { input } of force) yield input;
    })(),
  );
  // The force exercises every outcome, or the comparison proves little.
  assert.ok(outcomes.matched > 20 && outcomes.new > 100 && outcomes.review > 0, JSON.stringify(outcomes));
});

test('the in-memory index counts shared keys as intake does: the name once, a rare undated name in full', async () => {
  let sent = 0;
  const incident = (...people: Record<string, string | undefined>[]): IncidentInput =>
    ({
      sourceSystem: 'niche-rms',
      sourceReference: `MEM-${++sent}`,
      reportedAt: new Date(Date.UTC(2026, 0, 5, 10) + sent * 86_400_000).toISOString(),
      classification: 'Domestic abuse - verbal argument',
      parties: people.map((person, i) => ({ role: i === 0 ? 'victim' : 'suspect', person })),
    }) as IncidentInput;
  const tamsin = {
    givenName: 'Tamsin',
    familyName: 'Rowe',
    dateOfBirth: '1985-04-03',
    sex: 'female',
    address: '7 Mill Lane, Bodmin',
    postcode: 'PL31 2AA',
  };
  const outcomes = await linkBoth([
    incident(tamsin, { givenName: 'Jory', familyName: 'Hocking', dateOfBirth: '1982-09-14', sex: 'male', postcode: 'PL31 2AA' }),
    // The year mistyped and no postcode: the name and the house are all she shares with her first record.
    incident({ ...tamsin, dateOfBirth: '1986-04-03', postcode: undefined }),
    // No date of birth, another postcode: a rare name counts in full.
    incident({ givenName: 'Tamsin', familyName: 'Rowe', sex: 'female', postcode: 'TR1 3AB' }),
    // Names the wrong way round.
    incident({ ...tamsin, givenName: 'Rowe', familyName: 'Tamsin' }),
    // Two parties alike in one incident are never linked to each other.
    incident(
      { givenName: 'Jory', familyName: 'Hocking', dateOfBirth: '1982-09-14', sex: 'male' },
      { givenName: 'Jory', familyName: 'Hocking', dateOfBirth: '1982-09-14', sex: 'male' },
    ),
  ]);
  assert.ok(outcomes.matched + outcomes.review >= 4, JSON.stringify(outcomes));
});

test('the in-memory index of a bulk load never links twins: it proposes them for review', () => {
  const index = new MemoryPersonIndex(new FellegiSunterModel());
  const twin = (givenName: string) => ({
    givenName,
    familyName: 'Trevithick',
    dateOfBirth: '1994-08-21',
    sex: 'female' as const,
    address: '7 Penrose Terrace, Truro',
    postcode: 'TR1 3QL',
    phone: '07700 900418',
    middleName: undefined,
    email: undefined,
    pncId: undefined,
  });
  const claire = index.resolve(twin('Claire'), []);
  const isabella = index.resolve(twin('Isabella'), []);
  assert.equal(isabella.outcome, 'review');
  assert.notEqual(isabella.person, claire.person);
  assert.equal(index.resolve(twin('Isabella'), []).person, isabella.person, 'the same twin again links to herself');
});
