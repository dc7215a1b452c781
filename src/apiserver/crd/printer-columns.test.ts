import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, parseJSONPath } from './jsonpath';
import { printerFor } from './printer-columns';
import type { KubeObject } from '../registry/generic/strategy';

const now = Date.parse('2026-01-01T00:10:00Z');
const obj: KubeObject = {
  metadata: { name: 'w1', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { replicas: 3, ready: true, ratio: 0.5, tags: ['a', 'b'], 'dotted.key': 'd' },
  status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Synced', status: 'False' }], started: '2026-01-01T00:09:00Z' },
};

describe('jsonpath', () => {
  const cases: Array<[string, unknown[]]> = [
    ['.spec.replicas', [3]],
    ['{.spec.replicas}', [3]],
    ['.spec.tags[1]', ['b']],
    ['.spec.tags[-1]', ['b']],
    ['.spec.tags[*]', ['a', 'b']],
    [".spec['dotted.key']", ['d']],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    [".status.conditions[?(@.status!='True')].type", ['Synced']],
    ['.status.conditions[*].type', ['Ready', 'Synced']],
    ['.spec.missing', []],
  ];
  for (const [path, want] of cases) test(path, () => assert.deepEqual(evaluate(parseJSONPath(path), obj), want));
  test('rejects what it cannot parse', () => assert.throws(() => parseJSONPath('spec replicas')));
});

describe('printer columns', () => {
  test('NAME then the columns; dates as ages; missing values null', () => {
    const p = printerFor([
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status', priority: 1 },
      { name: 'Tags', type: 'string', jsonPath: '.spec.tags[*]' },
      { name: 'Started', type: 'date', jsonPath: '.status.started' },
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      { name: 'OK', type: 'boolean', jsonPath: '.spec.ready' },
      { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]);
    assert.deepEqual(
      p.columns.map((c) => [c.name, c.type, c.priority ?? 0]),
      [['Name', 'string', 0], ['Replicas', 'integer', 0], ['Ready', 'string', 1], ['Tags', 'string', 0], ['Started', 'date', 0], ['Phase', 'string', 0], ['OK', 'boolean', 0], ['Ratio', 'number', 0], ['Age', 'date', 0]],
    );
    assert.deepEqual(p.row(obj, now), ['w1', 3, 'True', 'a,b', '60s', null, true, 0.5, '10m']);
  });
  test('no columns: NAME and AGE', () => {
    const p = printerFor(undefined);
    assert.deepEqual(p.columns.map((c) => c.name), ['Name', 'Age']);
    assert.deepEqual(p.row(obj, now), ['w1', '10m']);
  });
});
