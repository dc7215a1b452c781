/**
 * A corpus of manifests, one or more per built-in kind (multi-document files and a kustomization),
 * applied with the real kubectl and read back: get, -o yaml round trips through replace, diff, get all,
 * explain, edit, with the installed kubectl and 1.27 / 1.33.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlBinary, repoRoot, startCluster, type TestCluster } from '../helpers/cluster';

const corpus = join(repoRoot, 'test', 'fixtures', 'corpus');

const kinds: [resource: string, name: string, namespaced: boolean][] = [
  ['configmaps', 'settings', true],
  ['secrets', 'credentials', true],
  ['serviceaccounts', 'shop', true],
  ['services', 'shop', true],
  ['pods', 'shop-debug', true],
  ['replicationcontrollers', 'legacy', true],
  ['limitranges', 'limits', true],
  ['resourcequotas', 'quota', true],
  ['persistentvolumeclaims', 'data', true],
  ['persistentvolumes', 'corpus-pv', false],
  ['podtemplates', 'template', true],
  ['deployments.apps', 'shop', true],
  ['statefulsets.apps', 'db', true],
  ['daemonsets.apps', 'agent', true],
  ['replicasets.apps', 'standalone', true],
  ['jobs.batch', 'migrate', true],
  ['cronjobs.batch', 'nightly', true],
  ['horizontalpodautoscalers.autoscaling', 'shop', true],
  ['poddisruptionbudgets.policy', 'shop', true],
  ['ingressclasses.networking.k8s.io', 'skiff', false],
  ['ingresses.networking.k8s.io', 'shop', true],
  ['networkpolicies.networking.k8s.io', 'deny-all', true],
  ['roles.rbac.authorization.k8s.io', 'reader', true],
  ['rolebindings.rbac.authorization.k8s.io', 'shop-reader', true],
  ['clusterroles.rbac.authorization.k8s.io', 'corpus-viewer', false],
  ['clusterrolebindings.rbac.authorization.k8s.io', 'corpus-viewer', false],
  ['storageclasses.storage.k8s.io', 'local', false],
  ['priorityclasses.scheduling.k8s.io', 'important', false],
  ['leases.coordination.k8s.io', 'leader', true],
  ['endpointslices.discovery.k8s.io', 'shop-abc', true],
  ['runtimeclasses.node.k8s.io', 'docker', false],
  ['events.events.k8s.io', 'shop-started', true],
];

function ok(r: { code: number; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.code, 0, `${what} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

describe('manifest corpus', () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster();
  });
  after(async () => {
    await c?.stop({ remove: true });
  });
  const k = (args: string[], options: { bin?: string; input?: string; env?: Record<string, string> } = {}) => c.kubectl(args, options);

  test('apply -f of the corpus directory creates every object; applying again changes nothing; diff agrees', () => {
    const first = ok(k(['apply', '-f', corpus]), 'apply');
    const lines = first.trim().split('\n');
    assert.equal(lines.length, 1 + kinds.length, first);
    for (const line of lines) assert.match(line, / created$/, line);
    const second = ok(k(['apply', '-f', corpus]), 'apply again');
    // As upstream, three kinds report "configured" every time: a Secret applied with stringData (the live
    // object holds data instead), a StatefulSet whose volumeClaimTemplates (a list replaced whole) the
    // server defaults, and a PodDisruptionBudget, whose selector's patch strategy is "replace".
    const alwaysConfigured = /^(secret\/credentials|statefulset\.apps\/db|poddisruptionbudget\.policy\/shop) /;
    for (const line of second.trim().split('\n')) assert.match(line, alwaysConfigured.test(line) ? / configured$/ : / unchanged$/, line);
    // For the same reason diff looks at the files without the Secret.
    for (const file of ['02-workloads.yaml', '03-cluster.yaml']) {
      const diff = k(['diff', '-f', join(corpus, file)]);
      assert.equal(diff.code, 0, `kubectl diff found differences in ${file}:\n${diff.stdout}${diff.stderr}`);
    }
  });

  test('every kind reads back; -o yaml round-trips through replace', () => {
    for (const [resource, name, namespaced] of kinds) {
      const ns = namespaced ? ['-n', 'corpus'] : [];
      const yaml = ok(k(['get', resource, name, ...ns, '-o', 'yaml']), `get ${resource}`);
      assert.match(yaml, new RegExp(`^  name: ${name}$`, 'm'), resource);
      const replaced = ok(k(['replace', '-f', '-'], { input: yaml }), `replace ${resource}`);
      assert.match(replaced, / replaced$/m, resource);
      const table = ok(k(['get', resource, name, ...ns]), `get table ${resource}`);
      if (!resource.startsWith('events.')) assert.match(table.split('\n')[1] ?? '', new RegExp(`^${name}\\s`), `${resource} row: ${table}`);
    }
  });

  test('kubectl get all shows the workloads and services', () => {
    const out = ok(k(['get', 'all', '-n', 'corpus']), 'get all');
    for (const item of ['pod/shop-debug', 'service/shop', 'deployment.apps/shop', 'statefulset.apps/db', 'daemonset.apps/agent', 'replicaset.apps/standalone', 'job.batch/migrate', 'cronjob.batch/nightly', 'horizontalpodautoscaler.autoscaling/shop', 'replicationcontroller/legacy'])
      assert.match(out, new RegExp(`^${item.replace(/[./]/g, '\\$&')}\\s`, 'm'), item);
  });

  test('apply -k builds and applies a kustomization', () => {
    const out = ok(k(['apply', '-k', join(corpus, 'kustomize')]), 'apply -k');
    assert.match(out, /^configmap\/kz-generated-[a-z0-9]+ created$/m);
    assert.match(out, /^configmap\/kz-plain created$/m);
    assert.equal(ok(k(['get', 'cm', 'kz-plain', '-n', 'corpus', '-o', 'jsonpath={.metadata.labels.built-by}']), 'get'), 'kustomize');
  });

  test('explain works for every kind', () => {
    for (const [resource] of kinds) {
      const [plural, ...group] = resource.split('.');
      const out = ok(k(['explain', plural!, ...(group.length ? ['--api-version', `${group.join('.')}/${plural === 'horizontalpodautoscalers' ? 'v2' : 'v1'}`] : [])]), `explain ${resource}`);
      assert.match(out, /^KIND:\s+\w+/m, resource);
    }
  });

  test('kubectl edit with an EDITOR script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-editor-'));
    const editor = join(dir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/mode: production/mode: staging/" "$1"\n');
    chmodSync(editor, 0o755);
    assert.equal(ok(k(['edit', 'cm', 'settings', '-n', 'corpus'], { env: { EDITOR: editor, KUBE_EDITOR: editor } }), 'edit').trim(), 'configmap/settings edited');
    assert.equal(ok(k(['get', 'cm', 'settings', '-n', 'corpus', '-o', 'jsonpath={.data.mode}']), 'get'), 'staging');
  });

  test('strategic merge patch merges containers by name; json and merge patches on a deployment', () => {
    ok(k(['patch', 'deploy', 'shop', '-n', 'corpus', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.36"}]}}}}']), 'strategic');
    const names = ok(k(['get', 'deploy', 'shop', '-n', 'corpus', '-o', 'jsonpath={.spec.template.spec.containers[*].name}']), 'get');
    assert.equal(names, 'web sidecar');
    ok(k(['patch', 'deploy', 'shop', '-n', 'corpus', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]']), 'json');
    ok(k(['patch', 'deploy', 'shop', '-n', 'corpus', '--type', 'merge', '-p', '{"metadata":{"labels":{"tier":"front"}}}']), 'merge');
    assert.equal(ok(k(['get', 'deploy', 'shop', '-n', 'corpus', '-o', 'jsonpath={.spec.replicas}/{.metadata.labels.tier}']), 'get'), '3/front');
  });

  for (const version of ['1.27', '1.33']) {
    const bin = kubectlBinary(version);
    test(`kubectl ${version}: apply the corpus to another namespace, get all, explain`, { skip: bin ? false : `kubectl.${version} not installed` }, () => {
      const ns = `corpus-${version.replace('.', '-')}`;
      ok(k(['create', 'ns', ns], { bin }), 'create ns');
      const docs = readFileSync(join(corpus, '02-workloads.yaml'), 'utf8').replace(/namespace: corpus/g, `namespace: ${ns}`);
      const out = ok(k(['apply', '-f', '-'], { bin, input: docs }), 'apply');
      assert.match(out, /deployment\.apps\/shop created/);
      assert.match(ok(k(['get', 'all', '-n', ns], { bin }), 'get all'), /deployment\.apps\/shop/);
      assert.match(ok(k(['explain', 'deployment.spec.strategy'], { bin }), 'explain'), /rollingUpdate/);
    });
  }
});
