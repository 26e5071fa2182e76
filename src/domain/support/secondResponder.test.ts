import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_ELIGIBILITY, eligibilityProblems, isEligible, visitTimeProblem, visitWindow, windowState } from './secondResponder.ts';

// Reported Friday 27 March 2026 22:15 GMT; BST starts on Sunday 29 March (elapsed hours, not clock hours, count).
const incident = new Date('2026-03-27T22:15:00Z');
const at = (iso: string) => new Date(iso);

describe('the Second Responder window: 24 hours to 14 days after the incident', () => {
  test('its ends', () => {
    const w = visitWindow(incident);
    assert.equal(w.opensAt.toISOString(), '2026-03-28T22:15:00.000Z');
    assert.equal(w.closesAt.toISOString(), '2026-04-10T22:15:00.000Z');
    assert.equal(w.warnFrom.toISOString(), '2026-04-08T22:15:00.000Z');
  });
  const rows: [string, string, string | null][] = [
    ['a minute before it opens', '2026-03-28T22:14:00Z', 'at least 24 hours'],
    ['as it opens', '2026-03-28T22:15:00Z', null],
    ['a week on', '2026-04-03T10:00:00Z', null],
    ['as it closes', '2026-04-10T22:15:00Z', null],
    ['a minute after it closes', '2026-04-10T22:16:00Z', 'no more than 14 days'],
    ['before the incident', '2026-03-20T10:00:00Z', 'at least 24 hours'],
  ];
  for (const [name, when, problem] of rows)
    test(name, () => {
      const p = visitTimeProblem(incident, at(when));
      if (problem === null) assert.equal(p, null);
      else assert.match(p ?? '', new RegExp(problem));
    });
  test('window state as time passes', () => {
    assert.equal(windowState(incident, at('2026-03-28T10:00:00Z')), 'not-open');
    assert.equal(windowState(incident, at('2026-04-01T10:00:00Z')), 'open');
    assert.equal(windowState(incident, at('2026-04-08T22:15:00Z')), 'closing');
    assert.equal(windowState(incident, at('2026-04-10T22:15:00Z')), 'closing');
    assert.equal(windowState(incident, at('2026-04-10T22:15:01Z')), 'closed');
  });
});

describe('eligibility: repeat standard- and medium-risk victims by default', () => {
  const rows: [string | null, number, boolean][] = [
    ['standard', 2, true],
    ['medium', 5, true],
    ['high', 3, false],
    ['standard', 1, false],
    [null, 4, false],
  ];
  for (const [grade, n, eligible] of rows)
    test(`${grade ?? 'ungraded'} with ${n} incidents in the year: ${eligible ? 'eligible' : 'not'}`, () =>
      assert.equal(isEligible(DEFAULT_ELIGIBILITY, { grade, incidentsInYear: n }), eligible));
  test('a force may choose other grades and counts', () => {
    assert.equal(isEligible({ grades: ['high'], minIncidents: 1 }, { grade: 'high', incidentsInYear: 1 }), true);
    assert.equal(isEligible({ grades: ['medium'], minIncidents: 3 }, { grade: 'medium', incidentsInYear: 2 }), false);
  });
  test('a rule needs a grade and a count from 1 to 20', () => {
    assert.deepEqual(eligibilityProblems(DEFAULT_ELIGIBILITY), {});
    assert.deepEqual(Object.keys(eligibilityProblems({ grades: [], minIncidents: 0 })).sort(), ['grades', 'minIncidents']);
  });
});
