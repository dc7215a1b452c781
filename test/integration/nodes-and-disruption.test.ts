/**
 * Nodes and disruption with the real kubectl on 3 simulated nodes: cordon/uncordon (and the
 * unschedulable taint), PodDisruptionBudget status, the pods/eviction subresource (429 when the budget
 * says no, 500 with two budgets), and `kubectl drain` held back by a budget until it is relaxed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startCluster, type TestCluster } from '../helpers/cluster';
import { waitFor } from './kubectl-suite';

describe('nodes and disruption', () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster({ extraArgs: ['--simulate-nodes', '3'] });
  });
  after(async () => {
    await c?.stop({ remove: true });
  });
  const ok = (args: string[], input?: string) => {
    const r = c.kubectl(args, { input });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const jsonpath = (args: string[], path: string) => c.kubectl([...args, '-o', `jsonpath=${path}`]).stdout;
  const evict = (pod: string) =>
    c.http('POST', `/api/v1/namespaces/default/pods/${pod}/eviction`, { body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: 'default' } }), contentType: 'application/json' });
  const webPods = () => jsonpath(['get', 'pods', '-l', 'app=web'], '{range .items[*]}{.metadata.name},{.spec.nodeName},{.status.phase},{.status.conditions[?(@.type=="Ready")].status},{.metadata.deletionTimestamp} {end}').trim().split(' ').filter(Boolean);
  const pdbStatus = () => jsonpath(['get', 'pdb', 'web'], '{.status.currentHealthy}/{.status.desiredHealthy}/{.status.expectedPods}/{.status.disruptionsAllowed} {.status.conditions[0].reason}');

  test('discovery lists pods/eviction (kubectl drain checks it)', async () => {
    const res = await c.http('GET', '/api/v1');
    const eviction = (res.json().resources as { name: string; kind: string; group?: string; version?: string }[]).find((r) => r.name === 'pods/eviction');
    assert.deepEqual(eviction && [eviction.kind, eviction.group, eviction.version], ['Eviction', 'policy', 'v1']);
  });

  test('cordon marks the node unschedulable and tainted; uncordon undoes both', async () => {
    ok(['cordon', 'simulated-node-2']);
    assert.match(ok(['get', 'node', 'simulated-node-2', '--no-headers']), /^simulated-node-2\s+Ready,SchedulingDisabled\s/);
    const taints = () => jsonpath(['get', 'node', 'simulated-node-2'], '{range .spec.taints[*]}{.key}:{.effect} {end}').trim();
    await waitFor(() => taints() === 'node.kubernetes.io/unschedulable:NoSchedule', 10_000, () => `taints: ${taints()}`);
    ok(['uncordon', 'simulated-node-2']);
    assert.match(ok(['get', 'node', 'simulated-node-2', '--no-headers']), /^simulated-node-2\s+Ready\s/);
    await waitFor(() => taints() === '', 10_000, () => `taints: ${taints()}`);
  });

  test('a NoExecute taint evicts the pods that do not tolerate it, at once', async () => {
    const on2 = (name: string, tolerations: unknown[] = []) =>
      ok(['run', name, '--image=busybox', `--overrides=${JSON.stringify({ spec: { nodeName: 'simulated-node-2', tolerations } })}`]);
    on2('plain');
    on2('tolerant', [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoExecute' }]);
    await waitFor(() => jsonpath(['get', 'pods', 'plain', 'tolerant'], '{.items[*].status.phase}') === 'Running Running', 10_000, () => 'pods not running');
    ok(['taint', 'node', 'simulated-node-2', 'dedicated=infra:NoExecute']);
    await waitFor(() => c.kubectl(['get', 'pod', 'plain']).code !== 0, 10_000, () => 'plain not evicted');
    const events = jsonpath(['get', 'events', '--field-selector', 'involvedObject.name=plain,reason=TaintManagerEviction'], '{.items[*].message}');
    assert.equal(events, 'Marking for deletion Pod default/plain');
    assert.equal(jsonpath(['get', 'pod', 'tolerant'], '{.status.phase} {.metadata.deletionTimestamp}'), 'Running ');
    ok(['taint', 'node', 'simulated-node-2', 'dedicated-']);
    ok(['delete', 'pod', 'tolerant', '--wait=false']);
  });

  test('a PDB counts the healthy pods of its Deployment; eviction beyond it is 429', async () => {
    // Both replicas on simulated-node-0: the other nodes are cordoned while they schedule.
    ok(['cordon', 'simulated-node-1', 'simulated-node-2']);
    ok(['create', 'deployment', 'web', '--image=busybox', '--replicas=2']);
    await waitFor(() => webPods().filter((p) => /,simulated-node-0,Running,True,$/.test(p)).length === 2, 20_000, () => webPods().join(' '));
    ok(['uncordon', 'simulated-node-1', 'simulated-node-2']);
    ok(['create', 'pdb', 'web', '--selector=app=web', '--min-available=2']);
    await waitFor(() => pdbStatus() === '2/2/2/0 InsufficientPods', 10_000, () => pdbStatus());
    assert.equal(jsonpath(['get', 'pdb', 'web'], '{.status.observedGeneration}'), '1');

    const res = await evict(webPods()[0]!.split(',')[0]!);
    assert.equal(res.status, 429);
    const status = res.json();
    assert.equal(status.reason, 'TooManyRequests');
    assert.equal(status.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.deepEqual(status.details.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }]);

    ok(['create', 'pdb', 'web-too', '--selector=app=web', '--max-unavailable=50%']);
    const two = await evict(webPods()[0]!.split(',')[0]!);
    assert.equal(two.status, 500);
    assert.equal(two.json().message, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    await waitFor(() => jsonpath(['get', 'pdb', 'web-too'], '{.status.expectedPods}/{.status.desiredHealthy}/{.status.disruptionsAllowed}') === '2/1/1', 10_000, () => 'web-too status');
    ok(['delete', 'pdb', 'web-too']);
  });

  test('kubectl drain waits on the budget and finishes once it is relaxed; the pods move', async () => {
    const drain = spawn('kubectl', ['--kubeconfig', c.kubeconfig, 'drain', 'simulated-node-0', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=50s'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    drain.stdout.on('data', (d: Buffer) => (out += d.toString()));
    drain.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => drain.on('close', resolve));
    await waitFor(() => out.includes("Cannot evict pod as it would violate the pod's disruption budget."), 20_000, () => `drain output: ${out}`);
    assert.match(ok(['get', 'node', 'simulated-node-0', '--no-headers']), /SchedulingDisabled/);
    assert.equal(webPods().filter((p) => p.includes(',simulated-node-0,')).length, 2, 'nothing evicted while the budget says no');

    ok(['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":1}}']);
    const code = await exited;
    assert.equal(code, 0, out);
    assert.match(out, /evicting pod default\/web-/);
    assert.match(out, /node\/simulated-node-0 drained/);
    await waitFor(() => {
      const pods = webPods();
      return pods.length === 2 && pods.every((p) => /,simulated-node-[12],Running,True,$/.test(p));
    }, 20_000, () => webPods().join(' '));
    await waitFor(() => pdbStatus() === '2/1/2/1 SufficientPods', 10_000, () => pdbStatus());
    ok(['uncordon', 'simulated-node-0']);
  });
});
