import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareAddress,
  houseKey,
  compareCrossedName,
  compareDateOfBirth,
  compareExact,
  compareFamilyName,
  compareGivenName,
  compareMiddleName,
  comparePostcode,
  namesSwapped,
} from './comparators.ts';
import { addressTokens, normaliseDate, normaliseName, normalisePostcode } from './normalise.ts';

const given = (a: string, b: string) => compareGivenName(normaliseName(a), normaliseName(b));
const family = (a: string, b: string) => compareFamilyName(normaliseName(a), normaliseName(b));
const dob = (a: string, b: string) => compareDateOfBirth(normaliseDate(a), normaliseDate(b));
const postcode = (a: string, b: string) => comparePostcode(normalisePostcode(a), normalisePostcode(b));

test('given names: exact, known variants, typos, initials, sound-alikes and different', () => {
  assert.equal(given('John', 'JOHN'), 'exact');
  assert.equal(given('Bob', 'Robert'), 'variant');
  assert.equal(given('Peggy', 'Margaret'), 'variant');
  assert.equal(given('Jonathon', 'Jonathan'), 'jw-0.92');
  assert.equal(given('J', 'John'), 'initial');
  assert.equal(given('K', 'John'), 'other-name');
  assert.equal(given('Sarah', 'Patricia'), 'other-name');
  // Slips of one name (two edits, a middle name recorded first) differ without clearly being another name.
  assert.equal(given('Eva', 'Ava'), 'different');
  assert.equal(compareGivenName(normaliseName('Louise'), normaliseName('Jane'), normaliseName(''), normaliseName('Louise')), 'different');
  assert.equal(given('', 'John'), 'missing');
});

test('family names: exact, typo, double-barrelled part and different', () => {
  assert.equal(family('Smith', 'SMITH'), 'exact');
  assert.equal(family('Smith-Jones', 'Smith Jones'), 'exact');
  assert.equal(family('Thompson', 'Thomson'), 'jw-0.92');
  assert.equal(family('Okafor-Jones', 'Jones'), 'part');
  assert.equal(family('Smith', 'Patel'), 'different');
  assert.equal(family('Smith', ''), 'missing');
});

test('names recorded the other way round are recognised as swapped', () => {
  assert.equal(namesSwapped('smith', 'john', 'john', 'smith'), true);
  assert.equal(namesSwapped('john', 'smith', 'john', 'smith'), false);
  assert.equal(namesSwapped('', 'smith', 'smith', ''), false);
});

test('dates of birth: exact, day-month swap, one-digit typo, same year, different and partial', () => {
  assert.equal(dob('1980-03-07', '07/03/1980'), 'exact');
  assert.equal(dob('1980-03-07', '1980-07-03'), 'day-month-swap');
  assert.equal(dob('1980-03-07', '1980-03-08'), 'one-digit');
  // A transposition that puts the years a generation apart is taken for the generation (Jr and Sr), not a typo.
  assert.equal(dob('1980-03-07', '1908-03-07'), 'generation-apart');
  assert.equal(dob('1960-03-09', '1980-03-09'), 'generation-apart');
  assert.equal(dob('1956-03-07', '1965-03-07'), 'two-digits');
  // Two digits apart but not a transposition: as likely a neighbour born the same month.
  assert.equal(dob('1994-06-02', '1994-06-26'), 'year');
  assert.equal(dob('1994-06-02', '1984-06-12'), 'different');
  assert.equal(dob('1980-03-07', '1980-11-23'), 'year');
  assert.equal(dob('1980-03-07', '1975-11-23'), 'different');
  assert.equal(dob('1980', '1980-03-07'), 'year');
  assert.equal(dob('1980-04', '1980-03-07'), 'different');
  assert.equal(dob('', '1980-03-07'), 'missing');
});

test('postcodes: exact, same sector, same district, different', () => {
  assert.equal(postcode('SW1A 1AA', 'sw1a1aa'), 'exact');
  assert.equal(postcode('SW1A 1AA', 'SW1A 1BB'), 'sector');
  assert.equal(postcode('SW1A 1AA', 'SW1A 2BB'), 'district');
  assert.equal(postcode('SW1A 1AA', 'M1 1AE'), 'different');
  assert.equal(postcode('', 'M1 1AE'), 'missing');
});

test('exact fields compare equal, different or missing', () => {
  assert.equal(compareExact('a', 'a'), 'exact');
  assert.equal(compareExact('a', 'b'), 'different');
  assert.equal(compareExact('', 'b'), 'missing');
});

test('dates of birth a generation apart are told from other different dates', () => {
  assert.equal(dob('1960-01-30', '1986-09-14'), 'generation-apart');
  assert.equal(dob('1980-03-07', '1991-11-23'), 'different');
});

test('middle names: full, initial, different, missing', () => {
  const middle = (a: string, b: string) => compareMiddleName(normaliseName(a), normaliseName(b));
  assert.equal(middle('Thomas', 'thomas'), 'exact');
  assert.equal(middle('T', 'Thomas'), 'initial');
  assert.equal(middle('T', 'Daniel'), 'different');
  assert.equal(middle('Thomas', 'Daniel'), 'different');
  assert.equal(middle('', 'Daniel'), 'missing');
});

test('crossed names agree exactly, within a typo, or not', () => {
  assert.equal(compareCrossedName('stubbs', 'stubbs'), 'exact');
  assert.equal(compareCrossedName('jack', 'jaxck'), 'jw-0.92');
  assert.equal(compareCrossedName('jack', 'stubbs'), 'different');
});

test('addresses: the same house written two ways, another house in the same street, some and different', () => {
  const address = (a: string, b: string) => compareAddress(addressTokens(a), addressTokens(b));
  assert.equal(address('14 Cardigan Road, Leeds', '14 cardigan road leeds'), 'exact');
  assert.equal(address('129 Lucienne Bank, Gibsonworth', '129 Lucienne Bank'), 'same-house');
  assert.equal(address('Flat 5, 61 Cedar Road, Powlowski-on-Weber', '61 Cedar Road, Powlowski-on-Weber'), 'same-house');
  assert.equal(address('32 Edwin Bank, Great Gerhold Green', '98 Edwin Bank, Great Gerhold Green'), 'other-number');
  assert.equal(address('Cardigan Road, Headingley, Leeds', 'Cardigan Road, Leeds'), 'most');
  assert.equal(address('32 Edwin Bank', '17 Mill Lane, Hull'), 'different');
  assert.equal(address('', '17 Mill Lane'), 'missing');
});

test('the house key is the last house number and the word after it', () => {
  assert.equal(houseKey(addressTokens('Flat 3, 64 Wood Street, North Harber')), '64:wood');
  assert.equal(houseKey(addressTokens('12a Smith Road')), '12a:smith');
  assert.equal(houseKey(addressTokens('8 stanley street miami winston hills')), '8:stanley');
  assert.equal(houseKey(addressTokens('Rose Cottage, Mill Lane')), '');
  assert.equal(houseKey([]), '');
});
