import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIndexes } from './indexes';
import { matchSuccessPolicy } from './success-policy';

test('a success policy matches on named indexes, a count among them, or a count of all', () => {
  const done = parseIndexes('0,2-4', 10);
  const cases: [string, { succeededIndexes?: string; succeededCount?: number }[], string | undefined][] = [
    ['all named indexes succeeded', [{ succeededIndexes: '2-4' }], 'Matched rules at index 0'],
    ['a named index missing', [{ succeededIndexes: '0-2' }], undefined],
    ['enough of the named ones', [{ succeededIndexes: '0-2', succeededCount: 2 }], 'Matched rules at index 0'],
    ['a count of all indexes', [{ succeededIndexes: '9' }, { succeededCount: 4 }], 'Matched rules at index 1'],
    ['not enough', [{ succeededCount: 5 }], undefined],
  ];
  for (const [name, rules, want] of cases) assert.equal(matchSuccessPolicy({ rules }, 10, done), want, name);
  assert.equal(matchSuccessPolicy(undefined, 10, done), undefined);
});
