import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hbaIndicatorsPresent,
  hbaScreenOffered,
  screenOfferedWhen,
  screensPrompted,
  screenTriggers,
  stalkingScreenOffered,
  type ScreenTriggers,
} from './screens.ts';
import type { Answers } from './instrument.ts';
import { DARA_2022, DASH_2009, HBA_SCREEN, S_DASH } from './instruments.ts';
import { dashAnswers } from './testAnswers.ts';

const stalking: { name: string; input: Parameters<typeof stalkingScreenOffered>[0]; offered: boolean }[] = [
  {
    name: 'DASH Q8 (constant contact, stalking) is yes',
    input: { dash: dashAnswers({ questionIds: ['8'] }), victimIncidentCountLast12Months: 1 },
    offered: true,
  },
  {
    name: 'DASH Q2 (very frightened) is yes',
    input: { dash: dashAnswers({ questionIds: ['2'] }), victimIncidentCountLast12Months: 1 },
    offered: true,
  },
  { name: 'two incidents in 12 months', input: { dash: dashAnswers(), victimIncidentCountLast12Months: 2 }, offered: true },
  {
    name: 'the victim says they are very frightened (no DASH)',
    input: { victimIncidentCountLast12Months: 1, veryFrightened: true },
    offered: true,
  },
  { name: 'one incident, Q2 and Q8 no', input: { dash: dashAnswers({ yes: 1 }), victimIncidentCountLast12Months: 1 }, offered: false },
  {
    name: 'Q8 "don’t know" is not yes',
    input: { dash: { ...dashAnswers(), '8': { value: 'dont-know' } }, victimIncidentCountLast12Months: 1, veryFrightened: false },
    offered: false,
  },
];
for (const { name, input, offered } of stalking) {
  test(`stalking screen ${offered ? 'offered' : 'not offered'}: ${name}`, () => {
    assert.equal(stalkingScreenOffered(input), offered);
  });
}

test('the HBA screen is offered when DASH Q4 (isolated from family or friends) is yes, and only then', () => {
  assert.equal(hbaScreenOffered(dashAnswers({ questionIds: ['4'] })), true);
  assert.equal(hbaScreenOffered({ '4': { value: 'dont-know' } }), false);
  assert.equal(hbaScreenOffered(dashAnswers({ yes: 3 })), false);
});

test('screens prompted come from the instrument’s data, so a DARA isolation answer prompts the HBA screen too', () => {
  assert.deepEqual(screensPrompted({ '2': { value: 'yes' }, '4': { value: 'yes' }, '8': { value: 'yes' } }, DASH_2009), [
    's-dash',
    'hba-screen',
  ]);
  assert.deepEqual(screensPrompted({ '4': { value: 'yes' } }, DARA_2022), ['hba-screen']);
});

test('any "yes" on the HBA screen is an indicator; "don’t know" and "no" are not', () => {
  assert.equal(hbaIndicatorsPresent({ '1': { value: 'no' }, '4': { value: 'yes', comment: 'engagement arranged abroad' } }), true);
  assert.equal(hbaIndicatorsPresent({ '1': { value: 'no' }, '2': { value: 'dont-know' } }), false);
  assert.equal(hbaIndicatorsPresent({}), false);
});

test('why a screen is offered names the questions of the instrument the officer answered', () => {
  assert.equal(
    screenOfferedWhen(S_DASH.id, DASH_2009),
    'when DASH question 2 (victim very frightened) or 8 (constant contact, texting, stalking or harassment) is yes, or after 2 or more incidents in 12 months',
  );
  assert.equal(screenOfferedWhen(HBA_SCREEN.id, DASH_2009), 'when DASH question 4 (isolated from family or friends) is yes');
  assert.equal(
    screenOfferedWhen(S_DASH.id, DARA_2022),
    'when DARA question 2 (fear of what happens next) or 17 (stalking and unwanted contact) is yes, or after 2 or more incidents in 12 months',
  );
  assert.equal(screenOfferedWhen(HBA_SCREEN.id, DARA_2022), 'when DARA question 4 (isolation) is yes');
  const variant = { ...DASH_2009, id: 'dash-2009-kingsbridge', title: 'Kingsbridge DASH' };
  assert.equal(screenOfferedWhen(HBA_SCREEN.id, variant), 'when Kingsbridge DASH question 4 (isolated from family or friends) is yes');
});

test('without a known instrument, why a screen is offered gives no question numbers', () => {
  for (const id of [S_DASH.id, HBA_SCREEN.id]) assert.doesNotMatch(screenOfferedWhen(id), /question \d|DASH|DARA/);
  assert.equal(
    screenOfferedWhen(S_DASH.id),
    "when the officer's risk assessment records the victim as very frightened or stalked or harassed, or after 2 or more incidents in 12 months",
  );
});

describe('when the officer’s instrument version is not loaded', () => {
  // A force's DARA, version 3 loaded; the officer answered version 2, which is not. DARA 17 (stalking) prompts
  // S-DASH; DASH 17 does not, so which triggers are used changes the answer.
  const latest = { ...DARA_2022, id: 'dara-2022-kingsbridge', version: '3', title: 'Kingsbridge DARA' };
  const answered = { code: 'dara-2022-kingsbridge', version: '2' };
  const stalked: Answers = { '17': { value: 'yes' } };
  const offeredOn = (triggers: ScreenTriggers) =>
    stalkingScreenOffered({ dash: stalked, victimIncidentCountLast12Months: 1, instrument: triggers.instrument });

  test('the version answered decides, with nothing to explain, when it is loaded', () => {
    const triggers = screenTriggers(answered, DARA_2022, latest);
    assert.equal(triggers.instrument, DARA_2022);
    assert.equal(triggers.notLoaded, undefined);
  });

  test('the instrument’s own latest published version decides, and the page is told so', () => {
    const triggers = screenTriggers(answered, undefined, latest);
    assert.equal(triggers.instrument, latest);
    assert.equal(
      triggers.notLoaded,
      "The officer's questionnaire (dara-2022-kingsbridge version 2) is not loaded; screens are offered on the triggers of its latest version (Kingsbridge DARA, version 3)",
    );
    assert.equal(offeredOn(triggers), true);
    assert.match(screenOfferedWhen(S_DASH.id, triggers.instrument), /^when Kingsbridge DARA question 2 .* or 17 \(stalking/);
  });

  test('only an unknown instrument falls back to DASH 2009, said plainly', () => {
    const triggers = screenTriggers({ code: 'niche-risk-form', version: '7' }, undefined, undefined);
    assert.equal(triggers.instrument, DASH_2009);
    assert.equal(
      triggers.notLoaded,
      "The officer's questionnaire (niche-risk-form version 7) is not loaded; screens are offered on the DASH 2009 triggers",
    );
    assert.equal(offeredOn(triggers), false, 'DASH 17 prompts no screen');
    assert.equal(hbaScreenOffered({ '4': { value: 'yes' } }, triggers.instrument), true);
  });
});
