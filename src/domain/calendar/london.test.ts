import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { londonDateOf, londonInstant, londonWallClockOf, endOfLondonDay, startOfNextLondonDay } from './london.ts';
import { addDays, daysBetween, isLocalDate, localDate, weekdayOf } from './localDate.ts';

test('London wall-clock time of an instant, either side of the March and October clock changes', () => {
  const cases: [string, string, string][] = [
    ['2026-03-29T00:59:59Z', '2026-03-29', '00:59:59'], // last second of GMT
    ['2026-03-29T01:00:00Z', '2026-03-29', '02:00:00'], // clocks go forward
    ['2026-10-25T00:59:59Z', '2026-10-25', '01:59:59'], // last second of BST
    ['2026-10-25T01:00:00Z', '2026-10-25', '01:00:00'], // clocks go back
    ['2026-06-30T23:30:00Z', '2026-07-01', '00:30:00'], // BST moves the date
    ['2026-12-31T23:30:00Z', '2026-12-31', '23:30:00'],
  ];
  for (const [instant, date, time] of cases) {
    assert.deepEqual(londonWallClockOf(new Date(instant)), { date, time }, instant);
  }
});

test('the instant of a London wall-clock time, in GMT, in BST and on the change days', () => {
  const cases: [string, string, string][] = [
    ['2026-01-15', '08:30', '2026-01-15T08:30:00.000Z'],
    ['2026-07-15', '08:30', '2026-07-15T07:30:00.000Z'],
    ['2026-03-29', '00:00', '2026-03-29T00:00:00.000Z'],
    ['2026-03-29', '23:59:59', '2026-03-29T22:59:59.000Z'],
    ['2026-10-25', '00:00', '2026-10-24T23:00:00.000Z'],
    ['2026-10-25', '23:59:59', '2026-10-25T23:59:59.000Z'],
    ['2026-03-29', '01:30', '2026-03-29T01:30:00.000Z'], // never shown on clocks: read as GMT, i.e. 02:30 BST
    ['2026-10-25', '01:30', '2026-10-25T00:30:00.000Z'], // shown twice: the first (BST) time
  ];
  for (const [date, time, expected] of cases) {
    assert.equal(londonInstant(date, time).toISOString(), expected, `${date} ${time}`);
  }
});

test('London days are 23 hours long in March and 25 hours in October', () => {
  const hours = (date: string) => (startOfNextLondonDay(date).getTime() - londonInstant(date, '00:00').getTime()) / 3_600_000;
  assert.equal(hours('2026-03-29'), 23);
  assert.equal(hours('2026-10-25'), 25);
  assert.equal(hours('2026-06-01'), 24);
});

test('the end of a London day is 23:59:59 local time', () => {
  assert.equal(endOfLondonDay('2026-01-05').toISOString(), '2026-01-05T23:59:59.000Z');
  assert.equal(endOfLondonDay('2026-06-01').toISOString(), '2026-06-01T22:59:59.000Z');
});

test('malformed dates and times are refused', () => {
  assert.throws(() => londonInstant('2026-02-30', '08:30'), RangeError);
  assert.throws(() => londonInstant('2026-02-03', '24:00'), RangeError);
  assert.throws(() => londonInstant('2026-02-03', '8:30'), RangeError);
  assert.throws(() => londonDateOf(new Date('nonsense')), RangeError);
});

test('calendar dates: validity, weekdays and day arithmetic across month, year and leap-day ends', () => {
  assert.equal(isLocalDate('2024-02-29'), true);
  assert.equal(isLocalDate('2025-02-29'), false);
  assert.equal(isLocalDate('2025-1-01'), false);
  assert.equal(weekdayOf('2026-01-01'), 'Thursday');
  assert.equal(weekdayOf('1969-12-28'), 'Sunday');
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2025-12-31', 1), '2026-01-01');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(daysBetween('2025-03-10', '2026-03-10'), 365);
  assert.equal(localDate(2026, 3, 9), '2026-03-09');
});

test('property: converting a London wall-clock reading back gives the same instant', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }), (at) => {
      const whole = new Date(Math.floor(at.getTime() / 1000) * 1000);
      const { date, time } = londonWallClockOf(whole);
      const back = londonInstant(date, time);
      // In the repeated October hour the earlier reading is returned, one hour before.
      assert.ok(back.getTime() === whole.getTime() || whole.getTime() - back.getTime() === 3_600_000);
      assert.deepEqual(londonWallClockOf(back), { date, time });
    }),
  );
});

test('property: the wall clock read through the daily and hourly offsets agrees with the time-zone database at every instant', () => {
  const database = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hourCycle: 'h23',
    dateStyle: 'short',
    timeStyle: 'medium',
  });
  const asDatabaseShows = (at: Date) => {
    const { date, time } = londonWallClockOf(at);
    const [year, month, day] = date.split('-');
    return `${day}/${month}/${year}, ${time}`;
  };
  // Every second around both 2026 changes, hours touched in either order.
  for (const change of ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z']) {
    const at = Date.parse(change);
    for (let s = 3_700; s >= -3_700; s -= 7) assert.equal(asDatabaseShows(new Date(at + s * 1000)), database.format(at + s * 1000));
  }
  fc.assert(
    fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }), (at) => {
      assert.equal(asDatabaseShows(at), database.format(at));
    }),
    { numRuns: 2000 },
  );
});
