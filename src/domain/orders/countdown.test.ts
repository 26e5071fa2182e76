import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countdown } from './countdown.ts';

const due = new Date('2026-03-30T10:00:00Z');
const before = (ms: number) => new Date(due.getTime() - ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

const cases: [string, Date, string, boolean, boolean][] = [
  ['48 hours before', before(48 * HOUR), '48 hours 0 minutes left', false, false],
  ['47 h 59 min 30 s before (rounded down)', before(47 * HOUR + 59 * MIN + 30_000), '47 hours 59 minutes left', false, false],
  ['a day and a half before: still in hours', before(36 * HOUR + 5 * MIN), '36 hours 5 minutes left', false, false],
  ['6 hours before: not yet urgent', before(6 * HOUR), '6 hours 0 minutes left', false, false],
  ['5 h 59 min before: urgent', before(5 * HOUR + 59 * MIN), '5 hours 59 minutes left', false, true],
  ['61 minutes before', before(61 * MIN), '1 hour 1 minute left', false, true],
  ['30 seconds before', before(30_000), '0 hours 0 minutes left', false, true],
  ['at the deadline', due, 'Overdue by 0 hours 0 minutes', true, true],
  ['1 minute after', before(-MIN), 'Overdue by 0 hours 1 minute', true, true],
  ['26 h 30 min after', before(-(26 * HOUR + 30 * MIN)), 'Overdue by 26 hours 30 minutes', true, true],
];

for (const [name, now, text, overdue, urgent] of cases) {
  test(`countdown ${name}: ${text}`, () => {
    const c = countdown(due, now);
    assert.equal(c.text, text);
    assert.equal(c.overdue, overdue);
    assert.equal(c.urgent, urgent);
  });
}
