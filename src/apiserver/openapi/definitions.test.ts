import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { renderDefinitions } from '../../../build/gen-openapi';
import { indexByKind, loadDefinitions, type Schema } from './definitions';

const defs = loadDefinitions();
const props = (name: string) => defs[name]!.properties as Record<string, Schema>;

test('definitions.json is what build/gen-openapi.ts generates (run `npx tsx build/gen-openapi.ts` if not)', () => {
  const committed = readFileSync(join(__dirname, 'definitions.json'), 'utf8');
  assert.ok(committed === renderDefinitions(), 'src/apiserver/openapi/definitions.json is stale: regenerate it with `npx tsx build/gen-openapi.ts`');
});

describe('generated definitions', () => {
  test('kinds carry upstream names, descriptions and x-kubernetes-group-version-kind', () => {
    const cm = defs['io.k8s.api.core.v1.ConfigMap']!;
    assert.equal(cm.description, 'ConfigMap holds configuration data for pods to consume.');
    assert.equal(cm.type, 'object');
    assert.deepEqual(cm['x-kubernetes-group-version-kind'], [{ group: '', kind: 'ConfigMap', version: 'v1' }]);
    assert.deepEqual(defs['io.k8s.api.apps.v1.Deployment']!['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    assert.deepEqual(props('io.k8s.api.core.v1.ConfigMap').metadata, {
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    });
    assert.deepEqual(props('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').labels!.additionalProperties, { type: 'string' });
    assert.ok(indexByKind(defs).get('/v1/Pod') === 'io.k8s.api.core.v1.Pod');
  });

  test('required fields, arrays and multi-line descriptions', () => {
    assert.deepEqual(defs['io.k8s.api.core.v1.Container']!.required, ['name']);
    assert.deepEqual(props('io.k8s.api.core.v1.Container').args!.items, { type: 'string' });
    assert.match(props('io.k8s.api.core.v1.AppArmorProfile').type!.description as string, /Valid options are:\n {2}Localhost - /);
  });

  test('special scalars as upstream writes them', () => {
    assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time']!.format, 'date-time');
    assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']!.format, 'date-time');
    assert.equal(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']!.type, 'string');
    assert.match(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']!.description as string, /^Quantity is a fixed-point representation/);
    assert.deepEqual(
      { type: defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!.type, format: defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!.format },
      { type: 'string', format: 'int-or-string' },
    );
    assert.equal(props('io.k8s.api.core.v1.ServicePort').targetPort!.$ref, '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString');
    assert.deepEqual(props('io.k8s.api.core.v1.Secret').data!.additionalProperties, { format: 'byte', type: 'string' });
    assert.deepEqual(props('io.k8s.api.core.v1.ConfigMap').binaryData!.additionalProperties, { format: 'byte', type: 'string' });
    assert.deepEqual(props('io.k8s.api.core.v1.ConfigMap').data!.additionalProperties, { type: 'string' });
    assert.equal(props('io.k8s.api.apps.v1.DeploymentSpec').replicas!.type, 'integer');
    assert.equal(props('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps').maximum!.type, 'number');
    assert.equal(defs['io.k8s.apimachinery.pkg.runtime.RawExtension']!.type, 'object');
  });

  test('strategic merge patch keys and list types kubectl reads', () => {
    const cases: Array<[string, string, Schema]> = [
      ['io.k8s.api.core.v1.PodSpec', 'containers', { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] }],
      ['io.k8s.api.core.v1.PodSpec', 'volumes', { 'x-kubernetes-patch-strategy': 'merge,retainKeys', 'x-kubernetes-patch-merge-key': 'name' }],
      ['io.k8s.api.core.v1.Container', 'ports', { 'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] }],
      ['io.k8s.api.core.v1.Container', 'env', { 'x-kubernetes-patch-merge-key': 'name' }],
      ['io.k8s.api.core.v1.Container', 'volumeMounts', { 'x-kubernetes-patch-merge-key': 'mountPath' }],
      ['io.k8s.api.core.v1.EphemeralContainer', 'env', { 'x-kubernetes-patch-merge-key': 'name' }],
      ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'ownerReferences', { 'x-kubernetes-patch-merge-key': 'uid', 'x-kubernetes-list-type': 'map' }],
      ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers', { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' }],
      ['io.k8s.api.core.v1.PodStatus', 'conditions', { 'x-kubernetes-patch-merge-key': 'type' }],
      ['io.k8s.api.apps.v1.DeploymentSpec', 'strategy', { 'x-kubernetes-patch-strategy': 'retainKeys' }],
    ];
    for (const [type, field, want] of cases) {
      const got = props(type)[field]!;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `${type}.${field} ${k}`);
    }
    assert.equal(props('io.k8s.api.core.v1.PodSpec').tolerations!['x-kubernetes-patch-strategy'], undefined, 'upstream has no patch strategy for tolerations');
    assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']!['x-kubernetes-map-type'], 'atomic');
  });
});
