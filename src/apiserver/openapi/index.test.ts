import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { type ResourceInfo, standardVerbs } from '../../api/resources';
import { coreFixture as builtinResources } from '../test-fixtures';
import { registerOpenAPI } from './index';

const definitionsModule = require.resolve('./definitions.json');

function app(resources: () => ResourceInfo[]) {
  const server = Fastify();
  registerOpenAPI(server, { resources, version: 'v1.31.0' });
  return server;
}

test('nothing is loaded or built until the first OpenAPI request', async () => {
  // This file's process has not loaded the definitions yet (node --test runs each file apart).
  assert.equal(require.cache[definitionsModule], undefined);
  const server = app(() => builtinResources);
  await server.ready();
  assert.equal(require.cache[definitionsModule], undefined, 'registering must not load definitions.json');
  const res = await server.inject({ url: '/openapi/v2', headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 200);
  assert.ok(require.cache[definitionsModule]);
});

test('/openapi/v2 negotiates JSON or protobuf, 406 otherwise', async () => {
  const server = app(() => builtinResources);
  const cases: Array<[string | undefined, number, string | undefined]> = [
    ['application/json', 200, 'application/json'],
    ['*/*', 200, 'application/json'],
    [undefined, 200, 'application/json'],
    ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 200, 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'],
    ['application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 200, 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'],
    ['text/html', 406, 'application/json'],
  ];
  for (const [accept, code, contentType] of cases) {
    const res = await server.inject({ url: '/openapi/v2', headers: accept ? { accept } : {} });
    assert.equal(res.statusCode, code, String(accept));
    assert.equal(res.headers['content-type'], contentType, String(accept));
  }
  const json = await server.inject({ url: '/openapi/v2' });
  assert.equal(json.json().swagger, '2.0');
  const again = await server.inject({ url: '/openapi/v2', headers: { 'if-none-match': json.headers.etag as string } });
  assert.equal(again.statusCode, 304);
});

test('/openapi/v3 index points at each document by hash; hashed URLs are immutable', async () => {
  const server = app(() => builtinResources);
  const index = await server.inject({ url: '/openapi/v3' });
  assert.equal(index.statusCode, 200);
  const paths = index.json().paths as Record<string, { serverRelativeURL: string }>;
  assert.deepEqual(Object.keys(paths), ['api', 'api/v1', 'apis', 'version']);
  const url = paths['api/v1']!.serverRelativeURL;
  assert.match(url, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);

  const doc = await server.inject({ url });
  assert.equal(doc.statusCode, 200);
  assert.equal(doc.headers['content-type'], 'application/json');
  assert.equal(doc.headers['cache-control'], 'public, immutable');
  assert.ok(Date.parse(doc.headers.expires as string) > Date.now() + 300 * 24 * 3600 * 1000);
  assert.equal(doc.headers.etag, `"${url.split('hash=')[1]}"`);
  assert.ok(doc.json().components.schemas['io.k8s.api.core.v1.ConfigMap']);

  const plain = await server.inject({ url: '/openapi/v3/api/v1' });
  assert.equal(plain.statusCode, 200);
  assert.equal(plain.headers['cache-control'], undefined);
  const notModified = await server.inject({ url: '/openapi/v3/api/v1', headers: { 'if-none-match': plain.headers.etag as string } });
  assert.equal(notModified.statusCode, 304);

  const stale = await server.inject({ url: '/openapi/v3/api/v1?hash=0123' });
  assert.equal(stale.statusCode, 301);
  assert.equal(stale.headers.location, url);

  assert.equal((await server.inject({ url: '/openapi/v3/apis/nope/v1' })).statusCode, 404);
  assert.equal((await server.inject({ url: '/openapi/v3/api/v1', headers: { accept: 'text/html' } })).statusCode, 406);
});

test('documents follow the resource table as it changes', async () => {
  let resources: ResourceInfo[] = [...builtinResources];
  const server = app(() => resources);
  const before = (await server.inject({ url: '/openapi/v3' })).json().paths;
  const v2Before = await server.inject({ url: '/openapi/v2' });
  resources = [
    ...resources,
    { group: 'stable.example.com', version: 'v1', resource: 'crontabs', singular: 'crontab', kind: 'CronTab', namespaced: true, verbs: standardVerbs },
  ];
  const after = (await server.inject({ url: '/openapi/v3' })).json().paths;
  assert.ok(after['apis/stable.example.com/v1']);
  assert.equal(before['apis/stable.example.com/v1'], undefined);
  const v2After = await server.inject({ url: '/openapi/v2', headers: { 'if-none-match': v2Before.headers.etag as string } });
  assert.equal(v2After.statusCode, 200);
  assert.ok(v2After.json().paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs']);
});

test('large documents are gzipped for clients that ask', async () => {
  const pods: ResourceInfo = { group: '', version: 'v1', resource: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, verbs: standardVerbs };
  const server = app(() => [...builtinResources, pods]);
  const res = await server.inject({ url: '/openapi/v2', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.equal(res.headers.vary, 'Accept, Accept-Encoding');
});
