/**
 * CustomResourceDefinitions end to end with the real kubectl: a CRD is served within a second,
 * discovery, explain, Table columns, validation, pruning, defaulting, the status subresource, and
 * deleting the CRD deletes its objects. Run with the installed kubectl and, where present, 1.27 and 1.33.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlBinary, startCluster, type TestCluster } from '../helpers/cluster';

function ok(r: { code: number; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.code, 0, `${what} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function crdManifest(group: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${group}
spec:
  group: ${group}
  scope: Namespaced
  names:
    plural: widgets
    kind: Widget
    shortNames: [wdg]
    categories: [all]
  versions:
  - name: v1beta1
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
    selectableFields:
    - jsonPath: .spec.size
    additionalPrinterColumns:
    - name: Size
      type: string
      jsonPath: .spec.size
    - name: Replicas
      type: integer
      jsonPath: .spec.replicas
    - name: Phase
      type: string
      jsonPath: .status.phase
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
    schema:
      openAPIV3Schema:
        type: object
        description: A Widget is a test object.
        properties:
          metadata:
            type: object
          spec:
            type: object
            description: The widget's desired state.
            required: [replicas]
            properties:
              size:
                type: string
                description: How big the widget is.
                enum: [small, large]
                default: small
              replicas:
                type: integer
                minimum: 0
                description: How many copies.
          status:
            type: object
            properties:
              phase:
                type: string
              replicas:
                type: integer
`;
}

const widget = (group: string, name: string, spec: string) => `apiVersion: ${group}/v1
kind: Widget
metadata:
  name: ${name}
spec:
${spec}
`;

function crdChecks(getCluster: () => TestCluster, bin: string, tag: string) {
  const k = (args: string[], input?: string) => getCluster().kubectl(args, { bin, input });
  const group = `k${tag.replace(/\./g, '')}.example.com`;
  const crd = `widgets.${group}`;
  const ns = `crd-${tag.replace(/\./g, '-')}`;

  test('apply the CRD and wait for it to be established', () => {
    ok(k(['create', 'namespace', ns]), 'create ns');
    assert.match(ok(k(['apply', '-f', '-'], crdManifest(group)), 'apply crd'), /created/);
    ok(k(['wait', '--for', 'condition=established', '--timeout=10s', `crd/${crd}`]), 'wait established');
    const status = JSON.parse(ok(k(['get', 'crd', crd, '-o', 'json']), 'get crd')).status;
    assert.equal(status.acceptedNames.kind, 'Widget');
    assert.equal(status.acceptedNames.singular, 'widget');
    assert.equal(status.acceptedNames.listKind, 'WidgetList');
  });

  test('api-resources lists it with its short name', () => {
    const out = ok(k(['api-resources', '--api-group', group]), 'api-resources');
    assert.match(out, new RegExp(`^widgets\\s+wdg\\s+${group}/v1\\s+true\\s+Widget$`, 'm'));
  });

  test('explain shows the schema descriptions', () => {
    const out = ok(k(['explain', `widgets.spec`, '--api-version', `${group}/v1`]), 'explain');
    assert.match(out, /The widget's desired state/);
    assert.match(out, /How many copies/);
  });

  test('create a widget; defaults applied; get by short name shows the columns', () => {
    ok(k(['apply', '-n', ns, '-f', '-'], widget(group, 'w1', '  replicas: 3')), 'create widget');
    const obj = JSON.parse(ok(k(['get', `widgets.${group}`, 'w1', '-n', ns, '-o', 'json']), 'get json'));
    assert.equal(obj.spec.size, 'small');
    assert.equal(obj.metadata.generation, 1);
    const out = ok(k(['get', 'wdg', '-n', ns]), 'get wdg');
    assert.match(out.split('\n')[0]!, /^NAME\s+SIZE\s+REPLICAS\s+PHASE\s+AGE$/);
    assert.match(out, /^w1\s+small\s+3\s+\d+s$/m);
  });

  test('a selectable field filters with --field-selector', () => {
    ok(k(['apply', '-n', ns, '-f', '-'], widget(group, 'big', '  replicas: 1\n  size: large')), 'create big');
    assert.equal(ok(k(['get', 'wdg', '-n', ns, '--field-selector', 'spec.size=large', '-o', 'name']), 'select').trim(), `widget.${group}/big`);
    ok(k(['delete', 'wdg', 'big', '-n', ns]), 'delete big');
  });

  test('server-side apply creates and updates a widget', () => {
    ok(k(['apply', '--server-side', '-n', ns, '-f', '-'], widget(group, 'ssa', '  replicas: 1')), 'ssa create');
    ok(k(['apply', '--server-side', '-n', ns, '-f', '-'], widget(group, 'ssa', '  replicas: 2\n  size: large')), 'ssa update');
    const obj = JSON.parse(ok(k(['get', 'wdg', 'ssa', '-n', ns, '-o', 'json']), 'get ssa'));
    assert.deepEqual(obj.spec, { replicas: 2, size: 'large' });
    ok(k(['delete', 'wdg', 'ssa', '-n', ns]), 'delete ssa');
  });

  test('get all includes the category', () => {
    const out = ok(k(['get', 'all', '-n', ns]), 'get all');
    assert.match(out, new RegExp(`widget\\.${group.replace(/\./g, '\\.')}/w1`));
  });

  test('an invalid widget is rejected naming the field', () => {
    const r = k(['create', '-n', ns, '-f', '-'], widget(group, 'bad', '  replicas: -1\n  size: huge'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /is invalid/);
    assert.match(r.stderr, /spec\.replicas: Invalid value: -1: spec\.replicas in body should be greater than or equal to 0/);
    assert.match(r.stderr, /spec\.size: Unsupported value: "huge": supported values: "small", "large"/);
    const missing = k(['create', '-n', ns, '-f', '-'], widget(group, 'bad2', '  size: large'));
    assert.match(missing.stderr, /spec\.replicas: Required value/);
  });

  test("unknown fields are rejected by kubectl's default Strict validation", () => {
    const r = k(['create', '-n', ns, '-f', '-'], widget(group, 'typo', '  replicas: 1\n  color: red'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /unknown field "spec\.color"/);
  });

  test('unknown fields are pruned', () => {
    ok(k(['create', '-n', ns, '--validate=false', '-f', '-'], widget(group, 'w2', '  replicas: 1\n  color: red')), 'create w2');
    const obj = JSON.parse(ok(k(['get', 'wdg', 'w2', '-n', ns, '-o', 'json']), 'get w2'));
    assert.equal(obj.spec.color, undefined);
    assert.equal(obj.spec.replicas, 1);
  });

  test('patch --subresource=status changes only status; spec changes bump generation', () => {
    const patch = JSON.stringify({ spec: { replicas: 9 }, status: { phase: 'Ready' } });
    ok(k(['patch', 'wdg', 'w1', '-n', ns, '--subresource=status', '--type=merge', '-p', patch]), 'patch status');
    let obj = JSON.parse(ok(k(['get', 'wdg', 'w1', '-n', ns, '-o', 'json']), 'get'));
    assert.equal(obj.status.phase, 'Ready');
    assert.equal(obj.spec.replicas, 3);
    assert.equal(obj.metadata.generation, 1);
    ok(k(['patch', 'wdg', 'w1', '-n', ns, '--type=merge', '-p', JSON.stringify({ spec: { replicas: 4 }, status: { phase: 'Lost' } })]), 'patch spec');
    obj = JSON.parse(ok(k(['get', 'wdg', 'w1', '-n', ns, '-o', 'json']), 'get'));
    assert.equal(obj.spec.replicas, 4);
    assert.equal(obj.status.phase, 'Ready');
    assert.equal(obj.metadata.generation, 2);
  });

  test('kubectl scale goes through the scale subresource', async () => {
    assert.match(ok(k(['scale', 'wdg', 'w1', '-n', ns, '--replicas=6']), 'scale'), /scaled/);
    const obj = JSON.parse(ok(k(['get', 'wdg', 'w1', '-n', ns, '-o', 'json']), 'get'));
    assert.equal(obj.spec.replicas, 6);
    assert.equal(obj.metadata.generation, 3);
    const res = await getCluster().http('GET', `/apis/${group}/v1/namespaces/${ns}/widgets/w1/scale`);
    const scale = res.json();
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.apiVersion, 'autoscaling/v1');
    assert.equal(scale.spec.replicas, 6);
  });

  test('every served version reads the same object', () => {
    const obj = JSON.parse(ok(k(['get', `widgets.v1beta1.${group}`, 'w1', '-n', ns, '-o', 'json']), 'get v1beta1'));
    assert.equal(obj.apiVersion, `${group}/v1beta1`);
    assert.equal(obj.spec.replicas, 6);
  });

  test('deleting the CRD deletes the widgets and stops serving them', () => {
    ok(k(['delete', 'crd', crd, '--timeout=20s']), 'delete crd');
    const r = k(['get', `widgets.${group}`, '-n', ns]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /the server doesn't have a resource type|NotFound|not found/);
    const raw = getCluster().http('GET', `/apis/${group}/v1/namespaces/${ns}/widgets`);
    return raw.then((res) => assert.equal(res.status, 404));
  });
}

describe('CustomResourceDefinitions with kubectl', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startCluster();
  });
  after(async () => {
    await cluster?.stop({ remove: true });
  });
  const get = () => cluster;
  describe('kubectl (installed)', () => crdChecks(get, 'kubectl', 'cur'));
  for (const version of ['1.27', '1.33']) {
    const bin = kubectlBinary(version);
    describe(`kubectl ${version}`, { skip: bin ? false : `kubectl.${version} not installed` }, () => crdChecks(get, bin ?? 'kubectl', version));
  }
});

const clusterCRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gizmos.cluster.example.com
spec:
  group: cluster.example.com
  scope: Cluster
  names: {plural: gizmos, kind: Gizmo}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              mode: {type: string, default: auto}
`;

describe('CustomResourceDefinitions: scope, changes, bad CRDs and restarts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-crd-'));
  let cluster: TestCluster;
  const k = (args: string[], input?: string) => cluster.kubectl(args, { input });
  before(async () => {
    cluster = await startCluster({ dataDir });
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a cluster-scoped CRD without printer columns shows NAME and AGE', () => {
    ok(k(['apply', '-f', '-'], clusterCRD), 'apply');
    ok(k(['wait', '--for=condition=established', '--timeout=10s', 'crd/gizmos.cluster.example.com']), 'wait');
    ok(k(['apply', '-f', '-'], 'apiVersion: cluster.example.com/v1\nkind: Gizmo\nmetadata:\n  name: g1\nspec: {}\n'), 'create gizmo');
    const out = ok(k(['get', 'gizmos']), 'get gizmos');
    assert.match(out, /^NAME\s+AGE\ng1\s+\d+s\n$/);
    assert.match(ok(k(['api-resources', '--api-group=cluster.example.com']), 'api-resources'), /^gizmos\s+cluster\.example\.com\/v1\s+false\s+Gizmo$/m);
    assert.equal(JSON.parse(ok(k(['get', 'gizmo', 'g1', '-o', 'json']), 'get')).spec.mode, 'auto');
  });

  test('a custom listKind names the lists, in responses and OpenAPI', async () => {
    const crd = clusterCRD.replaceAll('gizmos', 'gadgets').replace('kind: Gizmo}', 'kind: Gadget, listKind: GadgetCollection}');
    ok(k(['apply', '-f', '-'], crd), 'apply');
    ok(k(['wait', '--for=condition=established', '--timeout=10s', 'crd/gadgets.cluster.example.com']), 'wait');
    ok(k(['apply', '-f', '-'], 'apiVersion: cluster.example.com/v1\nkind: Gadget\nmetadata:\n  name: g1\nspec: {}\n'), 'create gadget');
    const list = await cluster.http('GET', '/apis/cluster.example.com/v1/gadgets');
    assert.equal(list.status, 200);
    assert.equal(list.json().kind, 'GadgetCollection');
    assert.deepEqual(list.json().items.map((i: { metadata: { name: string } }) => i.metadata.name), ['g1']);
    assert.match(ok(k(['get', 'gadgets']), 'get'), /^NAME\s+AGE\ng1\s/);
    const openapi = (await cluster.http('GET', '/openapi/v3/apis/cluster.example.com/v1')).json();
    const schemas = openapi.components.schemas as Record<string, { properties?: { items?: { items?: { $ref?: string } } } }>;
    assert.match(schemas['com.example.cluster.v1.GadgetCollection']?.properties?.items?.items?.$ref ?? '', /com\.example\.cluster\.v1\.Gadget$/);
  });

  test('a CRD with a non-structural schema or a bad name is rejected', () => {
    const bad = clusterCRD.replace('mode: {type: string, default: auto}', 'mode: {default: auto}').replace('name: gizmos.cluster', 'name: things.cluster');
    const r = k(['apply', '-f', '-'], bad);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /CustomResourceDefinition "things.cluster.example.com" is invalid/);
    assert.match(r.stderr, /metadata.name: Invalid value: "things.cluster.example.com": must be spec.names.plural\+"."\+spec.group/);
    assert.match(r.stderr, /spec.versions\[0\].schema.openAPIV3Schema.properties\[spec\].properties\[mode\].type: Required value: must not be empty for specified object fields/);
  });

  test('adding a version to the CRD serves it', () => {
    const twoVersions = clusterCRD.replace('  versions:\n', '  versions:\n  - name: v2\n    served: true\n    storage: false\n    schema:\n      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}\n');
    ok(k(['apply', '-f', '-'], twoVersions), 'apply v2');
    let got: { code: number; stdout: string } = { code: 1, stdout: '' };
    for (let i = 0; i < 20 && got.code !== 0; i++) got = k(['get', 'gizmos.v2.cluster.example.com', 'g1', '-o', 'json']);
    assert.equal(JSON.parse(got.stdout).apiVersion, 'cluster.example.com/v2');
  });

  test('deleting a namespace deletes its custom resources', () => {
    ok(k(['apply', '-f', '-'], crdManifest('ns.example.com')), 'apply crd');
    ok(k(['wait', '--for=condition=established', '--timeout=10s', 'crd/widgets.ns.example.com']), 'wait');
    ok(k(['create', 'namespace', 'doomed']), 'create ns');
    ok(k(['apply', '-n', 'doomed', '-f', '-'], widget('ns.example.com', 'w', '  replicas: 1')), 'create widget');
    ok(k(['delete', 'namespace', 'doomed', '--timeout=30s']), 'delete ns');
    const r = k(['get', 'widgets.ns.example.com', '-A', '-o', 'name']);
    assert.equal(r.stdout.trim(), '');
  });

  test('custom resources are served again right after a restart', async () => {
    assert.equal(await cluster.stop(), 0);
    cluster = await startCluster({ dataDir });
    const out = ok(k(['get', 'gizmos', 'g1', '-o', 'name']), 'get after restart');
    assert.equal(out.trim(), 'gizmo.cluster.example.com/g1');
  });
});
