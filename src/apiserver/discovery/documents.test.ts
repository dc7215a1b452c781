import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ResourceInfo, standardVerbs } from '../../api/resources';
import { coreFixture as builtinResources } from '../test-fixtures';
import { negotiate } from './accept';
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, servedGroups, storageVersionHash } from './documents';
import { compareGroups, compareVersions } from './order';

const deployments: ResourceInfo = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  verbs: standardVerbs,
  subresources: ['status', 'scale'],
};
const crontabs = (version: string): ResourceInfo => ({
  group: 'stable.example.com',
  version,
  resource: 'crontabs',
  singular: 'crontab',
  kind: 'CronTab',
  namespaced: true,
  shortNames: ['ct'],
  verbs: standardVerbs,
});
const resources = [...builtinResources, crontabs('v1beta1'), deployments, crontabs('v1')];

describe('order', () => {
  test('groups follow upstream priorities, then name', () => {
    const groups = ['stable.example.com', 'events.k8s.io', 'apps', 'apiregistration.k8s.io', 'a.example.com', '', 'batch'];
    assert.deepEqual(groups.sort(compareGroups), ['apiregistration.k8s.io', '', 'apps', 'events.k8s.io', 'batch', 'a.example.com', 'stable.example.com']);
  });

  test('versions are kube-aware: GA, beta, alpha, then others', () => {
    const versions = ['v1alpha1', 'v2beta1', 'foo', 'v1', 'v1beta2', 'v11alpha2', 'v2', 'v1beta1', 'bar'];
    assert.deepEqual(versions.sort(compareVersions), ['v2', 'v1', 'v2beta1', 'v1beta2', 'v1beta1', 'v11alpha2', 'v1alpha1', 'bar', 'foo']);
  });
});

describe('accept negotiation', () => {
  const offers = [
    { type: 'application', subtype: 'json', params: { g: 'apidiscovery.k8s.io', v: 'v2', as: 'APIGroupDiscoveryList' }, name: 'v2' },
    { type: 'application', subtype: 'json', params: { g: 'apidiscovery.k8s.io', v: 'v2beta1', as: 'APIGroupDiscoveryList' }, name: 'v2beta1' },
    { type: 'application', subtype: 'json', name: 'json' },
  ];
  const cases: Array<[string, string | undefined, string | undefined]> = [
    ['kubectl 1.30+', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json', 'v2'],
    ['kubectl 1.27-1.29', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json', 'v2beta1'],
    ['plain', 'application/json, */*', 'json'],
    ['no header', undefined, 'json'],
    ['wildcard', '*/*', 'json'],
    ['q values reorder', 'application/json;q=0.5, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', 'v2'],
    ['unknown version falls through', 'application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json', 'json'],
    ['protobuf only', 'application/vnd.kubernetes.protobuf', undefined],
    ['q=0 refuses', 'application/json;q=0', undefined],
  ];
  for (const [name, header, want] of cases) {
    test(name, () => assert.equal(negotiate(header, offers)?.name, want));
  }
});

describe('documents', () => {
  const groups = servedGroups(resources);

  test('storageVersionHash matches upstream', () => {
    assert.equal(storageVersionHash('', 'v1', 'ConfigMap'), 'qFsyl6wFWjQ=');
    assert.equal(storageVersionHash('apps', 'v1', 'Deployment'), '8aSe+NMegvE=');
  });

  test('/api lists v1 and where the server is', () => {
    const address = { clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' };
    assert.deepEqual(apiVersions(groups, address), { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [address] });
  });

  test('/apis lists groups by priority with the preferred version first', () => {
    const list = apiGroupList(groups);
    assert.equal(list.kind, 'APIGroupList');
    assert.equal(list.apiVersion, 'v1');
    assert.deepEqual(
      list.groups.map((g) => [g.name, g.versions.map((v) => v.groupVersion), g.preferredVersion.version]),
      [
        ['apps', ['apps/v1'], 'v1'],
        ['stable.example.com', ['stable.example.com/v1', 'stable.example.com/v1beta1'], 'v1'],
      ],
    );
    assert.deepEqual(apiGroup(groups, 'apps'), { kind: 'APIGroup', apiVersion: 'v1', ...list.groups[0] });
    assert.equal(apiGroup(groups, 'nope'), undefined);
    assert.equal(apiGroup(groups, ''), undefined);
  });

  test('/api/v1 lists resources and subresources as upstream does', () => {
    const list = apiResourceList(groups, '', 'v1')!;
    assert.equal(list.kind, 'APIResourceList');
    assert.equal('apiVersion' in list, false, 'the legacy list has no apiVersion upstream');
    assert.equal(list.groupVersion, 'v1');
    assert.deepEqual(
      list.resources.map((r) => r.name),
      ['configmaps', 'events', 'namespaces', 'namespaces/finalize', 'namespaces/status', 'secrets'],
    );
    assert.deepEqual(list.resources[0], {
      name: 'configmaps',
      singularName: 'configmap',
      namespaced: true,
      kind: 'ConfigMap',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['cm'],
      storageVersionHash: 'qFsyl6wFWjQ=',
    });
    assert.deepEqual(list.resources[4], { name: 'namespaces/status', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['get', 'patch', 'update'] });
    assert.deepEqual(list.resources[3], { name: 'namespaces/finalize', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['update'] });
  });

  test('a subresource of another group version names it', () => {
    const list = apiResourceList(groups, 'apps', 'v1')!;
    assert.equal(list.apiVersion, 'v1');
    assert.equal(list.groupVersion, 'apps/v1');
    assert.deepEqual(list.resources[1], {
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
    assert.deepEqual(list.resources[0]!.categories, ['all']);
    assert.equal(apiResourceList(groups, 'apps', 'v2'), undefined);
  });

  test('aggregated /api holds the core group only, named ""', () => {
    const doc = aggregatedDiscovery(groups, 'api', 'v2');
    assert.equal(doc.kind, 'APIGroupDiscoveryList');
    assert.equal(doc.apiVersion, 'apidiscovery.k8s.io/v2');
    assert.deepEqual(doc.items.map((i) => i.metadata.name), ['']);
    const v1 = doc.items[0]!.versions[0]!;
    assert.equal(v1.version, 'v1');
    assert.equal(v1.freshness, 'Current');
    const namespaces = v1.resources.find((r) => r.resource === 'namespaces')!;
    assert.deepEqual(namespaces, {
      resource: 'namespaces',
      responseKind: { group: '', version: '', kind: 'Namespace' },
      scope: 'Cluster',
      singularResource: 'namespace',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['ns'],
      subresources: [
        { subresource: 'finalize', responseKind: { group: '', version: '', kind: 'Namespace' }, verbs: ['update'] },
        { subresource: 'status', responseKind: { group: '', version: '', kind: 'Namespace' }, verbs: ['get', 'patch', 'update'] },
      ],
    });
  });

  test('aggregated /apis lists every other group, versions preferred first', () => {
    const doc = aggregatedDiscovery(groups, 'apis', 'v2beta1');
    assert.equal(doc.apiVersion, 'apidiscovery.k8s.io/v2beta1');
    assert.deepEqual(doc.items.map((i) => [i.metadata.name, i.versions.map((v) => v.version)]), [
      ['apps', ['v1']],
      ['stable.example.com', ['v1', 'v1beta1']],
    ]);
    const deploy = doc.items[0]!.versions[0]!.resources[0]!;
    assert.deepEqual(deploy.subresources, [
      { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
      { subresource: 'status', responseKind: { group: '', version: '', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
    ]);
    assert.deepEqual(deploy.categories, ['all']);
    assert.equal(deploy.scope, 'Namespaced');
  });
});
