import { test } from 'node:test';
import assert from 'node:assert/strict';
import { professionalJudgementReasons, type ProfessionalJudgementReason } from './professionalJudgement.ts';

const cases: { ticked: ProfessionalJudgementReason[]; other?: string; reasons: string[] }[] = [
  { ticked: [], reasons: [] },
  { ticked: ['strangulation'], reasons: ['Strangulation, choking or suffocation'] },
  { ticked: ['threats-to-kill', 'victim-fear'], reasons: ['Threats to kill', "The victim's own fear"] },
  { ticked: ['other'], other: '  Access to firearms ', reasons: ['Other: Access to firearms'] },
  { ticked: ['other'], other: '   ', reasons: [] },
  { ticked: [], other: 'not ticked, so not a reason', reasons: [] },
];
for (const c of cases) {
  test(`professional judgement: [${c.ticked.join(', ')}]${c.other !== undefined ? ` other "${c.other}"` : ''}`, () => {
    assert.deepEqual(professionalJudgementReasons(c.ticked, c.other), c.reasons);
  });
}
