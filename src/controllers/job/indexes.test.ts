import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionIndexOf, firstPendingIndexes, formatIndexes, parseIndexes, totalIndexes, withIndexes } from './indexes';

test('completed indexes print as upstream: ranges, and two neighbours with a comma', () => {
  const cases: [string, number[], string][] = [
    ['empty', [], ''],
    ['one', [3], '3'],
    ['two neighbours', [5, 6], '5,6'],
    ['a range and a single', [0, 1, 2, 4], '0-2,4'],
    ['unordered input', [4, 0, 2, 1], '0-2,4'],
    ['everything', [0, 1, 2, 3, 4], '0-4'],
  ];
  for (const [name, indexes, want] of cases) assert.equal(formatIndexes(withIndexes([], indexes)), want, name);
});

test('parsing merges, drops indexes past completions and malformed parts', () => {
  assert.deepEqual(parseIndexes('0-2,4', 5), [[0, 2], [4, 4]]);
  assert.deepEqual(parseIndexes('1,2,3-7', 5), [[1, 4]]);
  assert.deepEqual(parseIndexes('x,2', 5), [[2, 2]]);
  assert.equal(totalIndexes(parseIndexes('0-2,4', 5)), 4);
  assert.equal(formatIndexes(withIndexes(parseIndexes('0-2', 10), [4, 3])), '0-4');
});

test('pending indexes skip succeeded and running ones, lowest first', () => {
  assert.deepEqual(firstPendingIndexes(parseIndexes('0,1', 6), new Set([2]), 2, 6), [3, 4]);
  assert.deepEqual(firstPendingIndexes([], new Set(), 10, 3), [0, 1, 2]);
});

test('a completion index comes from the annotation, digits only', () => {
  assert.equal(completionIndexOf({ 'batch.kubernetes.io/job-completion-index': '7' }), 7);
  assert.equal(completionIndexOf({ 'batch.kubernetes.io/job-completion-index': '-1' }), -1);
  assert.equal(completionIndexOf({}), -1);
});
