import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ResourceInfo, standardVerbs } from '../../api/resources';
import { coreFixture as builtinResources } from '../test-fixtures';
import { loadDefinitions, type Schema } from './definitions';
import { buildSwagger } from './v2';
import { encodeSwagger } from './v2-protobuf';
import { buildV3Documents, toV3Schema } from './v3';

const pods: ResourceInfo = {
  group: '',
  version: 'v1',
  resource: 'pods',
  singular: 'pod',
  kind: 'Pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: ['status', 'log', 'exec', 'binding', 'eviction'],
};
const deployments: ResourceInfo = { group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, verbs: standardVerbs, subresources: ['status', 'scale'] };
const crontabs: ResourceInfo = { group: 'stable.example.com', version: 'v1', resource: 'crontabs', singular: 'crontab', kind: 'CronTab', namespaced: true, verbs: standardVerbs };
const resources = [...builtinResources, pods, deployments, crontabs];
const defs = loadDefinitions();

type Op = Schema & { parameters?: Schema[] };

describe('Swagger 2.0', () => {
  const doc = buildSwagger(defs, resources, 'v1.31.0') as Schema & { paths: Record<string, Record<string, Op>>; definitions: Record<string, Schema>; parameters: Record<string, Schema> };
  /** Parameters with global references resolved, by name. */
  const paramNames = (op: Op) =>
    (op.parameters ?? []).map((p) => (typeof p.$ref === 'string' ? doc.parameters[p.$ref.slice('#/parameters/'.length)]! : p)).map((p) => `${p.in}:${p.name}`);

  test('top level', () => {
    assert.equal(doc.swagger, '2.0');
    assert.deepEqual(doc.info, { title: 'Kubernetes', version: 'v1.31.0' });
    assert.deepEqual(doc.security, [{ BearerToken: [] }]);
  });

  test('a namespaced resource has upstream paths, operation ids and actions', () => {
    const want: Record<string, Record<string, [string, string]>> = {
      '/api/v1/namespaces/{namespace}/configmaps': {
        get: ['listCoreV1NamespacedConfigMap', 'list'],
        post: ['createCoreV1NamespacedConfigMap', 'post'],
        delete: ['deleteCoreV1CollectionNamespacedConfigMap', 'deletecollection'],
      },
      '/api/v1/namespaces/{namespace}/configmaps/{name}': {
        get: ['readCoreV1NamespacedConfigMap', 'get'],
        put: ['replaceCoreV1NamespacedConfigMap', 'put'],
        patch: ['patchCoreV1NamespacedConfigMap', 'patch'],
        delete: ['deleteCoreV1NamespacedConfigMap', 'delete'],
      },
      '/api/v1/configmaps': { get: ['listCoreV1ConfigMapForAllNamespaces', 'list'] },
      '/api/v1/watch/configmaps': { get: ['watchCoreV1ConfigMapListForAllNamespaces', 'watchlist'] },
      '/api/v1/watch/namespaces/{namespace}/configmaps': { get: ['watchCoreV1NamespacedConfigMapList', 'watchlist'] },
      '/api/v1/watch/namespaces/{namespace}/configmaps/{name}': { get: ['watchCoreV1NamespacedConfigMap', 'watch'] },
      '/api/v1/namespaces/{name}/status': { get: ['readCoreV1NamespaceStatus', 'get'], put: ['replaceCoreV1NamespaceStatus', 'put'], patch: ['patchCoreV1NamespaceStatus', 'patch'] },
      '/api/v1/namespaces/{name}/finalize': { put: ['replaceCoreV1NamespaceFinalize', 'put'] },
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale': { get: ['readAppsV1NamespacedDeploymentScale', 'get'] },
      '/api/v1/namespaces/{namespace}/pods/{name}/exec': { get: ['connectCoreV1GetNamespacedPodExec', 'connect'], post: ['connectCoreV1PostNamespacedPodExec', 'connect'] },
      '/api/v1/namespaces/{namespace}/pods/{name}/log': { get: ['readCoreV1NamespacedPodLog', 'get'] },
      '/api/v1/namespaces/{namespace}/pods/{name}/binding': { post: ['createCoreV1NamespacedPodBinding', 'post'] },
      '/apis/stable.example.com/v1/namespaces/{namespace}/crontabs': { get: ['listStableExampleComV1NamespacedCronTab', 'list'] },
    };
    for (const [path, ops] of Object.entries(want)) {
      assert.ok(doc.paths[path], path);
      for (const [method, [id, action]] of Object.entries(ops)) {
        assert.equal(doc.paths[path]![method]?.operationId, id, `${method} ${path}`);
        assert.equal(doc.paths[path]![method]!['x-kubernetes-action'], action, `${method} ${path}`);
      }
    }
    const list = doc.paths['/api/v1/namespaces/{namespace}/configmaps']!.get!;
    assert.deepEqual(list['x-kubernetes-group-version-kind'], { group: '', kind: 'ConfigMap', version: 'v1' });
    assert.deepEqual(list.tags, ['core_v1']);
    assert.deepEqual((list.responses as Schema)['200'], { description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.core.v1.ConfigMapList' } });
    assert.deepEqual(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!.get!['x-kubernetes-group-version-kind'], {
      group: 'autoscaling',
      kind: 'Scale',
      version: 'v1',
    });
    assert.deepEqual(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments']!.get!.tags, ['apps_v1']);
  });

  test('writes take the parameters kubectl checks for', () => {
    const item = doc.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']!;
    assert.deepEqual(paramNames(item.patch!), ['body:body', 'query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']);
    assert.deepEqual(paramNames(item.put!), ['body:body', 'query:dryRun', 'query:fieldManager', 'query:fieldValidation']);
    assert.deepEqual(paramNames(doc.paths['/api/v1/namespaces/{namespace}/configmaps']!.post!), ['body:body', 'query:dryRun', 'query:fieldManager', 'query:fieldValidation']);
    assert.deepEqual(paramNames(item as Op), ['path:name', 'path:namespace', 'query:pretty']);
    assert.deepEqual(item.patch!.consumes, ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml']);
    const crPatch = doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}']!.patch!;
    assert.equal((crPatch.consumes as string[]).includes('application/strategic-merge-patch+json'), false, 'custom resources take no strategic merge patch');
    const list = doc.paths['/api/v1/namespaces/{namespace}/configmaps']!.get!;
    assert.ok(paramNames(list).includes('query:watch') && paramNames(list).includes('query:resourceVersionMatch'));
  });

  test('definitions: what the paths reach, kinds tagged, DeleteOptions in every group version', () => {
    assert.ok(doc.definitions['io.k8s.api.core.v1.ConfigMap']);
    assert.ok(doc.definitions['io.k8s.api.core.v1.PodSpec']);
    assert.ok(doc.definitions['io.k8s.api.autoscaling.v1.Scale']);
    assert.ok(doc.definitions['io.k8s.api.policy.v1.Eviction']);
    assert.equal(doc.definitions['io.k8s.api.batch.v1.Job'], undefined, 'no unserved kinds');
    assert.deepEqual(doc.definitions['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']!['x-kubernetes-group-version-kind'], [
      { group: '', kind: 'DeleteOptions', version: 'v1' },
      { group: 'apps', kind: 'DeleteOptions', version: 'v1' },
      { group: 'stable.example.com', kind: 'DeleteOptions', version: 'v1' },
    ]);
    const cr = doc.definitions['com.example.stable.v1.CronTab']!;
    assert.deepEqual(cr['x-kubernetes-group-version-kind'], [{ group: 'stable.example.com', kind: 'CronTab', version: 'v1' }]);
    assert.equal(cr['x-kubernetes-preserve-unknown-fields'], true);
    assert.ok(doc.definitions['com.example.stable.v1.CronTabList']);
    for (const [name, schema] of Object.entries(doc.definitions)) {
      for (const ref of JSON.stringify(schema).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) assert.ok(doc.definitions[ref[1]!], `${name} -> ${ref[1]}`);
    }
  });

  test('protobuf form starts with swagger "2.0" and carries the definitions', () => {
    const bytes = encodeSwagger(doc);
    assert.deepEqual([...bytes.subarray(0, 5)], [0x0a, 3, ...Buffer.from('2.0')]);
    assert.ok(bytes.includes(Buffer.from('io.k8s.api.core.v1.ConfigMap')));
    assert.ok(bytes.includes(Buffer.from('x-kubernetes-patch-merge-key')));
  });
});

describe('OpenAPI 3.0', () => {
  const docs = buildV3Documents(defs, resources, 'v1.31.0');

  test('one document per group version plus the root ones', () => {
    assert.deepEqual([...docs.keys()].sort(), ['api', 'api/v1', 'apis', 'apis/apps', 'apis/apps/v1', 'apis/stable.example.com', 'apis/stable.example.com/v1', 'version']);
  });

  test('a group version document holds its paths and the schemas they reach, in v3 form', () => {
    const doc = docs.get('api/v1') as { openapi: string; paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, Schema> } };
    assert.equal(doc.openapi, '3.0.0');
    assert.ok(doc.paths['/api/v1/']);
    assert.equal(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments'], undefined);
    const cm = doc.components.schemas['io.k8s.api.core.v1.ConfigMap']!;
    assert.deepEqual(cm['x-kubernetes-group-version-kind'], [{ group: '', kind: 'ConfigMap', version: 'v1' }]);
    assert.deepEqual((cm.properties as Record<string, Schema>).metadata, {
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
      description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    });
    assert.deepEqual(doc.components.schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!.oneOf, [{ type: 'integer' }, { type: 'string' }]);
    assert.deepEqual(doc.components.schemas['io.k8s.apimachinery.pkg.api.resource.Quantity']!.oneOf, [{ type: 'string' }, { type: 'number' }]);
    assert.equal(doc.components.schemas['io.k8s.apimachinery.pkg.api.resource.Quantity']!.type, undefined);
    assert.equal(JSON.stringify(doc).includes('#/definitions/'), false);

    const patch = doc.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']!.patch!;
    assert.deepEqual(Object.keys((patch.requestBody as { content: object }).content), [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/apply-patch+yaml',
    ]);
    assert.deepEqual(
      patch.parameters!.map((p) => p.name),
      ['dryRun', 'fieldManager', 'fieldValidation', 'force'],
    );
    assert.deepEqual(patch.parameters![2]!.schema, { type: 'string', uniqueItems: true });
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', kind: 'ConfigMap', version: 'v1' });
    const post = doc.paths['/api/v1/namespaces/{namespace}/configmaps']!.post!;
    assert.deepEqual(post.requestBody, { content: { '*/*': { schema: { $ref: '#/components/schemas/io.k8s.api.core.v1.ConfigMap' } } }, required: true });
  });

  test('toV3Schema keeps plain references and wraps described ones', () => {
    assert.deepEqual(toV3Schema({ type: 'array', items: { $ref: '#/definitions/a.B' } }), { type: 'array', items: { $ref: '#/components/schemas/a.B' } });
    assert.deepEqual(toV3Schema({ $ref: '#/definitions/a.B', description: 'd' }), { allOf: [{ $ref: '#/components/schemas/a.B' }], description: 'd' });
    assert.deepEqual(toV3Schema({ properties: { $ref: { type: 'string' } } }), { properties: { $ref: { type: 'string' } } });
  });
});
