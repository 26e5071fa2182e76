import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGLAND_AND_WALES, calendarFromBankHolidays, validateBankHolidayList, type BankHolidayList } from './bankHolidays.ts';
import { addDays } from './localDate.ts';
import shipped from './bank-holidays-england-and-wales.json' with { type: 'json' };

const shippedDates = shipped.events.map((e) => e.date);
const inYear = (year: number) => shippedDates.filter((d) => d.startsWith(`${year}-`));

// Years with announced extra bank holidays (moved ones, e.g. VE day 2020, do not change the count).
const ONE_OFFS: Record<number, string[]> = {
  2022: ['Platinum Jubilee', 'State funeral of Queen Elizabeth II'],
  2023: ['Coronation of King Charles III'],
};

test('the shipped list has 8 bank holidays in every year it covers, plus the announced one-offs', () => {
  assert.equal(ENGLAND_AND_WALES.coversFrom, '2015-01-01');
  assert.equal(ENGLAND_AND_WALES.coversTo, '2030-12-31');
  for (let year = Number(shipped.coversFrom.slice(0, 4)); year <= Number(shipped.coversTo.slice(0, 4)); year++) {
    assert.equal(inYear(year).length, 8 + (ONE_OFFS[year]?.length ?? 0), String(year));
  }
});

test('Good Friday and Easter Monday in the list agree with the date of Easter', () => {
  for (let year = 2015; year <= 2030; year++) {
    const goodFriday = ENGLAND_AND_WALES.goodFriday(year);
    assert.ok(ENGLAND_AND_WALES.isBankHoliday(goodFriday), `Good Friday ${goodFriday}`);
    const easterMonday = addDays(goodFriday, 3);
    assert.ok(ENGLAND_AND_WALES.isBankHoliday(easterMonday), `Easter Monday ${easterMonday}`);
  }
  assert.equal(ENGLAND_AND_WALES.goodFriday(2024), '2024-03-29');
  assert.equal(ENGLAND_AND_WALES.goodFriday(2026), '2026-04-03');
});

test('moved, substitute and one-off bank holidays', () => {
  const holidays = [
    '2017-01-02', // New Year's Day on a Sunday
    '2022-01-03', // New Year's Day on a Saturday
    '2020-05-08', // Early May moved to VE day (a Friday)
    '2022-06-02', // Spring bank holiday moved to Thursday
    '2022-06-03', // Platinum Jubilee
    '2022-09-19', // State funeral of Queen Elizabeth II
    '2023-05-08', // Coronation of King Charles III
    '2016-12-26', // Christmas on a Sunday: Boxing Day Monday ...
    '2016-12-27', // ... Christmas substitute Tuesday
    '2021-12-27', // Christmas on a Saturday: substitute Monday ...
    '2021-12-28', // ... Boxing Day substitute Tuesday
    '2026-12-28', // Boxing Day on a Saturday: substitute Monday
  ];
  for (const date of holidays) assert.equal(ENGLAND_AND_WALES.isBankHoliday(date), true, date);
  for (const date of ['2020-05-04', '2022-05-30', '2021-12-25', '2026-12-26'])
    assert.equal(ENGLAND_AND_WALES.isBankHoliday(date), false, date);
});

test('a working day is Monday to Friday and not a bank holiday', () => {
  assert.equal(ENGLAND_AND_WALES.isWorkingDay('2026-03-06'), true); // Friday
  assert.equal(ENGLAND_AND_WALES.isWorkingDay('2026-03-07'), false); // Saturday
  assert.equal(ENGLAND_AND_WALES.isWorkingDay('2026-03-08'), false); // Sunday
  assert.equal(ENGLAND_AND_WALES.isWorkingDay('2026-05-04'), false); // Early May bank holiday
});

test('outside the dates the list covers the calendar refuses to answer', () => {
  assert.throws(() => ENGLAND_AND_WALES.isWorkingDay('2031-01-02'), /administrator must update/);
  assert.throws(() => ENGLAND_AND_WALES.isBankHoliday('2014-12-25'), RangeError);
});

test('a calendar can be built from another list (e.g. one loaded from the database)', () => {
  const list: BankHolidayList = {
    division: 'england-and-wales',
    coversFrom: '2031-01-01',
    coversTo: '2031-12-31',
    events: [{ date: '2031-01-01', title: 'New Year’s Day' }],
  };
  const calendar = calendarFromBankHolidays(list);
  assert.equal(calendar.isBankHoliday('2031-01-01'), true);
  assert.equal(calendar.isWorkingDay('2031-01-02'), true);
});

test('an uploaded list is checked and every problem is named', () => {
  const result = validateBankHolidayList({
    division: 'scotland',
    coversFrom: '2031-01-01',
    coversTo: '2031-12-31',
    events: [
      { date: '2031-01-01', title: 'New Year’s Day' },
      { date: '2031-01-01', title: 'Again' },
      { date: '2031-02-30', title: 'No such day' },
      { date: '2031-01-04', title: 'A Saturday' },
      { date: '2032-01-01', title: 'Too late' },
      { date: '2031-05-05' },
    ],
  });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.errors, [
    'division: must be "england-and-wales", not "scotland"',
    'events[1].date: 2031-01-01 is listed more than once',
    'events[2].date: must be a date written YYYY-MM-DD, not "2031-02-30"',
    'events[3].date: 2031-01-04 is a weekend day (substitute days fall on the following weekday)',
    'events[4].date: 2032-01-01 is outside coversFrom…coversTo',
    'events[5].title: must be given',
  ]);
  assert.deepEqual(validateBankHolidayList(null), { ok: false, errors: ['the list must be a JSON object'] });
  assert.equal(validateBankHolidayList(shipped).ok, true);
});
