/**
 * Bad input gets a Kubernetes Status with the upstream reason and code, and stores nothing.
 * Written once; run against the server from source and the single executable.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type ServerFlavour, type TestCluster } from '../helpers/cluster';

const cms = '/api/v1/namespaces/default/configmaps';

function assertStatus(r: { status: number; json(): any; body: string }, code: number, reason: string, message?: RegExp) {
  assert.equal(r.status, code, r.body);
  const s = r.json();
  assert.equal(s.kind, 'Status');
  assert.equal(s.apiVersion, 'v1');
  assert.equal(s.status, 'Failure');
  assert.equal(s.code, code);
  assert.equal(s.reason, reason);
  if (message) assert.match(s.message, message);
  return s;
}

export function defineBadInputSuite(flavour: ServerFlavour) {
  describe(`bad input (${flavour})`, () => {
    let c: TestCluster;
    before(async () => {
      c = await startCluster({ flavour });
    });
    after(async () => {
      await c?.stop({ remove: true });
    });

    const count = async () => (await c.http('GET', cms)).json().items.length as number;

    const cases: { name: string; method: string; path: string; body: string | Buffer; contentType?: string; code: number; reason: string; message?: RegExp }[] = [
      { name: 'malformed JSON', method: 'POST', path: cms, body: '{"metadata": {"name": "x"', code: 400, reason: 'BadRequest' },
      { name: 'malformed YAML', method: 'POST', path: cms, body: 'metadata:\n  name: [unclosed\n', contentType: 'application/yaml', code: 400, reason: 'BadRequest' },
      { name: 'a JSON array instead of an object', method: 'POST', path: cms, body: '[1,2]', code: 400, reason: 'BadRequest' },
      { name: 'wrong kind for the resource', method: 'POST', path: cms, body: '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}', code: 400, reason: 'BadRequest' },
      {
        name: 'uppercase name',
        method: 'POST',
        path: cms,
        body: '{"metadata":{"name":"Bad_Name"}}',
        code: 422,
        reason: 'Invalid',
        message: /^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
      },
      { name: 'name too long', method: 'POST', path: cms, body: JSON.stringify({ metadata: { name: 'a'.repeat(254) } }), code: 422, reason: 'Invalid', message: /metadata\.name: Invalid value: "a+": must be no more than 253 characters/ },
      { name: 'missing name', method: 'POST', path: cms, body: '{"metadata":{}}', code: 422, reason: 'Invalid', message: /metadata\.name: Required value: name or generateName is required/ },
      { name: 'bad data key', method: 'POST', path: cms, body: '{"metadata":{"name":"k"},"data":{"bad key":"v"}}', code: 422, reason: 'Invalid', message: /data\[bad key\]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters/ },
      { name: 'namespace in body differs from the URL', method: 'POST', path: cms, body: '{"metadata":{"name":"n","namespace":"kube-system"}}', code: 400, reason: 'BadRequest', message: /does not match the namespace/ },
      { name: 'unknown namespace', method: 'POST', path: '/api/v1/namespaces/nope/configmaps', body: '{"metadata":{"name":"x"}}', code: 404, reason: 'NotFound', message: /^namespaces "nope" not found$/ },
      { name: 'unknown resource', method: 'POST', path: '/api/v1/namespaces/default/widgets', body: '{"metadata":{"name":"x"}}', code: 404, reason: 'NotFound' },
      { name: 'body over 3 MiB', method: 'POST', path: cms, body: JSON.stringify({ metadata: { name: 'big' }, data: { x: 'a'.repeat(3 * 1024 * 1024 + 10) } }), code: 413, reason: 'RequestEntityTooLarge' },
    ];
    for (const tc of cases) {
      test(tc.name, async () => {
        const before = await count();
        const r = await c.http(tc.method, tc.path, { body: tc.body, contentType: tc.contentType });
        const s = assertStatus(r, tc.code, tc.reason, tc.message);
        if (tc.code === 422) assert.ok(s.details.causes.length > 0, 'a 422 names the failing fields in details.causes');
        assert.equal(await count(), before, 'nothing was stored');
      });
    }

    test('create of an existing object is 409 AlreadyExists', async () => {
      const body = '{"metadata":{"name":"twice"}}';
      assert.equal((await c.http('POST', cms, { body })).status, 201);
      assertStatus(await c.http('POST', cms, { body }), 409, 'AlreadyExists', /^configmaps "twice" already exists$/);
    });

    test('update with a stale resourceVersion is 409 Conflict and changes nothing', async () => {
      const created = (await c.http('POST', cms, { body: '{"metadata":{"name":"cas"},"data":{"v":"1"}}' })).json();
      const rv = created.metadata.resourceVersion;
      const first = await c.http('PUT', `${cms}/cas`, { body: JSON.stringify({ metadata: { name: 'cas', resourceVersion: rv }, data: { v: '2' } }) });
      assert.equal(first.status, 200, first.body);
      assert.ok(Number(first.json().metadata.resourceVersion) > Number(rv));
      assertStatus(
        await c.http('PUT', `${cms}/cas`, { body: JSON.stringify({ metadata: { name: 'cas', resourceVersion: rv }, data: { v: '3' } }) }),
        409,
        'Conflict',
        /^Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again$/,
      );
      assert.equal((await c.http('GET', `${cms}/cas`)).json().data.v, '2');
    });

    test('unknown fields: Strict rejects, the default warns and drops them', async () => {
      const body = '{"metadata":{"name":"strict"},"data":{"a":"1"},"spec":{"x":1}}';
      assertStatus(await c.http('POST', `${cms}?fieldValidation=Strict`, { body }), 400, 'BadRequest', /^ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"$/);
      assert.equal((await c.http('GET', `${cms}/strict`)).status, 404);
      const warned = await c.http('POST', cms, { body });
      assert.equal(warned.status, 201);
      assert.match(String(warned.headers.warning), /299 - "unknown field \\"spec\\""/);
      assert.equal(warned.json().spec, undefined);
      assertStatus(await c.http('POST', `${cms}?fieldValidation=Bogus`, { body }), 400, 'BadRequest');
    });

    test('get of a missing object is 404 NotFound', async () => {
      assertStatus(await c.http('GET', `${cms}/missing`), 404, 'NotFound', /^configmaps "missing" not found$/);
    });

    test('an unknown path is 404 NotFound', async () => {
      assertStatus(await c.http('GET', '/apis/nope.example.com/v1/things'), 404, 'NotFound');
    });

    test('a bad label selector is 400', async () => {
      assertStatus(await c.http('GET', `${cms}?labelSelector=${encodeURIComponent('a in (b')}`), 400, 'BadRequest');
    });

    test('an unsupported field selector is 400', async () => {
      assertStatus(await c.http('GET', `${cms}?fieldSelector=spec.nope%3Dx`), 400, 'BadRequest', /field label not supported: spec\.nope/);
    });

    test('a patch that does not apply is 422 and changes nothing', async () => {
      await c.http('POST', cms, { body: '{"metadata":{"name":"p"},"data":{"a":"1"}}' });
      const r = await c.http('PATCH', `${cms}/p`, { body: '[{"op":"test","path":"/data/a","value":"2"},{"op":"remove","path":"/data/a"}]', contentType: 'application/json-patch+json' });
      assertStatus(r, 422, 'Invalid');
      assert.equal((await c.http('GET', `${cms}/p`)).json().data.a, '1');
    });

    test('deleting a system namespace is forbidden', async () => {
      assertStatus(await c.http('DELETE', '/api/v1/namespaces/kube-system'), 403, 'Forbidden', /this namespace may not be deleted/);
    });

    test('requests without a client certificate are 401 Unauthorized', async () => {
      const r = await fetchInsecure(`${c.url}/api/v1/namespaces`);
      assert.equal(r.status, 401);
      assert.equal(JSON.parse(r.body).reason, 'Unauthorized');
      assert.equal((await fetchInsecure(`${c.url}/readyz`)).status, 200, '/readyz is public');
    });
  });
}

async function fetchInsecure(url: string): Promise<{ status: number; body: string }> {
  const { request } = await import('node:https');
  return new Promise((res, rej) => {
    const req = request(url, { rejectUnauthorized: false }, (resp) => {
      let body = '';
      resp.on('data', (d) => (body += d));
      resp.on('end', () => res({ status: resp.statusCode ?? 0, body }));
    });
    req.on('error', rej);
    req.end();
  });
}
