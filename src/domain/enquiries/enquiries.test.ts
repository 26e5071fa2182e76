import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGLAND_AND_WALES } from '../calendar/bankHolidays.ts';
import { decisionProblems, enquiryOverdue, enquiryResponseDueBy } from './enquiries.ts';

describe('when a response to an enquiry is due', () => {
  const cases: [string, string, number, string][] = [
    ['received on a Tuesday morning: the following Tuesday', '2026-03-10T09:00:00Z', 5, '2026-03-17T23:59:59.000Z'],
    ['received on a Saturday: counted from the Monday', '2026-03-07T11:00:00Z', 5, '2026-03-13T23:59:59.000Z'],
    [
      'received late on Friday London time in summer (BST): Friday is the day it came in',
      '2026-06-19T22:30:00Z',
      1,
      '2026-06-22T22:59:59.000Z',
    ],
    [
      'received on Christmas Eve 2026: Christmas and Boxing Day (substitute Monday 28th) do not count',
      '2026-12-24T10:00:00Z',
      2,
      '2026-12-30T23:59:59.000Z',
    ],
    [
      'received the Thursday before Easter 2026: Good Friday and Easter Monday do not count',
      '2026-04-02T10:00:00Z',
      1,
      '2026-04-07T22:59:59.000Z',
    ],
    ['a ten-working-day target', '2026-03-10T09:00:00Z', 10, '2026-03-24T23:59:59.000Z'],
  ];
  for (const [name, received, days, due] of cases)
    test(name, () => assert.equal(enquiryResponseDueBy(new Date(received), days, ENGLAND_AND_WALES).toISOString(), due));

  test('an open enquiry is overdue only after the moment it was due by; an answered one never is', () => {
    const dueBy = new Date('2026-03-13T23:59:59Z');
    assert.equal(enquiryOverdue({ status: 'open', dueBy }, new Date('2026-03-13T23:59:59Z')), false);
    assert.equal(enquiryOverdue({ status: 'open', dueBy }, new Date('2026-03-14T00:00:00Z')), true);
    assert.equal(enquiryOverdue({ status: 'answered', dueBy }, new Date('2026-04-01T00:00:00Z')), false);
  });
});

describe('what a decision on an enquiry must say', () => {
  const received = new Date('2026-03-06T09:00:00Z');
  const now = new Date('2026-03-10T10:00:00Z');
  const fields = (d: Parameters<typeof decisionProblems>[0]) => decisionProblems(d, received, now).map((p) => p.field);
  const table: [string, Parameters<typeof decisionProblems>[0], string[]][] = [
    [
      'a full disclosure with everything',
      { decision: 'disclose', rationale: 'Necessary', disclosedInformation: 'History', disclosedAt: now },
      [],
    ],
    ['no decision chosen', { decision: '', rationale: 'x', disclosedInformation: '', disclosedAt: null }, ['decision']],
    ['a decline needs only why', { decision: 'decline', rationale: 'No basis', disclosedInformation: '', disclosedAt: null }, []],
    ['a decline without why', { decision: 'decline', rationale: ' ', disclosedInformation: '', disclosedAt: null }, ['rationale']],
    [
      'a partial disclosure without what or when',
      { decision: 'partly', rationale: 'x', disclosedInformation: '', disclosedAt: null },
      ['disclosedInformation', 'disclosedAt'],
    ],
    [
      'disclosed in the future',
      { decision: 'disclose', rationale: 'x', disclosedInformation: 'y', disclosedAt: new Date('2026-03-11T00:00:00Z') },
      ['disclosedAt'],
    ],
    [
      'disclosed before the enquiry came in',
      { decision: 'disclose', rationale: 'x', disclosedInformation: 'y', disclosedAt: new Date('2026-03-01T00:00:00Z') },
      ['disclosedAt'],
    ],
  ];
  for (const [name, input, expected] of table) test(name, () => assert.deepEqual(fields(input), expected));
});
