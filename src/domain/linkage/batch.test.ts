import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidatePairs, clusterPairs, matchRecords } from './batch.ts';
import { FellegiSunterModel } from './model.ts';
import type { PersonRecord } from './record.ts';

const model = new FellegiSunterModel();

test('blocking compares each pair once and skips keys shared by too many records', () => {
  assert.deepEqual(candidatePairs([['a', 'b'], ['a', 'b'], ['b']]), [
    [0, 1],
    [0, 2],
    [1, 2],
  ]);
  assert.deepEqual(candidatePairs([['a'], ['a'], ['a']], 2), []);
});

test('a batch groups the same people and keeps others apart', () => {
  const records: PersonRecord[] = [
    { givenName: 'Robert', familyName: 'Hargreaves', dateOfBirth: '1984-06-12', postcode: 'LS6 2QT' },
    { givenName: 'Aisha', familyName: 'Khan', dateOfBirth: '1990-11-30', postcode: 'M1 1AE' },
    { givenName: 'Bob', familyName: 'Hargraves', dateOfBirth: '1984-06-12', postcode: 'LS6 2QT' },
    { givenName: 'Daniel', familyName: 'Hargreaves', dateOfBirth: '1987-02-03', postcode: 'LS6 2QT' },
    { givenName: 'Aisha', familyName: 'Khan', dateOfBirth: '1990-11-30' },
  ];
  assert.deepEqual(matchRecords(model, records).clusters, [[0, 2], [1, 4], [3]]);
});

test('two clusters that a chain would join are kept apart when their members clearly differ', () => {
  // Father and son share name and address; a record with no date of birth matches each of them.
  const records: PersonRecord[] = [
    { givenName: 'John', familyName: 'Okafor', dateOfBirth: '1960-01-30', postcode: 'B1 1AA', phone: '07700 900111' },
    { givenName: 'John', familyName: 'Okafor', dateOfBirth: '1986-09-14', postcode: 'B1 1AA', phone: '07700 900111' },
    { givenName: 'John', familyName: 'Okafor', postcode: 'B1 1AA', phone: '07700 900111' },
  ];
  const pairs = [
    { left: 0, right: 2, score: model.compare(records[0], records[2]) },
    { left: 1, right: 2, score: model.compare(records[1], records[2]) },
  ];
  assert.equal(pairs[0].score.decision, 'match');
  assert.equal(pairs[1].score.decision, 'match');
  const { clusters, reviewPairs } = clusterPairs(model, records, pairs);
  assert.equal(clusters.length, 2);
  assert.equal(reviewPairs.length, 1);
});

test('a sparse record is not taken for someone else because it agrees with one of its person’s records on little', () => {
  // One email address, names mistyped, dates a digit or two apart: the second and third agree on too little to reach
  // even odds (6%), but nothing they have speaks against one person.
  const email = 'r.cole1@ramirez-anthony.com';
  const records: PersonRecord[] = [
    { givenName: 'Ryan', familyName: 'Cole', dateOfBirth: '1988-05-27', address: 'Bristol', email },
    { givenName: 'Ran', familyName: 'Cole', dateOfBirth: '1988-06-27', email },
    { givenName: 'Rnyan', dateOfBirth: '1987-06-26', address: 'Bristol', email },
  ];
  assert.ok(model.compare(records[1], records[2]).probability < 0.5);
  assert.deepEqual(matchRecords(model, records).clusters, [[0, 1, 2]]);
});
