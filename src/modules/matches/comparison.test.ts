import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FellegiSunterModel } from '../../domain/linkage/index.ts';
import { comparisonRows } from './comparison.ts';

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
  const fields = new FellegiSunterModel().compare(a, { ...a, middleName: 'Steven' }).fields;
  const rows = comparisonRows(fields, [a], [{ ...a, middleName: 'Steven' }]);
  assert.equal(rows.length, fields.length);
  for (const row of rows) assert.notEqual(row.label, row.field, `${row.field} has no label`);
  assert.equal(rows.find((r) => r.field === 'middleName')?.label, 'Middle name');
});
