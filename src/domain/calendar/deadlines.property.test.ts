import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ENGLAND_AND_WALES } from './bankHolidays.ts';
import { dvdsDueBy } from './disclosureScheme.ts';
import { londonDateOf, londonWallClockOf, startOfNextLondonDay } from './london.ts';
import { operationEncompassDueAt } from './operationEncompass.ts';
import { isExcludedFromNoticeHours, protectiveNoticeHearingDueBy } from './protectiveNotice.ts';
import { victimsCodeUpdateDueBy } from './victimsCode.ts';

// Late enough in the list's coverage that no deadline runs past 2030.
const anInstant = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-10-31T23:59:59Z'), noInvalidDate: true });
const calendar = ENGLAND_AND_WALES;

function countedNoticeMs(from: Date, to: Date): number {
  let counted = 0;
  for (let at = from.getTime(); at < to.getTime();) {
    const day = londonDateOf(new Date(at));
    const next = Math.min(startOfNextLondonDay(day).getTime(), to.getTime());
    if (!isExcludedFromNoticeHours(day, calendar)) counted += next - at;
    at = next;
  }
  return counted;
}

test('property: no deadline is earlier than the moment it runs from', () => {
  fc.assert(
    fc.property(anInstant, fc.integer({ min: 1, max: 30 }), (at, workingDays) => {
      assert.ok(victimsCodeUpdateDueBy(at, workingDays, calendar) > at);
      assert.ok(protectiveNoticeHearingDueBy(at, calendar) > at);
      assert.ok(dvdsDueBy(at) > at);
      assert.ok(operationEncompassDueAt(at, calendar) > at);
    }),
  );
});

test('property: a DVPN hearing is due exactly 48 counted hours after service, and never on an excluded day after its midnight', () => {
  fc.assert(
    fc.property(anInstant, (servedAt) => {
      const dueBy = protectiveNoticeHearingDueBy(servedAt, calendar);
      assert.equal(countedNoticeMs(servedAt, dueBy), 48 * 3_600_000);
      const { date, time } = londonWallClockOf(dueBy);
      assert.ok(time === '00:00:00' || !isExcludedFromNoticeHours(date, calendar));
    }),
  );
});

test('property: Victims’ Code and Encompass deadlines fall on working days, at 23:59:59 and 08:30', () => {
  fc.assert(
    fc.property(anInstant, fc.integer({ min: 1, max: 30 }), (at, workingDays) => {
      const update = londonWallClockOf(victimsCodeUpdateDueBy(at, workingDays, calendar));
      assert.ok(calendar.isWorkingDay(update.date));
      assert.equal(update.time, '23:59:59');
      const encompass = londonWallClockOf(operationEncompassDueAt(at, calendar));
      assert.ok(calendar.isWorkingDay(encompass.date));
      assert.equal(encompass.time, '08:30:00');
    }),
  );
});
