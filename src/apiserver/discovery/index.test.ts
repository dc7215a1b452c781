import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { type ResourceInfo, standardVerbs } from '../../api/resources';
import { coreFixture as builtinResources } from '../test-fixtures';
import { registerDiscovery } from './index';

const v2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const v2beta1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
const kubectlAccept = `${v2},${v2beta1},application/json`;

function app(resources: () => ResourceInfo[]) {
  const server = Fastify();
  registerDiscovery(server, { resources });
  return server;
}

test('/api and /apis answer the aggregated form asked for, with its exact Content-Type', async () => {
  const server = app(() => builtinResources);
  for (const [accept, contentType, apiVersion] of [
    [kubectlAccept, v2, 'apidiscovery.k8s.io/v2'],
    [`${v2beta1},application/json`, v2beta1, 'apidiscovery.k8s.io/v2beta1'],
  ] as const) {
    for (const url of ['/api', '/apis']) {
      const res = await server.inject({ url, headers: { accept } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], contentType);
      assert.equal(res.json().kind, 'APIGroupDiscoveryList');
      assert.equal(res.json().apiVersion, apiVersion);
    }
  }
  const api = await server.inject({ url: '/api', headers: { accept: kubectlAccept } });
  assert.deepEqual(
    api.json().items[0].versions[0].resources.map((r: { resource: string }) => r.resource),
    ['configmaps', 'events', 'namespaces', 'secrets'],
  );
});

test('plain JSON clients get APIVersions and APIGroupList', async () => {
  const server = app(() => builtinResources);
  const api = await server.inject({ url: '/api', headers: { accept: 'application/json, */*' } });
  assert.equal(api.headers['content-type'], 'application/json');
  assert.deepEqual(api.json().versions, ['v1']);
  assert.equal(api.json().kind, 'APIVersions');
  assert.equal(api.json().serverAddressByClientCIDRs[0].clientCIDR, '0.0.0.0/0');
  const apis = await server.inject({ url: '/apis' });
  assert.deepEqual(apis.json(), { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
  const v1 = await server.inject({ url: '/api/v1' });
  assert.equal(v1.json().kind, 'APIResourceList');
});

test('ETag and If-None-Match', async () => {
  const server = app(() => builtinResources);
  for (const [url, accept] of [
    ['/api', kubectlAccept],
    ['/apis', kubectlAccept],
    ['/api/v1', 'application/json'],
  ]) {
    const first = await server.inject({ url: url!, headers: { accept: accept! } });
    const etag = first.headers.etag as string;
    assert.match(etag, /^"[0-9A-F]{128}"$/);
    const again = await server.inject({ url: url!, headers: { accept: accept!, 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
  }
  // The two aggregated versions and the plain form are different bodies with different tags.
  const tags = await Promise.all([v2, v2beta1, 'application/json'].map(async (accept) => (await server.inject({ url: '/apis', headers: { accept } })).headers.etag));
  assert.equal(new Set(tags).size, 3);
});

test('what is served follows the resource table as it changes', async () => {
  let resources: ResourceInfo[] = [...builtinResources];
  const server = app(() => resources);
  const before = await server.inject({ url: '/apis', headers: { accept: kubectlAccept } });
  assert.deepEqual(before.json().items, []);
  assert.equal((await server.inject({ url: '/apis/stable.example.com/v1' })).statusCode, 404);

  resources = [
    ...resources,
    { group: 'stable.example.com', version: 'v1', resource: 'crontabs', singular: 'crontab', kind: 'CronTab', namespaced: true, shortNames: ['ct'], verbs: standardVerbs },
  ];
  const after = await server.inject({ url: '/apis', headers: { accept: kubectlAccept, 'if-none-match': before.headers.etag as string } });
  assert.equal(after.statusCode, 200);
  assert.notEqual(after.headers.etag, before.headers.etag);
  assert.equal(after.json().items[0].metadata.name, 'stable.example.com');
  const group = await server.inject({ url: '/apis/stable.example.com' });
  assert.deepEqual(group.json().preferredVersion, { groupVersion: 'stable.example.com/v1', version: 'v1' });
  const list = await server.inject({ url: '/apis/stable.example.com/v1' });
  assert.equal(list.json().resources[0].storageVersionHash.length, 12);
});

test('unknown groups and versions are 404 Status, unacceptable types 406', async () => {
  const server = app(() => builtinResources);
  for (const url of ['/api/v2', '/apis/nope', '/apis/nope/v1']) {
    const res = await server.inject({ url });
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.json().kind, 'Status');
    assert.equal(res.json().reason, 'NotFound');
  }
  const res = await server.inject({ url: '/apis', headers: { accept: 'application/vnd.kubernetes.protobuf' } });
  assert.equal(res.statusCode, 406);
  assert.equal(res.json().reason, 'NotAcceptable');
});
