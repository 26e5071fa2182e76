import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateForce } from '../generator/force.ts';
import { FAMILY_HEAVY } from '../generator/story.ts';
import { pairKindScores, type KindRecord } from './pairKinds.ts';

const record = (person: string, family: string, name: string, predicted: string, fields: string[]): KindRecord => ({
  person,
  family,
  name,
  predicted,
  fields,
});

test('pairs are counted by kind: one person by fields differing, relatives, namesake relatives, namesakes', () => {
  const claire = ['Claire', 'Whitfield', '1991-04-17', '14 Cardigan Road', 'LS6 2QT'];
  const scores = pairKindScores([
    record('P1', 'F1', 'claire whitfield', 'A', claire),
    record('P1', 'F1', 'claire whitfield', 'A', ['CLAIRE', 'whitfield', '1991-04-17', '14 cardigan road', '']),
    record('P1', 'F1', 'claire whitfield', 'B', ['Clare', 'Whitfield', '1991-04-17', '14 Cardigan Rd', 'LS6 2QT']),
    // Her twin, wrongly joined to her first record's person.
    record('P2', 'F1', 'isabella whitfield', 'A', ['Isabella', ...claire.slice(1)]),
    // A father and son of one name; a namesake of another family.
    record('P3', 'F2', 'peter smith', 'C', ['Peter', 'Smith', '1960-03-09', '', '']),
    record('P4', 'F2', 'peter smith', 'D', ['Peter', 'Smith', '1985-03-09', '', '']),
    record('P5', 'P5', 'peter smith', 'D', ['Peter', 'Smith', '1972-01-01', '', '']),
  ]);
  const by = Object.fromEntries(scores.map((s) => [s.kind, [s.pairs, s.linked]]));
  assert.deepEqual(by['same person, 0 fields differing'], [1, 1]);
  assert.deepEqual(by['same person, 2 fields differing'], [2, 0]);
  assert.deepEqual(by['relatives (one family, other names)'], [3, 2]);
  assert.deepEqual(by['namesake relatives (Jr/Sr)'], [1, 0]);
  assert.deepEqual(by['namesakes (unrelated)'], [2, 1]);
});

test('a family-heavy force has twins who share a family and women who go back to their maiden name', () => {
  const families = new Map<string, Set<string>>();
  let maidenAgain = 0;
  const surnames = new Map<string, string[]>();
  for (const { input, truth } of generateForce({
    seed: 3,
    incidents: 3000,
    years: 3,
    start: new Date('2023-01-01T00:00:00Z'),
    families: FAMILY_HEAVY,
  })) {
    truth.personKeys.forEach((key, i) => {
      families.set(truth.familyKeys[i], (families.get(truth.familyKeys[i]) ?? new Set()).add(key));
      const list = surnames.get(key) ?? [];
      const surname = input.parties[i].person.familyName.toLowerCase();
      if (list[list.length - 1] !== surname) list.push(surname);
      surnames.set(key, list);
    });
  }
  for (const list of surnames.values()) if (list.length >= 3 && list[0] === list[list.length - 1] && list[1] !== list[0]) maidenAgain++;
  assert.ok([...families.values()].filter((people) => people.size > 1).length > 100, 'families of several people');
  assert.ok(maidenAgain > 0, 'a surname, another, then the first again');
});
