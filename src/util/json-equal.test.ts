import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEqual } from './json-equal';

test('jsonEqual: JSON values, object keys in any order, undefined members as absent', () => {
  assert.ok(jsonEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }));
  assert.ok(jsonEqual({ a: 1, u: undefined }, { a: 1 }));
  assert.ok(jsonEqual(null, null));
  assert.ok(!jsonEqual({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 }));
  assert.ok(!jsonEqual([1, 2], [2, 1]));
  assert.ok(!jsonEqual([], {}));
  assert.ok(!jsonEqual({}, []));
  assert.ok(!jsonEqual({ a: null }, { a: undefined }));
  assert.ok(!jsonEqual(1, '1'));
  assert.ok(!jsonEqual({ a: { b: [1] } }, { a: { b: [1, 2] } }));
});
