import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectorFromLabelSelector, selectorFromSet, selects } from './label-selector';

test('LabelSelector: matchLabels and every matchExpressions operator', () => {
  const labels = { app: 'web', tier: 'front' };
  const cases: [string, Parameters<typeof selectorFromLabelSelector>[0], boolean][] = [
    ['nil selects nothing', undefined, false],
    ['empty selects everything', {}, true],
    ['matchLabels', { matchLabels: { app: 'web' } }, true],
    ['matchLabels mismatch', { matchLabels: { app: 'db' } }, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, true],
    ['NotIn', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    ['both must hold', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
  ];
  for (const [name, ls, want] of cases) assert.equal(selects(selectorFromLabelSelector(ls), labels), want, name);
  assert.throws(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Near' }] }));
});

test('a set selector (ReplicationController) needs every pair', () => {
  assert.equal(selects(selectorFromSet({ app: 'web' }), { app: 'web', x: 'y' }), true);
  assert.equal(selects(selectorFromSet({ app: 'web', x: 'z' }), { app: 'web', x: 'y' }), false);
});
