import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaIndex } from '../schema';
import { StatusError } from '../errors';
import type { KubeObject } from '../registry/generic/strategy';
import { applyConfiguration } from './apply';
import { fieldSet, schemaShapes, toFieldsV1 } from './fieldset';
import { trackUpdate } from './managed-fields';

const index = new SchemaIndex();
const shapes = schemaShapes(index, index.forKind({ group: 'apps', version: 'v1', kind: 'Deployment' }));
const now = '2026-01-01T00:00:00Z';

const deployment = (containers: unknown[], extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 1, template: { spec: { containers } }, ...extra },
});

const apply = (live: KubeObject | undefined, applied: KubeObject, manager = 'a', force = false) =>
  applyConfiguration({ live, applied, manager, force, apiVersion: 'apps/v1', shapes, now });

describe('server-side apply over the upstream schema', () => {
  test('containers are an associative list keyed by name in the field set', () => {
    const set = fieldSet({ spec: { template: { spec: { containers: [{ name: 'web', image: 'x' }] } } } }, shapes);
    assert.deepEqual(toFieldsV1(set.keys()), {
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
    });
  });

  test('two managers own different containers; dropping one only removes that one', () => {
    let live = apply(undefined, deployment([{ name: 'web', image: 'web:1' }]), 'a');
    live = apply(live, deployment([{ name: 'side', image: 'side:1' }]), 'b');
    assert.deepEqual((live.spec as any).template.spec.containers.map((c: any) => c.name), ['web', 'side']);
    live = apply(live, deployment([]), 'b');
    assert.deepEqual((live.spec as any).template.spec.containers.map((c: any) => c.name), ['web']);
  });

  test('a different value for a field another manager owns conflicts; force moves ownership', () => {
    const live = apply(undefined, deployment([{ name: 'web', image: 'web:1' }]), 'a');
    assert.throws(
      () => apply(live, deployment([{ name: 'web', image: 'web:2' }]), 'b'),
      (err: unknown) => err instanceof StatusError && err.code === 409 && /conflict with "a" using apps\/v1: \.spec\.template\.spec\.containers\[name="web"\]\.image/.test(err.message),
    );
    const forced = apply(live, deployment([{ name: 'web', image: 'web:2' }]), 'b', true);
    assert.equal((forced.spec as any).template.spec.containers[0].image, 'web:2');
    const owners = (forced.metadata.managedFields as any[]).map((m) => m.manager).sort();
    assert.deepEqual(owners, ['a', 'b']);
  });

  test('the same value is shared, not a conflict', () => {
    const live = apply(undefined, deployment([{ name: 'web', image: 'web:1' }]), 'a');
    assert.doesNotThrow(() => apply(live, deployment([{ name: 'web', image: 'web:1' }]), 'b'));
  });

  test('an ordinary update takes the fields it changes from their manager', () => {
    const live = apply(undefined, deployment([{ name: 'web', image: 'web:1' }]), 'a');
    const next = structuredClone(live);
    (next.spec as any).replicas = 3;
    trackUpdate(live, next, 'kubectl-scale', 'apps/v1', shapes, now);
    const entries = next.metadata.managedFields as any[];
    const scale = entries.find((m) => m.manager === 'kubectl-scale');
    assert.deepEqual(scale.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.equal(scale.operation, 'Update');
    const a = entries.find((m) => m.manager === 'a');
    assert.equal(a.fieldsV1['f:spec']['f:replicas'], undefined, 'the applier no longer owns replicas');
  });
});
