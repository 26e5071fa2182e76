import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRow, parseCsv, parseCsvRecords } from './csv.ts';

test('quoted fields keep commas, doubled quotes and line breaks', () => {
  assert.deepEqual(parseCsv('a,"b, c","say ""hi""","two\nlines"\n'), [['a', 'b, c', 'say "hi"', 'two\nlines']]);
});

test('a byte-order mark, CRLF line endings and a missing final newline are handled', () => {
  assert.deepEqual(parseCsv('\uFEFFid,name\r\n1,Ann\r\n2,Bob'), [
    ['id', 'name'],
    ['1', 'Ann'],
    ['2', 'Bob'],
  ]);
});

test('records are keyed by header, short rows padded and blank lines skipped', () => {
  const { header, records } = parseCsvRecords('id,name,dob\n1,Ann\n\n2,Bob,1980-01-01\n');
  assert.deepEqual(header, ['id', 'name', 'dob']);
  assert.deepEqual(records, [
    { id: '1', name: 'Ann', dob: '' },
    { id: '2', name: 'Bob', dob: '1980-01-01' },
  ]);
});

test('written rows read back to the same values', () => {
  const values = ['plain', 'with, comma', 'with "quote"', 'line\nbreak', ' padded '];
  assert.deepEqual(parseCsv(csvRow(values)), [values]);
});
