import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { forumDecisionProblem, nextStage, stageMoveProblem, type DvdsRoute, type DvdsStage, type ForumDecision } from './stages.ts';

describe('the DVDS stage machine', () => {
  const allowed: [DvdsRoute, DvdsStage, DvdsStage, ForumDecision | null][] = [
    ['right-to-ask', 'received', 'initial-contact', null],
    ['right-to-ask', 'initial-contact', 'face-to-face', null],
    ['right-to-ask', 'face-to-face', 'checks', null],
    ['right-to-ask', 'checks', 'risk-assessment', null],
    ['right-to-ask', 'risk-assessment', 'decision-forum', null],
    ['right-to-ask', 'decision-forum', 'disclosed', 'disclose'],
    ['right-to-ask', 'decision-forum', 'not-disclosed', 'do-not-disclose'],
    ['right-to-know', 'received', 'checks', null],
    ['right-to-know', 'decision-forum', 'disclosed', 'disclose'],
  ];
  for (const [route, from, to, decision] of allowed) {
    test(`${route}: ${from} → ${to} is allowed`, () => {
      assert.equal(stageMoveProblem(route, from, to, decision), null);
      assert.equal(nextStage(route, from, decision), to);
    });
  }

  const refused: [DvdsRoute, DvdsStage, DvdsStage, ForumDecision | null, RegExp][] = [
    ['right-to-ask', 'received', 'checks', null, /Record initial contact and immediate-risk screen first/],
    ['right-to-ask', 'initial-contact', 'decision-forum', null, /Record face-to-face meeting and identity check first/],
    ['right-to-ask', 'checks', 'disclosed', null, /Record risk assessment first/],
    ['right-to-ask', 'checks', 'face-to-face', null, /already recorded/],
    ['right-to-ask', 'received', 'received', null, /received once/],
    ['right-to-ask', 'decision-forum', 'disclosed', 'do-not-disclose', /decided not to disclose: record decision not to disclose/],
    ['right-to-ask', 'decision-forum', 'not-disclosed', 'disclose', /decided to disclose: record disclosure made/],
    ['right-to-ask', 'disclosed', 'not-disclosed', null, /closed/],
    ['right-to-ask', 'not-disclosed', 'disclosed', null, /closed/],
    ['right-to-know', 'received', 'initial-contact', null, /police-initiated/],
    ['right-to-know', 'received', 'face-to-face', null, /police-initiated/],
    ['right-to-know', 'received', 'risk-assessment', null, /Record checks .* first/],
  ];
  for (const [route, from, to, decision, message] of refused) {
    test(`${route}: ${from} → ${to} is refused`, () => {
      assert.match(stageMoveProblem(route, from, to, decision) ?? '', message);
    });
  }

  test('a disclosure needs all four parts of the test; a decision not to disclose needs none', () => {
    const all = { lawful: true, necessary: true, proportionate: true, pressingNeed: true };
    assert.equal(forumDecisionProblem(all, 'disclose'), null);
    assert.match(
      forumDecisionProblem({ ...all, pressingNeed: false, proportionate: false }, 'disclose') ?? '',
      /not met — proportionate, a pressing need to disclose/,
    );
    assert.equal(forumDecisionProblem({ ...all, lawful: false }, 'do-not-disclose'), null);
  });
});
