import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schoolAgeAtIncident, schoolAgeOn } from './encompassOutcome.ts';

const cases: { name: string; dob: string; on: string; stage: string; age: number; receptionStartsOn: string }[] = [
  {
    name: 'a baby is not of school age',
    dob: '2025-06-01',
    on: '2026-03-09',
    stage: 'before-reception',
    age: 0,
    receptionStartsOn: '2029-09-01',
  },
  {
    name: 'born in August: reception the September they have just turned 4',
    dob: '2021-08-31',
    on: '2025-09-01',
    stage: 'school-age',
    age: 4,
    receptionStartsOn: '2025-09-01',
  },
  {
    name: 'born on 1 September: a year later, at 5',
    dob: '2021-09-01',
    on: '2025-09-01',
    stage: 'before-reception',
    age: 4,
    receptionStartsOn: '2026-09-01',
  },
  {
    name: 'a four-year-old waiting for September is not yet of school age',
    dob: '2021-11-20',
    on: '2026-03-09',
    stage: 'before-reception',
    age: 4,
    receptionStartsOn: '2026-09-01',
  },
  {
    name: 'a 17-year-old is still a child for Operation Encompass',
    dob: '2008-03-10',
    on: '2026-03-09',
    stage: 'school-age',
    age: 17,
    receptionStartsOn: '2012-09-01',
  },
  {
    name: 'from the 18th birthday, no longer',
    dob: '2008-03-09',
    on: '2026-03-09',
    stage: 'adult',
    age: 18,
    receptionStartsOn: '2012-09-01',
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(schoolAgeOn(c.dob, c.on), { stage: c.stage, age: c.age, receptionStartsOn: c.receptionStartsOn });
  });
}

test('a date that is not a date is refused', () => {
  assert.throws(() => schoolAgeOn('2020-02-30', '2026-03-09'), RangeError);
});

test('no school age is claimed from a missing date of birth or one after the incident (a mistyped year)', () => {
  assert.equal(schoolAgeAtIncident(null, '2026-03-09'), undefined);
  assert.equal(schoolAgeAtIncident('2069-04-01', '2026-03-09'), undefined);
  assert.equal(schoolAgeAtIncident('2016-09-03', '2026-03-09')?.stage, 'school-age');
});
