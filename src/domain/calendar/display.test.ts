import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLondonDate, formatLondonDateTime, formatLondonShortDate, formatLondonTime } from './display.ts';

test('times read in London time: GMT in winter, BST in summer', () => {
  assert.equal(formatLondonDateTime(new Date('2026-01-15T14:05:00Z')), '15 January 2026 at 2:05pm');
  assert.equal(formatLondonDateTime(new Date('2026-07-15T14:05:00Z')), '15 July 2026 at 3:05pm');
  assert.equal(formatLondonDate(new Date('2026-03-28T23:30:00Z')), '28 March 2026');
  assert.equal(formatLondonDate(new Date('2026-06-30T23:30:00Z')), '1 July 2026');
});

test('the short forms for dense tables: short month, London time', () => {
  assert.equal(formatLondonShortDate(new Date('2026-09-30T23:30:00Z')), '1 Oct 2026');
  assert.equal(formatLondonShortDate(new Date('2026-09-15T12:00:00Z')), '15 Sep 2026');
  assert.equal(formatLondonTime(new Date('2026-07-15T14:05:00Z')), '3:05pm');
  assert.equal(formatLondonTime(new Date('2026-01-15T00:05:00Z')), '12:05am');
});
