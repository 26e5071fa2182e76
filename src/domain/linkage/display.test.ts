import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProbability } from './display.ts';

test('a probability reads as a percentage to one place, never as a certainty', () => {
  assert.equal(formatProbability(0.98172), '98.2%');
  assert.equal(formatProbability(0.5), '50%');
  assert.equal(formatProbability(0.80049), '80%');
  assert.equal(formatProbability(0.99949), '99.9%');
  assert.equal(formatProbability(0.9995), 'over 99.9%');
  assert.equal(formatProbability(0.99999997), 'over 99.9%');
  assert.equal(formatProbability(1), 'over 99.9%');
  assert.equal(formatProbability(0.0004), 'under 0.1%');
  assert.equal(formatProbability(0.0005), '0.1%');
});
