/**
 * List and watch resourceVersion semantics, bookmarks, timeouts and 410, through the whole API server
 * in-process (its loopback: same handlers, no sockets), over the memory backend.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { MemoryBackend } from '../storage/memory/backend';
import { silentLogger } from '../util/logger';
import { createApiServer, type ApiServer } from './app';
import { ensureSystemNamespaces } from './bootstrap';
import { registerBuiltins } from './registry/builtin';
import { Registry } from './registry/registry';
import { ServiceAccountTokens } from './serviceaccount/tokens';

const cms = '/api/v1/namespaces/default/configmaps';

describe('list and watch semantics', () => {
  let backend: MemoryBackend;
  let server: ApiServer;
  before(async () => {
    backend = new MemoryBackend({ compactIntervalMs: 0 });
    const registry = new Registry({ backend });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const tokens = new ServiceAccountTokens({
      keys: { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    });
    registerBuiltins(registry, { tokens });
    server = await createApiServer({ registry, backend, logger: silentLogger, tokens, ready: () => true, version: {}, bookmarkIntervalMs: 30 });
    await ensureSystemNamespaces(registry);
  });
  after(async () => {
    await server.app.close();
    await backend.close();
  });

  const req = async (method: string, path: string, body?: unknown) => {
    const r = await server.loopback.request(method, path, body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' });
    return { status: r.status, json: JSON.parse(r.body) };
  };
  const create = async (name: string, v = '1') => (await req('POST', cms, { metadata: { name }, data: { v } })).json;
  const collect = async (query: string, ms: number) => {
    const events: { type: string; object: any }[] = [];
    let ended = false;
    const w = await server.loopback.watch(`${cms}?watch=true&${query}`, (e) => events.push(e as { type: string; object: any }));
    void w.done.then(() => (ended = true));
    await new Promise((r) => setTimeout(r, ms));
    w.stop();
    return { events, ended };
  };

  test('watch with resourceVersion "" or "0" starts with ADDED for what exists', async () => {
    await create('w-a');
    for (const rv of ['', '0']) {
      const { events } = await collect(`resourceVersion=${rv}`, 20);
      assert.ok(events.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'w-a'), `rv=${JSON.stringify(rv)}`);
    }
  });

  test('watch from an exact resourceVersion sends only what came after', async () => {
    const a = await create('w-b');
    await create('w-c');
    const { events } = await collect(`resourceVersion=${a.metadata.resourceVersion}`, 20);
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED w-c']);
  });

  test('bookmarks carry a resourceVersion no older than the last event', async () => {
    const made = await create('w-d');
    const { events } = await collect(`resourceVersion=${made.metadata.resourceVersion}&allowWatchBookmarks=true`, 120);
    const marks = events.filter((e) => e.type === 'BOOKMARK');
    assert.ok(marks.length >= 2, `bookmarks: ${marks.length}`);
    assert.equal(marks[0]!.object.kind, 'ConfigMap');
    assert.ok(Number(marks.at(-1)!.object.metadata.resourceVersion) >= Number(made.metadata.resourceVersion));
  });

  test('timeoutSeconds ends the watch; 0 means the server default', async () => {
    assert.equal((await collect('timeoutSeconds=0', 50)).ended, false);
    assert.equal((await collect('timeoutSeconds=1', 1100)).ended, true);
  });

  test('a compacted resourceVersion: list Exact is 410 Expired; watch sends ERROR 410 and ends', async () => {
    const old = await create('w-e', 'old');
    await req('PUT', `${cms}/w-e`, { metadata: { name: 'w-e' }, data: { v: 'new' } });
    const exact = await req('GET', `${cms}?resourceVersion=${old.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    assert.equal(exact.status, 200, 'before compaction the old state is readable');
    assert.equal(exact.json.items.find((i: any) => i.metadata.name === 'w-e').data.v, 'old');
    await backend.compact(backend.currentRevision());
    const gone = await req('GET', `${cms}?resourceVersion=${old.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    assert.equal(gone.status, 410);
    assert.equal(gone.json.reason, 'Expired');
    const { events, ended } = await collect(`resourceVersion=${old.metadata.resourceVersion}`, 30);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'ERROR');
    assert.equal(events[0]!.object.code, 410);
    assert.equal(ended, true, 'the stream ends after the ERROR event');
  });

  test('list: NotOlderThan reads current; a resourceVersion from the future is 504; bad values are 400', async () => {
    const now = backend.currentRevision();
    assert.equal((await req('GET', `${cms}?resourceVersion=${now}&resourceVersionMatch=NotOlderThan`)).status, 200);
    const future = await req('GET', `${cms}?resourceVersion=${now + 1000}`);
    assert.equal(future.status, 504);
    assert.equal(future.json.details.causes[0].reason, 'ResourceVersionTooLarge');
    assert.equal((await req('GET', `${cms}?resourceVersion=abc`)).status, 400);
    assert.equal((await req('GET', `${cms}?resourceVersionMatch=Exact`)).status, 400);
    assert.equal((await req('GET', `${cms}?resourceVersionMatch=Sometimes&resourceVersion=1`)).status, 400);
  });
});

describe('pods/binding', () => {
  let backend: MemoryBackend;
  let server: ApiServer;
  before(async () => {
    backend = new MemoryBackend({ compactIntervalMs: 0 });
    const registry = new Registry({ backend });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const tokens = new ServiceAccountTokens({
      keys: { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    });
    registerBuiltins(registry, { tokens, services: { backend, serviceCidr: '10.43.0.0/16' } } as Parameters<typeof registerBuiltins>[1]);
    server = await createApiServer({ registry, backend, logger: silentLogger, tokens, ready: () => true, version: {} });
    await ensureSystemNamespaces(registry);
  });
  after(async () => {
    await server.app.close();
    await backend.close();
  });
  const req = async (method: string, path: string, body?: unknown) => {
    const r = await server.loopback.request(method, path, body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' });
    return { status: r.status, json: JSON.parse(r.body) };
  };

  test('a binding assigns the node once and marks the pod scheduled; a second is 409', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    assert.equal((await req('POST', pods, { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } })).status, 201);
    const bound = await req('POST', `${pods}/p/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { kind: 'Node', name: 'node-a' } });
    assert.equal(bound.status, 201);
    assert.equal(bound.json.status, 'Success');
    const pod = (await req('GET', `${pods}/p`)).json;
    assert.equal(pod.spec.nodeName, 'node-a');
    assert.equal(pod.status.conditions.find((c: any) => c.type === 'PodScheduled').status, 'True');
    const again = await req('POST', `${pods}/p/binding`, { metadata: { name: 'p' }, target: { name: 'node-b' } });
    assert.equal(again.status, 409);
    assert.match(again.json.message, /pod p is already assigned to node "node-a"/);
    assert.equal((await req('POST', `${pods}/p/binding`, { metadata: { name: 'p' }, target: {} })).status, 422);
  });
});
