import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compactName,
  nameParts,
  normaliseDate,
  normaliseName,
  normalisePhone,
  normalisePncId,
  normalisePostcode,
  normaliseSex,
  soundex,
} from './normalise.ts';

test('names lose case, accents, titles and punctuation; hyphens are kept as part separators', () => {
  assert.equal(normaliseName('  Mr JOHN  '), 'john');
  assert.equal(normaliseName("O'Brien"), 'obrien');
  assert.equal(normaliseName('Zoë'), 'zoe');
  assert.equal(normaliseName('Smith - Jones'), 'smith-jones');
  assert.equal(normaliseName('Dr. Mary-Anne St. John'), 'mary-anne st john');
  assert.equal(normaliseName(undefined), '');
});

test('double-barrelled names split into parts and compact to one word', () => {
  assert.deepEqual(nameParts('smith-jones'), ['smith', 'jones']);
  assert.equal(compactName('smith-jones'), compactName('smith jones'));
});

test('dates are read in ISO, compact and British forms, partial dates keep what is known', () => {
  assert.deepEqual(normaliseDate('1980-03-07'), { year: 1980, month: 3, day: 7 });
  assert.deepEqual(normaliseDate('19800307'), { year: 1980, month: 3, day: 7 });
  assert.deepEqual(normaliseDate('07/03/1980'), { year: 1980, month: 3, day: 7 });
  assert.deepEqual(normaliseDate('1980-03'), { year: 1980, month: 3, day: undefined });
  assert.deepEqual(normaliseDate('1980'), { year: 1980, month: undefined, day: undefined });
});

test('invalid dates are treated as missing', () => {
  for (const bad of ['', 'unknown', '19801307', '1980-02-32', '1700-01-01', '32/01/1980']) assert.equal(normaliseDate(bad), undefined, bad);
});

test('UK postcodes are normalised in any case and spacing, with sector and district', () => {
  assert.deepEqual(normalisePostcode('sw1a1aa'), { full: 'SW1A 1AA', sector: 'SW1A 1', district: 'SW1A', area: 'SW' });
  assert.equal(normalisePostcode(' m1  1ae ')?.full, 'M1 1AE');
  assert.equal(normalisePostcode('not a postcode'), undefined);
});

test('phone numbers become national digits whatever the prefix', () => {
  assert.equal(normalisePhone('+44 (0)7700 900123'), normalisePhone('07700 900123'));
  assert.equal(normalisePhone('0044 7700 900123'), '7700900123');
  assert.equal(normalisePhone('123'), '');
});

test('sex and PNC IDs are normalised', () => {
  assert.equal(normaliseSex('Female'), 'f');
  assert.equal(normaliseSex(' M '), 'm');
  assert.equal(normaliseSex('unknown'), '');
  assert.equal(normalisePncId('2019/0012345A'), '19/12345A');
  assert.equal(normalisePncId('19/12345a'), '19/12345A');
});

test('Soundex codes sound-alike surnames together', () => {
  assert.equal(soundex('robert'), 'R163');
  assert.equal(soundex('rupert'), 'R163');
  assert.equal(soundex('smith'), soundex('smyth'));
  assert.equal(soundex('ashcraft'), 'A261');
  assert.equal(soundex('lee'), 'L000');
});
