import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaIndex } from '../schema';
import { patchSchemaFor } from '../schema/patch-schema';
import { applyStrategicMergePatch } from './strategic';

const index = new SchemaIndex();
const podSchema = patchSchemaFor(index, { group: '', version: 'v1', kind: 'Pod' });

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { a: '1' }, finalizers: ['x'] },
  spec: {
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
      { name: 'side', image: 'side:1' },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
});

describe('strategic merge patch with the upstream schema', () => {
  const cases: { name: string; patch: unknown; check: (out: any) => void }[] = [
    {
      name: 'containers merge by name',
      patch: { spec: { containers: [{ name: 'side', image: 'side:2' }] } },
      check: (o) => assert.deepEqual(o.spec.containers.map((c: any) => `${c.name}=${c.image}`), ['app=app:1', 'side=side:2']),
    },
    {
      name: 'a new container is appended',
      patch: { spec: { containers: [{ name: 'third', image: 't' }] } },
      check: (o) => assert.deepEqual(o.spec.containers.map((c: any) => c.name), ['app', 'side', 'third']),
    },
    {
      name: '$patch: delete removes one item by key',
      patch: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } },
      check: (o) => assert.deepEqual(o.spec.containers.map((c: any) => c.name), ['app']),
    },
    {
      name: 'env merges by name inside a merged container',
      patch: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '2' }] }] } },
      check: (o) => assert.deepEqual(o.spec.containers[0].env, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]),
    },
    {
      name: 'ports merge by containerPort',
      patch: { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }] } },
      check: (o) => assert.deepEqual(o.spec.containers[0].ports, [{ containerPort: 80, name: 'http' }, { containerPort: 443 }]),
    },
    {
      name: 'finalizers (merge, primitive) are unioned',
      patch: { metadata: { finalizers: ['y'] } },
      check: (o) => assert.deepEqual(o.metadata.finalizers, ['x', 'y']),
    },
    {
      name: '$deleteFromPrimitiveList removes values',
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] } },
      check: (o) => assert.deepEqual(o.metadata.finalizers, []),
    },
    {
      name: '$setElementOrder orders the merged list',
      patch: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }], containers: [{ name: 'app', image: 'app:2' }] } },
      check: (o) => assert.deepEqual(o.spec.containers.map((c: any) => `${c.name}=${c.image}`), ['side=side:1', 'app=app:2']),
    },
    {
      name: 'null deletes a map key',
      patch: { metadata: { labels: { a: null, b: '2' } } },
      check: (o) => assert.deepEqual(o.metadata.labels, { b: '2' }),
    },
    {
      name: '$patch: replace on a map replaces it',
      patch: { metadata: { labels: { $patch: 'replace', c: '3' } } },
      check: (o) => assert.deepEqual(o.metadata.labels, { c: '3' }),
    },
  ];
  for (const tc of cases) test(tc.name, () => tc.check(applyStrategicMergePatch(pod(), tc.patch, podSchema)));

  test('without a schema lists are replaced', () => {
    const out: any = applyStrategicMergePatch(pod(), { spec: { containers: [{ name: 'only' }] } });
    assert.deepEqual(out.spec.containers, [{ name: 'only' }]);
  });

  test('an item without its merge key is an error', () => {
    assert.throws(() => applyStrategicMergePatch(pod(), { spec: { containers: [{ image: 'x' }] } }, podSchema), /does not contain declared merge key: name/);
  });
});
