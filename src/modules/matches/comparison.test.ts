import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FellegiSunterModel, type PersonRecord } from '../../domain/linkage/index.ts';
import { comparedVersions, comparisonRows } from './comparison.ts';

const model = new FellegiSunterModel();
const levelsOf = (a: unknown, b: unknown) => model.compareLevels(a as PersonRecord, b as PersonRecord);

test('every field the linkage model explains is shown under a label a researcher can read', () => {
  const a = {
    givenName: 'Reuben',
    middleName: 'Stephen',
    familyName: 'Robel-Hackett',
    dateOfBirth: '2023-09-23',
    sex: 'male',
    postcode: 'CF27 1LJ',
    address: '155 Castle Close, Effertzworth',
    phone: '07700 900123',
    email: 'reuben@example.org',
    pncId: '09/213486R',
  };
  const fields = model.compare(a, { ...a, middleName: 'Steven' }).fields;
  const rows = comparisonRows(fields, { a: { id: 'a', details: a }, b: { id: 'b', details: { ...a, middleName: 'Steven' } } });
  assert.equal(rows.length, fields.length);
  for (const row of rows) assert.notEqual(row.label, row.field, `${row.field} has no label`);
  const middle = rows.find((r) => r.field === 'middleName');
  assert.deepEqual([middle?.label, middle?.a, middle?.b], ['Middle name', 'Stephen', 'Steven']);
});

test('the rows show the version of the candidate the pair was compared with, not the others they were recorded with', () => {
  const incoming = { givenName: 'Ivy', familyName: 'Chapman', sex: 'female', phone: '07700 900461', postcode: 'LN13 1DL' };
  const asChapman = { givenName: 'Ivy', familyName: 'Chapman', dateOfBirth: '1979-04-02', sex: 'female', postcode: 'LN27 6BL' };
  const asBrennan = { givenName: 'Ivy', familyName: 'Brennan', dateOfBirth: '1979-04-02', sex: 'female', phone: '07700 900461' };
  const explanation = model.compare(incoming, asBrennan).fields;
  const versions = [
    { id: 'chapman', details: asChapman },
    { id: 'brennan', details: asBrennan },
  ];
  const compared = comparedVersions(explanation, { id: 'in', details: incoming }, versions, levelsOf)!;
  assert.equal(compared.b.id, 'brennan');
  assert.equal(compared.exact, true);
  const rows = comparisonRows(explanation, compared);
  const row = (field: string) => rows.find((r) => r.field === field)!;
  assert.deepEqual([row('familyName').a, row('familyName').b, row('familyName').level], ['Chapman', 'Brennan', 'different']);
  assert.deepEqual([row('postcode').a, row('postcode').b, row('postcode').level], ['LN13 1DL', undefined, 'missing']);
});

test('with no version giving the stored levels again, the closest is shown and said to be', () => {
  const incoming = { givenName: 'Ivy', familyName: 'Chapman', sex: 'female' };
  const explanation = model.compare(incoming, { givenName: 'Ivy', familyName: 'Brennan', sex: 'male' }).fields;
  const versions = [
    { id: 'far', details: { givenName: 'Jo', familyName: 'Chapman', sex: 'female' } },
    { id: 'near', details: { givenName: 'Ivy', familyName: 'Brennan', sex: 'female' } },
  ];
  const compared = comparedVersions(explanation, { id: 'in', details: incoming }, versions, levelsOf)!;
  assert.deepEqual([compared.b.id, compared.exact], ['near', false]);
  assert.equal(comparedVersions(explanation, { id: 'in', details: incoming }, [], levelsOf), undefined);
});
