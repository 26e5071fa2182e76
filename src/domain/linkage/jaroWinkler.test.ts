import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { jaroWinkler } from './jaroWinkler.ts';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 0.001, `${actual} ≈ ${expected}`);

test('Jaro–Winkler gives the published values of Winkler (1990)', () => {
  close(jaroWinkler('MARTHA', 'MARHTA'), 0.961);
  close(jaroWinkler('DWAYNE', 'DUANE'), 0.84);
  close(jaroWinkler('DIXON', 'DICKSONX'), 0.813);
});

test('identical strings score 1 and strings with nothing in common score 0', () => {
  assert.equal(jaroWinkler('smith', 'smith'), 1);
  assert.equal(jaroWinkler('abc', 'xyz'), 0);
  assert.equal(jaroWinkler('', 'smith'), 0);
  assert.equal(jaroWinkler('', ''), 0);
});

test('Jaro–Winkler is symmetric and stays within [0, 1]', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const ab = jaroWinkler(a, b);
      assert.ok(ab >= 0 && ab <= 1 + 1e-12);
      assert.ok(Math.abs(ab - jaroWinkler(b, a)) < 1e-12);
    }),
  );
});
