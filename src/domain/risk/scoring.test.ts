import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DARA_2022, DASH_2009 } from './instruments.ts';
import { countYes, suggestedBand } from './scoring.ts';
import { dashAnswers } from './testAnswers.ts';

test('"don’t know" and unanswered questions are not "yes"', () => {
  assert.equal(countYes(dashAnswers({ yes: 13, dontKnow: 5 })), 13);
  assert.equal(countYes({ '1': { value: 'yes' }, '2': { value: 'dont-know' }, '3': undefined }), 1);
  assert.equal(countYes({}), 0);
});

const bands: [number, string][] = [
  [0, 'standard'],
  [1, 'standard'],
  [9, 'standard'],
  [10, 'medium'],
  [13, 'medium'],
  [14, 'high'],
  [27, 'high'],
];
for (const [yesCount, band] of bands) {
  test(`DASH: ${yesCount} "yes" suggests ${band}`, () => {
    assert.equal(suggestedBand(yesCount, DASH_2009), band);
  });
}

test('13 "yes" with a "don’t know" is still medium, 14 "yes" is high', () => {
  assert.equal(suggestedBand(countYes(dashAnswers({ yes: 13, dontKnow: 1 })), DASH_2009), 'medium');
  assert.equal(suggestedBand(countYes(dashAnswers({ yes: 14 })), DASH_2009), 'high');
});

test('DARA has no threshold, so no band is suggested', () => {
  assert.equal(suggestedBand(20, DARA_2022), undefined);
});

test('a count of "yes" answers must be a whole number', () => {
  assert.throws(() => suggestedBand(-1, DASH_2009), RangeError);
  assert.throws(() => suggestedBand(2.5, DASH_2009), RangeError);
});
