/**
 * What a user does with kubectl against a fresh cluster, written once and run against the server from
 * source and against the built single executable, with several kubectl versions.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlBinary, startCluster, type ServerFlavour, type TestCluster } from '../helpers/cluster';

function ok(r: { code: number; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.code, 0, `${what} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** The checks every supported kubectl version must pass. */
function coreChecks(getCluster: () => TestCluster, bin: string, tag: string) {
  const k = (args: string[], input?: string) => getCluster().kubectl(args, { bin, input });
  const ns = `core-${tag.replace(/\./g, '-')}`;

  test('version shows client and server', () => {
    const out = ok(k(['version']), 'kubectl version');
    // kubectl 1.27 prints version.Info{...}; later ones print the bare version.
    assert.match(out, /Client Version: .*v1\.\d+/);
    assert.match(out, /Server Version: .*v1\.31\.0\+skiff/);
  });

  test('api-resources lists the served resources', () => {
    const out = ok(k(['api-resources']), 'api-resources');
    assert.match(out.split('\n')[0]!, /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND/);
    assert.match(out, /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
    assert.match(out, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    assert.match(out, /^secrets\s+v1\s+true\s+Secret$/m);
  });

  test('get ns shows the system namespaces', () => {
    const out = ok(k(['get', 'ns']), 'get ns');
    assert.match(out.split('\n')[0]!, /^NAME\s+STATUS\s+AGE$/);
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.match(out, new RegExp(`^${name}\\s+Active\\s+\\d+s$`, 'm'));
  });

  test('create namespace, configmap from literals, get it back as yaml and json', () => {
    ok(k(['create', 'namespace', ns]), 'create ns');
    assert.equal(ok(k(['create', 'configmap', 'app', '-n', ns, '--from-literal=a=1', '--from-literal=b=two']), 'create cm').trim(), 'configmap/app created');
    const yaml = ok(k(['get', 'cm', 'app', '-n', ns, '-o', 'yaml']), 'get -o yaml');
    assert.match(yaml, /^apiVersion: v1$/m);
    assert.match(yaml, /^kind: ConfigMap$/m);
    assert.match(yaml, /^ {2}a: "1"$/m);
    const obj = JSON.parse(ok(k(['get', 'cm', 'app', '-n', ns, '-o', 'json']), 'get -o json'));
    assert.deepEqual(obj.data, { a: '1', b: 'two' });
    assert.match(obj.metadata.resourceVersion, /^\d+$/);
    assert.match(obj.metadata.uid, /^[0-9a-f-]{36}$/);
  });

  test('apply twice: created, then unchanged; then configured', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-apply-'));
    const file = join(dir, 'cm.yaml');
    writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: ${ns}\ndata:\n  key: value\n`);
    assert.equal(ok(k(['apply', '-f', file]), 'apply 1').trim(), 'configmap/applied created');
    assert.equal(ok(k(['apply', '-f', file]), 'apply 2').trim(), 'configmap/applied unchanged');
    writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: ${ns}\ndata:\n  key: other\n`);
    assert.equal(ok(k(['apply', '-f', file]), 'apply 3').trim(), 'configmap/applied configured');
    assert.equal(ok(k(['get', 'cm', 'applied', '-n', ns, '-o', 'jsonpath={.data.key}']), 'get'), 'other');
  });

  test('delete removes the object', () => {
    assert.equal(ok(k(['delete', 'cm', 'app', '-n', ns]), 'delete').trim(), 'configmap "app" deleted');
    const r = k(['get', 'cm', 'app', '-n', ns]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /configmaps "app" not found/);
  });
}

export function defineKubectlSuite(flavour: ServerFlavour) {
  describe(`kubectl against skiff (${flavour})`, () => {
    let cluster: TestCluster;
    before(async () => {
      cluster = await startCluster({ flavour });
    });
    after(async () => {
      await cluster?.stop({ remove: true });
    });
    const get = () => cluster;

    describe('kubectl (installed)', () => coreChecks(get, 'kubectl', 'default'));
    for (const version of ['1.27', '1.33']) {
      const bin = kubectlBinary(version);
      describe(`kubectl ${version}`, { skip: bin ? false : `kubectl.${version} not installed` }, () => coreChecks(get, bin!, version));
    }

    describe('more kubectl', () => {
      const k = (args: string[], input?: string) => cluster.kubectl(args, { input });
      const ns = 'more';
      before(() => ok(k(['create', 'ns', ns]), 'create ns'));

      test('get -o wide and the Table columns of configmaps and secrets', () => {
        ok(k(['create', 'cm', 'wide', '-n', ns, '--from-literal=x=y']), 'create');
        const out = ok(k(['get', 'cm', '-n', ns, '-o', 'wide']), 'get -o wide');
        assert.match(out.split('\n')[0]!, /^NAME\s+DATA\s+AGE$/);
        assert.match(out, /^wide\s+1\s+\d+s$/m);
      });

      test('create secret generic; data is base64; table shows TYPE', () => {
        assert.equal(ok(k(['create', 'secret', 'generic', 'creds', '-n', ns, '--from-literal=password=s3cret']), 'create secret').trim(), 'secret/creds created');
        const obj = JSON.parse(ok(k(['get', 'secret', 'creds', '-n', ns, '-o', 'json']), 'get'));
        assert.equal(obj.type, 'Opaque');
        assert.equal(Buffer.from(obj.data.password, 'base64').toString(), 's3cret');
        const table = ok(k(['get', 'secrets', '-n', ns]), 'get secrets');
        assert.match(table.split('\n')[0]!, /^NAME\s+TYPE\s+DATA\s+AGE$/);
        assert.match(table, /^creds\s+Opaque\s+1\s+\d+s$/m);
      });

      test('label and annotate, then select by label', () => {
        ok(k(['create', 'cm', 'lab', '-n', ns]), 'create');
        assert.equal(ok(k(['label', 'cm', 'lab', '-n', ns, 'tier=web']), 'label').trim(), 'configmap/lab labeled');
        assert.equal(ok(k(['annotate', 'cm', 'lab', '-n', ns, 'note=hello']), 'annotate').trim(), 'configmap/lab annotated');
        const obj = JSON.parse(ok(k(['get', 'cm', 'lab', '-n', ns, '-o', 'json']), 'get'));
        assert.equal(obj.metadata.labels.tier, 'web');
        assert.equal(obj.metadata.annotations.note, 'hello');
        const names = ok(k(['get', 'cm', '-n', ns, '-l', 'tier=web', '-o', 'name']), 'get -l');
        assert.equal(names.trim(), 'configmap/lab');
        const none = ok(k(['get', 'cm', '-n', ns, '-l', 'tier!=web', '-o', 'name']), 'get -l !=');
        assert.doesNotMatch(none, /configmap\/lab/);
        const byField = ok(k(['get', 'cm', '-n', ns, '--field-selector', 'metadata.name=lab', '-o', 'name']), 'field selector');
        assert.equal(byField.trim(), 'configmap/lab');
      });

      test('get --chunk-size pages through a list', () => {
        for (let i = 0; i < 7; i++) ok(k(['create', 'cm', `page-${i}`, '-n', ns]), 'create');
        const out = ok(k(['get', 'cm', '-n', ns, '--chunk-size=2', '-o', 'name']), 'chunked get');
        for (let i = 0; i < 7; i++) assert.match(out, new RegExp(`^configmap/page-${i}$`, 'm'));
      });

      test('get -w sees an update made by another client', async () => {
        ok(k(['create', 'cm', 'watched', '-n', ns, '--from-literal=v=1']), 'create');
        const watcher = spawn('kubectl', ['--kubeconfig', cluster.kubeconfig, 'get', 'cm', 'watched', '-n', ns, '-w', '-o', 'jsonpath={.data.v}{"\\n"}'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let seen = '';
        watcher.stdout.on('data', (d) => (seen += d));
        try {
          await waitFor(() => seen.includes('1\n'), 10_000, () => `initial state not seen: ${seen}`);
          ok(k(['patch', 'cm', 'watched', '-n', ns, '--type', 'merge', '-p', '{"data":{"v":"2"}}']), 'patch');
          await waitFor(() => seen.includes('2\n'), 10_000, () => `update not seen: ${seen}`);
        } finally {
          watcher.kill();
        }
      });

      test('patch: json, merge and strategic', () => {
        ok(k(['create', 'cm', 'patched', '-n', ns, '--from-literal=a=1']), 'create');
        ok(k(['patch', 'cm', 'patched', '-n', ns, '--type', 'json', '-p', '[{"op":"add","path":"/data/b","value":"2"}]']), 'json patch');
        ok(k(['patch', 'cm', 'patched', '-n', ns, '--type', 'merge', '-p', '{"data":{"a":null}}']), 'merge patch');
        ok(k(['patch', 'cm', 'patched', '-n', ns, '-p', '{"data":{"c":"3"}}']), 'strategic patch');
        const obj = JSON.parse(ok(k(['get', 'cm', 'patched', '-n', ns, '-o', 'json']), 'get'));
        assert.deepEqual(obj.data, { b: '2', c: '3' });
      });

      test('delete ns removes everything in it, then the namespace', () => {
        ok(k(['create', 'ns', 'doomed']), 'create ns');
        ok(k(['create', 'cm', 'a', '-n', 'doomed', '--from-literal=x=y']), 'create cm');
        ok(k(['create', 'secret', 'generic', 's', '-n', 'doomed', '--from-literal=x=y']), 'create secret');
        assert.equal(ok(k(['delete', 'ns', 'doomed', '--timeout=30s']), 'delete ns').trim(), 'namespace "doomed" deleted');
        assert.doesNotMatch(ok(k(['get', 'ns', '-o', 'name']), 'get ns'), /doomed/);
        const again = k(['get', 'cm', '-n', 'doomed', '-o', 'name']);
        assert.equal(again.stdout.trim(), '', 'no configmaps left behind');
        const r = k(['create', 'cm', 'late', '-n', 'doomed']);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /namespaces "doomed" not found/);
      });

      test('cascading deletion: background, foreground and orphan', async () => {
        const owned = (owner: string, dependents: string[]) => {
          ok(k(['create', 'cm', owner, '-n', ns]), 'create owner');
          const uid = ok(k(['get', 'cm', owner, '-n', ns, '-o', 'jsonpath={.metadata.uid}']), 'uid');
          for (const d of dependents) {
            const dep = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: d, namespace: ns, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid, blockOwnerDeletion: true }] } };
            ok(k(['create', '-f', '-'], JSON.stringify(dep)), 'create dependent');
          }
        };
        const names = () => ok(k(['get', 'cm', '-n', ns, '-o', 'name']), 'list');
        owned('bg', ['bg-a', 'bg-b']);
        ok(k(['delete', 'cm', 'bg', '-n', ns]), 'delete background');
        await waitFor(() => !/configmap\/bg-/.test(names()), 10_000, () => `dependents left: ${names()}`);
        owned('fg', ['fg-a']);
        ok(k(['delete', 'cm', 'fg', '-n', ns, '--cascade=foreground']), 'delete foreground');
        assert.doesNotMatch(names(), /configmap\/fg/, 'kubectl waited for the owner, which waited for its dependents');
        owned('or', ['or-a']);
        ok(k(['delete', 'cm', 'or', '-n', ns, '--cascade=orphan']), 'delete orphan');
        await waitFor(() => !/configmap\/or\n/.test(names() + '\n') && /configmap\/or-a/.test(names()), 10_000, () => names());
        const refs = ok(k(['get', 'cm', 'or-a', '-n', ns, '-o', 'jsonpath={.metadata.ownerReferences}']), 'refs');
        assert.equal(refs, '', 'the orphan lost its owner reference');
      });

      test('every namespace gets a default ServiceAccount; its tokens authenticate until it is deleted', async () => {
        ok(k(['create', 'ns', 'tokens']), 'create ns');
        await waitFor(() => k(['get', 'sa', 'default', '-n', 'tokens']).code === 0, 10_000, () => 'no default service account');
        const token = ok(k(['create', 'token', 'default', '-n', 'tokens']), 'create token').trim();
        const [, payload] = token.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        assert.equal(claims.sub, 'system:serviceaccount:tokens:default');
        assert.ok(claims.exp - claims.iat === 3600, 'an hour by default');
        const asToken = (args: string[]) => {
          const r = spawnSync('kubectl', ['--kubeconfig', '/dev/null', '--server', cluster.url, '--insecure-skip-tls-verify', '--token', token, ...args], { encoding: 'utf8' });
          return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
        };
        assert.equal(asToken(['get', 'cm', '-n', 'tokens', '-o', 'name']).code, 0, 'the token authenticates');
        const short = k(['create', 'token', 'default', '-n', 'tokens', '--duration=1m']);
        assert.match(short.stderr, /spec\.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes/);
        ok(k(['delete', 'sa', 'default', '-n', 'tokens']), 'delete sa');
        const after = asToken(['get', 'cm', '-n', 'tokens']);
        assert.notEqual(after.code, 0);
        assert.match(after.stderr, /Unauthorized/);
      });

      test('server-side apply: managed fields, conflicts, --force-conflicts, removal of dropped fields; diff', () => {
        const dir = mkdtempSync(join(tmpdir(), 'skiff-ssa-'));
        const file = join(dir, 'cm.yaml');
        const write = (data: string) => writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: ${ns}\n  labels: {app: x}\ndata:\n${data}`);
        write('  a: "1"\n  b: "2"\n');
        assert.equal(ok(k(['apply', '--server-side', '-f', file]), 'apply').trim(), 'configmap/ssa serverside-applied');
        const managed = JSON.parse(ok(k(['get', 'cm', 'ssa', '-n', ns, '-o', 'json', '--show-managed-fields']), 'get')).metadata.managedFields;
        assert.equal(managed.length, 1);
        assert.equal(managed[0].manager, 'kubectl');
        assert.equal(managed[0].operation, 'Apply');
        assert.deepEqual(managed[0].fieldsV1, { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } });
        ok(k(['patch', 'cm', 'ssa', '-n', ns, '--type', 'merge', '-p', '{"data":{"a":"changed"}}', '--field-manager=other']), 'patch');
        const conflict = k(['apply', '--server-side', '-f', file]);
        assert.notEqual(conflict.code, 0);
        assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "other" using v1: \.data\.a/);
        ok(k(['apply', '--server-side', '--force-conflicts', '-f', file]), 'forced apply');
        assert.equal(ok(k(['get', 'cm', 'ssa', '-n', ns, '-o', 'jsonpath={.data.a}']), 'get'), '1');
        write('  a: "1"\n');
        const diff = k(['diff', '--server-side', '-f', file]);
        assert.equal(diff.code, 1, `kubectl diff exits 1 when there are differences: ${diff.stderr}`);
        assert.match(diff.stdout, /^-\s+b: "2"$/m);
        ok(k(['apply', '--server-side', '-f', file]), 'apply without b');
        assert.equal(ok(k(['get', 'cm', 'ssa', '-n', ns, '-o', 'jsonpath={.data}']), 'get'), '{"a":"1"}');
        assert.equal(k(['diff', '--server-side', '-f', file]).code, 0, 'no differences left');
      });

      test('review kinds: auth can-i, auth whoami, TokenReview', () => {
        assert.equal(ok(k(['auth', 'can-i', 'create', 'pods', '-n', ns]), 'can-i').trim(), 'yes');
        const who = ok(k(['auth', 'whoami']), 'whoami');
        assert.match(who, /Username\s+system:admin/);
        assert.match(who, /Groups\s+\[system:masters system:authenticated\]/);
        const token = ok(k(['create', 'token', 'default', '-n', 'default']), 'token').trim();
        const review = (t: string) =>
          JSON.parse(ok(k(['create', '-o', 'json', '-f', '-'], JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: t } })), 'review')).status;
        assert.equal(review(token).user.username, 'system:serviceaccount:default:default');
        assert.equal(review('not-a-token').authenticated, false);
        assert.equal(k(['get', 'tokenreviews']).code === 0, false, 'reviews are not stored or listed');
      });

      test('scale subresource: kubectl scale changes spec.replicas and bumps generation', () => {
        const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'scaled', namespace: ns }, spec: { replicas: 1, selector: { matchLabels: { app: 'scaled' } }, template: { metadata: { labels: { app: 'scaled' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } } };
        ok(k(['apply', '-f', '-'], JSON.stringify(dep)), 'apply');
        assert.equal(ok(k(['scale', 'deployment', 'scaled', '-n', ns, '--replicas=4']), 'scale').trim(), 'deployment.apps/scaled scaled');
        assert.equal(ok(k(['get', 'deploy', 'scaled', '-n', ns, '-o', 'jsonpath={.spec.replicas}/{.metadata.generation}']), 'get'), '4/2');
        const scale = JSON.parse(ok(k(['get', '--raw', `/apis/apps/v1/namespaces/${ns}/deployments/scaled/scale`]), 'raw'));
        assert.deepEqual([scale.kind, scale.spec.replicas, scale.status.selector], ['Scale', 4, 'app=scaled']);
      });

      test('graceful pod deletion: a pod on a node is Terminating until forced', () => {
        const podOnNode = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'graceful', namespace: ns }, spec: { nodeName: 'some-node', containers: [{ name: 'c', image: 'busybox' }] } };
        ok(k(['create', '-f', '-'], JSON.stringify(podOnNode)), 'create pod');
        ok(k(['delete', 'pod', 'graceful', '-n', ns, '--wait=false']), 'delete');
        const row = ok(k(['get', 'pod', 'graceful', '-n', ns, '--no-headers']), 'get');
        assert.match(row, /^graceful\s+0\/1\s+Terminating\s/);
        assert.equal(ok(k(['get', 'pod', 'graceful', '-n', ns, '-o', 'jsonpath={.metadata.deletionGracePeriodSeconds}']), 'grace'), '30');
        ok(k(['delete', 'pod', 'graceful', '-n', ns, '--force', '--grace-period=0']), 'force delete');
        assert.notEqual(k(['get', 'pod', 'graceful', '-n', ns]).code, 0);
      });

      test('events are served with their columns', () => {
        const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: ns }, involvedObject: { kind: 'ConfigMap', name: 'lab', namespace: ns }, reason: 'Tested', message: 'hello events', type: 'Normal', firstTimestamp: new Date().toISOString().replace(/\.\d+Z/, 'Z'), lastTimestamp: new Date().toISOString().replace(/\.\d+Z/, 'Z'), count: 1, source: { component: 'test' } };
        ok(k(['create', '-f', '-'], JSON.stringify(ev)), 'create event');
        const out = ok(k(['get', 'events', '-n', ns]), 'get events');
        assert.match(out.split('\n')[0]!, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
        assert.match(out, /Normal\s+Tested\s+configmap\/lab\s+hello events/);
      });
    });
  });
}

export async function waitFor(cond: () => boolean, timeoutMs: number, message: () => string): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(message());
    await new Promise((r) => setTimeout(r, 50));
  }
}
