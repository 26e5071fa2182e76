import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createTestApp, csrfFor, signIn, type TestApp } from '../../testing/app.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';

/**
 * A party whose record is on either side of an undecided possible match may have history the package does not show:
 * the assessment and person pages say so, with a way to decide the pair for those who link records.
 */
let t: TestApp;
let token: string;
const agents: Record<string, Awaited<ReturnType<typeof signIn>>> = {};
before(async () => {
  t = await createTestApp();
  token = await t.services.users.createApiToken(systemActor('test'), 'integration', 'test');
  for (const u of ['assessor', 'researcher', 'support']) agents[u] = await signIn(t.app, u);
});
after(() => t.close());

let sent = 0;
async function sendIncident(victim: object, suspect: object, reportedAt: string) {
  const res = await request(t.app)
    .post('/api/v1/incidents')
    .set('Authorization', `Bearer ${token}`)
    .send({
      sourceSystem: 'niche-rms',
      sourceReference: `UNDECIDED-${++sent}`,
      reportedAt,
      classification: 'Domestic abuse - verbal argument',
      parties: [
        { role: 'victim', person: victim },
        { role: 'suspect', person: suspect },
      ],
    })
    .expect(201);
  return res.body as { id: string; parties: { role: string; personId: string; link: string }[] };
}

const warningOf = (html: string) => /data-qa="undecided-identity"[\s\S]*?<\/div>/.exec(html)?.[0];
/** One party's part of the research package (the parties come in no fixed order). */
const researchOf = (html: string, role: string) => new RegExp(`data-qa="research-${role}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

describe('an undecided identity', () => {
  test('the assessment and person pages warn while the pair is open, with the link only for those who may link', async () => {
    const full = { givenName: 'Kerensa', familyName: 'Polglaze', dateOfBirth: '1961-02-11', sex: 'female', postcode: 'PL14 3HG' };
    const sparse = { givenName: 'Kerensa', familyName: 'Polglaze', sex: 'female', postcode: 'PL14 3HG' };
    const first = await sendIncident(
      full,
      { givenName: 'Jory', familyName: 'Trebilcock', dateOfBirth: '1958-07-07' },
      '2025-06-01T10:00:00Z',
    );
    const second = await sendIncident(
      sparse,
      { givenName: 'Goron', familyName: 'Angove', dateOfBirth: '1975-01-03' },
      '2026-03-09T10:00:00Z',
    );
    const victim = second.parties.find((p) => p.role === 'victim')!;
    assert.equal(victim.link, 'review');
    const match = await t.services.db
      .selectFrom('possible_match')
      .select(['id', 'version'])
      .where('person_id', '=', victim.personId)
      .executeTakeFirstOrThrow();

    for (const incident of [second, first]) {
      const page = await agents.assessor.get(paths.incidents.assessment({ id: incident.id })).expect(200);
      const victimResearch = researchOf(page.text, 'victim');
      assert.match(victimResearch, /Kerensa/);
      const warning = warningOf(victimResearch);
      assert.ok(warning, 'the victim’s research carries the warning, on either side of the pair');
      assert.match(
        warning,
        /Kerensa Polglaze may be the same person as another record \(possible match not yet decided\)\. Their history below may be incomplete\./,
      );
      assert.match(
        warning,
        new RegExp(`href="${paths.matches.show({ id: match.id })}" data-qa="decide-match-link">Decide the possible match`),
      );
      const suspectResearch = researchOf(page.text, 'suspect');
      assert.match(suspectResearch, /research-indicators/);
      assert.equal(warningOf(suspectResearch), undefined, 'the suspect’s identity is not in question');
    }

    const asResearcher = await agents.researcher.get(paths.people.show({ id: victim.personId })).expect(200);
    assert.match(warningOf(asResearcher.text) ?? '', /data-qa="decide-match-link">Decide the possible match/);
    const asSupport = await agents.support.get(paths.people.show({ id: victim.personId })).expect(200);
    const supportWarning = warningOf(asSupport.text);
    assert.ok(supportWarning, 'a role that cannot link still sees the warning');
    assert.doesNotMatch(supportWarning, /decide-match-link|possible-matches/);
    assert.match(supportWarning, /The research team has been asked to decide it\./);

    const csrf = await csrfFor(agents.researcher, paths.matches.show({ id: match.id }));
    await agents.researcher
      .post(paths.matches.show({ id: match.id }))
      .type('form')
      .send({ _csrf: csrf, decision: 'different', reason: 'Different dates of birth on the custody record', version: match.version })
      .expect(303);
    for (const incident of [second, first]) {
      const page = await agents.assessor.get(paths.incidents.assessment({ id: incident.id })).expect(200);
      assert.equal(warningOf(page.text), undefined, 'once decided, no warning');
    }
    const after = await agents.support.get(paths.people.show({ id: victim.personId })).expect(200);
    assert.equal(warningOf(after.text), undefined);
  });
});
