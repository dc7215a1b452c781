import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../api/validation/field-errors';
import { MemoryBackend } from '../../storage/memory/backend';
import { silentLogger } from '../../util/logger';
import { StatusError } from '../errors';
import { validateCRD } from '../registry/apiextensions/customresourcedefinitions/strategy';
import { registerBuiltins } from '../registry/builtin';
import type { KubeObject } from '../registry/generic/strategy';
import { Registry } from '../registry/registry';
import { ServiceAccountTokens } from '../serviceaccount/tokens';
import { CRDController } from './controller';
import { customResourceStrategy } from './custom-resource-strategy';
import type { CRD } from './types';

function crd(plural: string, kind: string, extra: Partial<CRD['spec']> = {}): KubeObject {
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer', default: 1 } } }, status: { type: 'object', properties: { replicas: { type: 'integer' } } } } };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural, kind },
      versions: [
        { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: schema } },
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema }, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } },
      ],
      ...extra,
    },
  };
}

async function setup(backend = new MemoryBackend({ compactIntervalMs: 0 })) {
  const registry = new Registry({ backend });
  registerBuiltins(registry, { tokens: {} as ServiceAccountTokens });
  const controller = new CRDController({ registry, logger: silentLogger, retryMs: 10 });
  const crds = registry.lookup('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!.store;
  return { registry, controller, crds, backend };
}

const waitFor = async (what: string, check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
};

describe('CRD strategy', () => {
  const errs = (obj: KubeObject) => validateCRD(obj).map(formatFieldError);
  test('a valid CRD, with defaults applied on create', async () => {
    const { crds } = await setup();
    const created = (await crds.create(undefined, crd('widgets', 'Widget'))) as CRD;
    assert.equal(created.spec.names.singular, 'widget');
    assert.equal(created.spec.names.listKind, 'WidgetList');
    assert.equal(created.spec.conversion?.strategy, 'None');
  });
  test('a schema may restrict metadata.name', () => {
    const version = { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 3 } } } } } } };
    const c = crd('widgets', 'Widget', { versions: [version] }) as CRD;
    const strategy = customResourceStrategy(c, version);
    assert.deepEqual(strategy.validate({ metadata: { name: 'long' } }).map(formatFieldError), ['metadata.name: Too long: may not be more than 3 bytes']);
    assert.deepEqual(strategy.validate({ metadata: { name: 'ok' } }), []);
  });

  test('the name must be <plural>.<group>', () => {
    const c = crd('widgets', 'Widget');
    c.metadata.name = 'gadgets.example.com';
    assert.deepEqual(errs(c), ['metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group']);
  });
  test('exactly one storage version, a scope, a schema', () => {
    const c = crd('widgets', 'Widget', { scope: 'Everywhere' as 'Cluster' });
    (c.spec as CRD['spec']).versions[0]!.storage = true;
    delete (c.spec as CRD['spec']).versions[0]!.schema;
    assert.deepEqual(errs(c), [
      'spec.scope: Unsupported value: "Everywhere": supported values: "Cluster", "Namespaced"',
      'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
      'spec.versions: Invalid value: ["v1beta1","v1"]: must have exactly one version marked as storage version',
    ]);
  });
});

describe('CRD controller', () => {
  test('serves every served version with one storage, and sets the status', async () => {
    const { registry, controller, crds } = await setup();
    await crds.create(undefined, crd('widgets', 'Widget'));
    await controller.start();
    try {
      const v1 = registry.lookup('example.com', 'v1', 'widgets');
      const beta = registry.lookup('example.com', 'v1beta1', 'widgets');
      assert.ok(v1 && beta);
      const status = ((await crds.get(undefined, 'widgets.example.com')) as CRD).status!;
      assert.deepEqual(status.conditions!.map((c) => [c.type, c.status]), [['NamesAccepted', 'True'], ['Established', 'True']]);
      assert.deepEqual(status.storedVersions, ['v1']);
      const created = await beta.store.create('default', { apiVersion: 'example.com/v1beta1', kind: 'Widget', metadata: { name: 'w' }, spec: {}, junk: 1 });
      assert.equal(created.apiVersion, 'example.com/v1beta1');
      assert.deepEqual(created.spec, { replicas: 1 });
      assert.equal(created.junk, undefined);
      const read = await v1.store.get('default', 'w');
      assert.equal(read.apiVersion, 'example.com/v1');
      const scale = v1.store.strategy.subresources!.scale!.view!;
      assert.deepEqual((scale.toView(read) as KubeObject & { spec: unknown }).spec, { replicas: 1 });
      const scaled = await v1.store.guaranteedUpdate('default', 'w', (cur) => scale.fromView(cur, { metadata: {}, spec: { replicas: 5 } }), { subresource: 'scale' });
      assert.deepEqual([scaled.spec, scaled.metadata.generation], [{ replicas: 5 }, 2]);
      const v1Store = v1.store;
      await crds.guaranteedUpdate(undefined, 'widgets.example.com', (cur) => {
        (cur as CRD).spec.versions[0]!.served = false;
        return cur;
      });
      await waitFor('v1beta1 no longer served', () => !registry.lookup('example.com', 'v1beta1', 'widgets'));
      assert.ok(registry.lookup('example.com', 'v1', 'widgets'));
      assert.notEqual(registry.lookup('example.com', 'v1', 'widgets')!.store, v1Store, 'v1 re-registered with the new spec');
    } finally {
      await controller.stop();
    }
  });

  test('a CRD whose names are taken is not served', async () => {
    const { registry, controller, crds } = await setup();
    await controller.start();
    try {
      await crds.create(undefined, crd('widgets', 'Widget'));
      await waitFor('widgets served', () => !!registry.lookup('example.com', 'v1', 'widgets'));
      await crds.create(undefined, crd('gadgets', 'Widget'));
      await waitFor('conflict status', async () => ((await crds.get(undefined, 'gadgets.example.com')) as CRD).status?.conditions?.[0]?.status === 'False');
      const status = ((await crds.get(undefined, 'gadgets.example.com')) as CRD).status!;
      assert.equal(status.conditions![0]!.message, 'kind "Widget" is already in use');
      assert.equal(registry.lookup('example.com', 'v1', 'gadgets'), undefined);
      await crds.delete(undefined, 'widgets.example.com');
      await waitFor('gadgets served once the names are free', () => !!registry.lookup('example.com', 'v1', 'gadgets'));
    } finally {
      await controller.stop();
    }
  });

  test('deleting a CRD deletes its objects first, then the CRD', async () => {
    const { registry, controller, crds } = await setup();
    await crds.create(undefined, crd('widgets', 'Widget'));
    await controller.start();
    try {
      const store = registry.lookup('example.com', 'v1', 'widgets')!.store;
      for (const name of ['a', 'b']) await store.create('default', { metadata: { name }, spec: {} });
      const result = await crds.delete(undefined, 'widgets.example.com');
      assert.equal(result.deleted, false);
      assert.deepEqual(result.object.metadata.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
      await waitFor('CRD gone', async () => {
        try {
          await crds.get(undefined, 'widgets.example.com');
          return false;
        } catch (err) {
          return err instanceof StatusError && err.code === 404;
        }
      });
      assert.equal(registry.lookup('example.com', 'v1', 'widgets'), undefined);
      assert.equal((await store.list(undefined, {})).items.length, 0);
    } finally {
      await controller.stop();
    }
  });

  test('a CRD left terminating by a restart still has its objects deleted', async () => {
    const first = await setup();
    await first.crds.create(undefined, crd('widgets', 'Widget'));
    await first.controller.start();
    await first.registry.lookup('example.com', 'v1', 'widgets')!.store.create('default', { metadata: { name: 'a' }, spec: {} });
    await first.controller.stop();
    await first.crds.delete(undefined, 'widgets.example.com');
    const second = await setup(first.backend);
    await second.controller.start();
    try {
      await waitFor('CRD gone', async () => (await second.crds.list(undefined, {})).items.length === 0);
      const prefix = await first.backend.list('/registry/example.com/widgets/', {});
      assert.equal(prefix.items.length, 0);
    } finally {
      await second.controller.stop();
    }
  });
});
