// The real kubectl against OpenAPI: explain (v3, and v2 in protobuf for kubectl ≤1.28 and
// --output=plaintext-openapiv2), and apply, which reads patch keys and fieldValidation support from it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ResourceInfo, standardVerbs } from '../../api/resources';
import { coreFixture as builtinResources } from '../test-fixtures';
import { kubectlBinaries, runKubectl, squash, startTestServer, type TestServer } from '../discovery/kubectl-harness';
import { loadDefinitions, type Schema } from './definitions';

/** Pods are not in the table yet; these tests serve them. */
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
  subresources: ['status', 'log', 'exec'],
};
const resources = [...builtinResources, pods];
const binaries = kubectlBinaries();
const defs = loadDefinitions();
const description = (type: string, field?: string) => {
  const schema = field ? (defs[type]!.properties as Record<string, Schema>)[field]! : defs[type]!;
  return squash(schema.description as string);
};

const oldPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } };
const newPod = { ...oldPod, spec: { containers: [{ name: 'app', image: 'nginx:2' }, { name: 'sidecar', image: 'busybox' }] } };

/** A stand-in for the pod routes: GET answers the old pod as last applied; PATCH is recorded. */
function podRoutes(patches: Array<{ contentType: string; url: string; body: Record<string, unknown> }>) {
  return (app: TestServer['app']) => {
    const current = {
      ...oldPod,
      metadata: {
        ...oldPod.metadata,
        uid: 'a1b2',
        resourceVersion: '7',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(oldPod) },
      },
    };
    app.addContentTypeParser(/^application\/.*json$/, { parseAs: 'string' }, (_req, body, done) => done(null, JSON.parse(body as string)));
    app.get('/api/v1/namespaces/default/pods/web', async () => current);
    app.patch('/api/v1/namespaces/default/pods/web', async (req) => {
      patches.push({ contentType: String(req.headers['content-type']), url: req.url, body: req.body as Record<string, unknown> });
      return current;
    });
  };
}

describe('kubectl explain and apply', { skip: binaries.length === 0 ? 'kubectl is not installed' : false }, () => {
  let server: TestServer;
  const patches: Array<{ contentType: string; url: string; body: Record<string, unknown> }> = [];
  before(async () => {
    server = await startTestServer(() => resources, podRoutes(patches));
  });
  after(() => server.close());

  for (const bin of binaries) {
    test(`${bin.name} explain configmap`, async () => {
      const { code, stdout, stderr } = await runKubectl(bin, server.url, ['explain', 'configmap']);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^KIND:\s+ConfigMap\nVERSION:\s+v1\n/);
      assert.ok(squash(stdout).includes(description('io.k8s.api.core.v1.ConfigMap')), stdout);
      assert.ok(squash(stdout).includes(description('io.k8s.api.core.v1.ConfigMap', 'immutable')), stdout);
      assert.match(stdout, /\n\s+binaryData\t<map\[string\]string>\n/);
      assert.match(stdout, /\n\s+metadata\t<ObjectMeta>\n/);
    });

    test(`${bin.name} explain configmap.metadata.labels`, async () => {
      const { code, stdout, stderr } = await runKubectl(bin, server.url, ['explain', 'configmap.metadata.labels']);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /FIELD:\s+labels <map\[string\]string>/);
      assert.ok(squash(stdout).includes(description('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'labels')), stdout);
    });

    test(`${bin.name} explain pods.spec.containers`, async () => {
      const { code, stdout, stderr } = await runKubectl(bin, server.url, ['explain', 'pods.spec.containers']);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^KIND:\s+Pod\n/);
      assert.match(stdout, /FIELD:\s+containers <\[\]Container>/);
      assert.ok(squash(stdout).includes(description('io.k8s.api.core.v1.PodSpec', 'containers')), stdout);
      assert.match(stdout, /\n\s+image\t<string>\n/);
      assert.match(stdout, /\n\s+ports\t<\[\]ContainerPort>\n/);
    });

    test(`${bin.name} explain from OpenAPI v2 (protobuf)`, async () => {
      const { code, stdout, stderr } = await runKubectl(bin, server.url, ['explain', 'configmap.data', '--output=plaintext-openapiv2']);
      assert.equal(code, 0, stderr);
      assert.ok(squash(stdout).includes(description('io.k8s.api.core.v1.ConfigMap', 'data')), stdout);
    });

    test(`${bin.name} apply builds a strategic merge patch from our patch keys and asks for strict field validation`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'skiff-apply-'));
      const file = join(dir, 'pod.json');
      writeFileSync(file, JSON.stringify(newPod));
      const seen = patches.length;
      const requestsBefore = server.requests.length;
      const { code, stderr } = await runKubectl(bin, server.url, ['apply', '-f', file]);
      assert.equal(code, 0, stderr);
      const fetched = server.requests.slice(requestsBefore).map((r) => r.line);
      assert.ok(fetched.some((l) => l.startsWith('GET /openapi/v3/api/v1?hash=')), fetched.join(', '));
      assert.doesNotMatch(stderr, /warning/i);
      const patch = patches[seen]!;
      assert.equal(patch.contentType.split(';')[0], 'application/strategic-merge-patch+json');
      assert.match(patch.url, /[?&]fieldValidation=Strict(&|$)/);
      assert.deepEqual((patch.body.spec as Record<string, unknown>)['$setElementOrder/containers'], [{ name: 'app' }, { name: 'sidecar' }]);
    });
  }
});
