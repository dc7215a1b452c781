import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessModes, containerCells, createdAt, formatLabels, formatLabelSelector, listWithMore, selectorString } from './cells';

test('label maps and selectors print as upstream', () => {
  const cases: [string, string, string][] = [
    ['empty map', formatLabels({}), '<none>'],
    ['sorted map', formatLabels({ b: '2', a: '1' }), 'a=1,b=2'],
    ['nil selector', formatLabelSelector(undefined), '<none>'],
    ['empty selector', formatLabelSelector({}), '<none>'],
    ['matchLabels', formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web'],
    [
      'expressions sorted by key',
      selectorString({ matchLabels: { z: '1' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'a', operator: 'DoesNotExist' }, { key: 'm', operator: 'Exists' }] }),
      '!a,m,tier in (a,b),z=1',
    ],
    ['notin', selectorString({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }), 'env notin (prod)'],
  ];
  for (const [name, got, want] of cases) assert.equal(got, want, name);
});

test('containers, lists, access modes, created-at', () => {
  assert.deepEqual(containerCells([{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox:1' }]), ['a,b', 'nginx,busybox:1']);
  assert.equal(listWithMore(['1', '2', '3', '4', '5'], 3, '<none>'), '1,2,3 + 2 more...');
  assert.equal(listWithMore([], 3, '<unset>'), '<unset>');
  assert.equal(accessModes(['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce']), 'RWO,RWX');
  assert.equal(createdAt('2024-05-01T10:00:00.000Z'), '2024-05-01T10:00:00Z');
});
