import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnknownFieldPruner } from './unknown-fields';
import { SchemaIndex } from './index';

test('unknown fields are found by path and removed; known ones stay', () => {
  const p = new UnknownFieldPruner(new SchemaIndex());
  const obj: any = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x', labels: { a: 'b' }, bogus: 1 },
    data: { anything: 'goes' },
    spec: { nope: true },
  };
  const found = p.prune(obj, { group: '', version: 'v1', kind: 'ConfigMap' });
  assert.deepEqual(found.sort(), ['metadata.bogus', 'spec']);
  assert.deepEqual(obj, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { a: 'b' } }, data: { anything: 'goes' } });
});

test('kinds without a schema are left alone', () => {
  const p = new UnknownFieldPruner(new SchemaIndex());
  const obj = { whatever: 1 };
  assert.deepEqual(p.prune(obj, { group: 'example.com', version: 'v1', kind: 'Widget' }), []);
  assert.deepEqual(obj, { whatever: 1 });
});
