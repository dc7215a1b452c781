import { test } from 'node:test';
import assert from 'node:assert/strict';
import { milli, parseQuantity, QuantityError } from './quantity';

test('quantities', () => {
  const cases: [string, number][] = [['100m', 0.1], ['2', 2], ['64Mi', 64 * 2 ** 20], ['1Gi', 2 ** 30], ['1G', 1e9], ['1e3', 1000], ['1.5', 1.5], ['500k', 5e5]];
  for (const [q, v] of cases) assert.ok(Math.abs(parseQuantity(q) - v) < 1e-9, q);
  assert.equal(milli('100m'), 100);
  assert.equal(milli('2'), 2000);
  assert.throws(() => parseQuantity('12 apples'), QuantityError);
});
