import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCollarNumber } from './advice.ts';

test('collar numbers as forces write them', () => {
  for (const ok of ['4512', 'PC 4512', 'DC1234', 'ps 77', 'PCSO 60123']) assert.equal(isCollarNumber(ok), true, ok);
  for (const bad of ['', 'four', 'PC', '1', 'PC 45-12', 'CONSTABLE 4512']) assert.equal(isCollarNumber(bad), false, bad);
});
