/**
 * Node lifecycle with an injected clock, in-process (startCluster from src/index.ts) and the real kubectl:
 * a simulated node told to stop heartbeating goes Unknown with the unreachable taints, its pods turn
 * NotReady and are evicted after their tolerationSeconds (a ReplicaSet's are replaced elsewhere), and
 * it all comes back when the node resumes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Cluster, ManualClock, startCluster } from '../../src/index';
import { asyncKubectl } from '../helpers/kubectl-async';

describe('node lifecycle (ManualClock)', () => {
  let cluster: Cluster;
  const clock = new ManualClock();
  before(async () => {
    cluster = await startCluster({ simulatedNodes: 3, clock });
  });
  after(async () => {
    await cluster?.stop();
  });

  const kubectl = (args: string[], input?: string) => asyncKubectl(cluster.kubeconfigPath).kubectl(args, input);
  const ok = (args: string[], input?: string) => asyncKubectl(cluster.kubeconfigPath).ok(args, input);
  /** Moves the clock in 5 s steps, letting the controllers and nodes act between steps, as real time would. */
  const advance = async (seconds: number) => {
    for (let s = 0; s < seconds; s += 5) {
      clock.advance(Math.min(5, seconds - s) * 1000);
      await sleep(40);
    }
    await sleep(200);
  };
  const until = async (what: string, check: () => Promise<boolean>, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
      await sleep(100);
    }
  };
  const jsonpath = (kind: string, name: string, path: string) => ok(['get', kind, ...(name ? [name] : []), '-o', `jsonpath=${path}`]);
  const pod = (name: string, tolerations: unknown[]) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'simulated-node-1', tolerations, containers: [{ name: 'c', image: 'busybox' }] } });
  const unreachable = (seconds?: number) => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds === undefined ? {} : { tolerationSeconds: seconds }) });

  test('a node that stops heartbeating goes Unknown and tainted; its pods are evicted after their tolerationSeconds', async () => {
    for (const [name, tolerations] of [['short', [unreachable(30)]], ['default', []], ['forever', [{ operator: 'Exists', effect: 'NoExecute' }]]] as const)
      await ok(['run', name, '--image=busybox', `--overrides=${pod(name, [...tolerations])}`]);
    // A ReplicaSet's pods land on simulated-node-1 (the others cordoned meanwhile).
    await ok(['cordon', 'simulated-node-0', 'simulated-node-2']);
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } } };
    await ok(['create', '-f', '-'], JSON.stringify(rs));
    await until('pods running', async () => (await jsonpath('pods', '', '{.items[*].status.phase}')).split(' ').filter((p) => p === 'Running').length === 5);
    assert.deepEqual([...new Set((await jsonpath('pods', '', '{.items[*].spec.nodeName}')).split(' '))], ['simulated-node-1']);
    await ok(['uncordon', 'simulated-node-0', 'simulated-node-2']);
    assert.equal(await jsonpath('pod', 'default', '{.spec.tolerations[?(@.key=="node.kubernetes.io/unreachable")].tolerationSeconds}'), '300');

    await ok(['annotate', 'node', 'simulated-node-1', 'skiff.dev/simulated-stopped=true']);
    await advance(35);
    assert.equal(await jsonpath('node', 'simulated-node-1', '{.status.conditions[?(@.type=="Ready")].status}'), 'True', 'still within the 40 s grace period');
    await advance(10);
    await until('node Unknown', async () => (await jsonpath('node', 'simulated-node-1', '{.status.conditions[?(@.type=="Ready")].status}')) === 'Unknown');
    const conditions = JSON.parse(await jsonpath('node', 'simulated-node-1', '{.status.conditions}')) as { type: string; status: string; reason: string; message: string }[];
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const c = conditions.find((x) => x.type === type)!;
      assert.deepEqual([c.status, c.reason, c.message], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'], type);
    }
    await until('unreachable taints', async () => (await jsonpath('node', 'simulated-node-1', '{range .spec.taints[*]}{.key}:{.effect} {end}')).trim() === 'node.kubernetes.io/unreachable:NoSchedule node.kubernetes.io/unreachable:NoExecute');
    assert.equal(await jsonpath('node', 'simulated-node-0', '{.status.conditions[?(@.type=="Ready")].status}'), 'True', 'the other nodes stay Ready');
    await until('pods NotReady', async () => (await jsonpath('pod', 'forever', '{.status.conditions[?(@.type=="Ready")].status}')) === 'False');

    await advance(30);
    await until('short evicted', async () => (await jsonpath('pod', 'short', '{.metadata.deletionTimestamp}')) !== '');
    assert.equal(await jsonpath('pod', 'short', '{.status.conditions[?(@.type=="DisruptionTarget")].reason}'), 'DeletionByTaintManager');
    assert.equal(await jsonpath('pod', 'default', '{.metadata.deletionTimestamp}'), '', 'default toleration (300 s) not yet over');

    await advance(280);
    await until('default evicted', async () => (await jsonpath('pod', 'default', '{.metadata.deletionTimestamp}')) !== '');
    assert.equal(await jsonpath('pod', 'forever', '{.metadata.deletionTimestamp}'), '', 'a toleration without seconds tolerates forever');
    // The ReplicaSet's pods (default tolerations) went too, and it replaced them on the nodes still up.
    await until('replacements running', async () => {
      const rows = (await ok(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.spec.nodeName},{.status.phase},{.metadata.deletionTimestamp} {end}'])).trim().split(' ');
      return rows.filter((r) => /^simulated-node-[02],Running,$/.test(r)).length === 2;
    });
    const events = await ok(['get', 'events', '--field-selector', 'reason=TaintManagerEviction', '-o', 'jsonpath={.items[*].message}']);
    assert.match(events, /Marking for deletion Pod default\/short/);

    // Evicted pods stay Terminating on the dead node until it is declared out of service; then Pod GC force-deletes them.
    assert.notEqual(await jsonpath('pod', 'short', '{.metadata.name}'), '');
    await ok(['taint', 'node', 'simulated-node-1', 'node.kubernetes.io/out-of-service=nodeshutdown:NoExecute']);
    await advance(20);
    await until('terminating pods force-deleted', async () => (await kubectl(['get', 'pod', 'short'])).code !== 0);
    await ok(['taint', 'node', 'simulated-node-1', 'node.kubernetes.io/out-of-service-']);
  });

  test('the node comes back: Ready, taints gone, evicted pods confirmed deleted, the rest Ready again', async () => {
    await ok(['annotate', 'node', 'simulated-node-1', 'skiff.dev/simulated-stopped-']);
    await advance(5);
    await until('node Ready', async () => (await jsonpath('node', 'simulated-node-1', '{.status.conditions[?(@.type=="Ready")].status}')) === 'True');
    await until('taints removed', async () => (await jsonpath('node', 'simulated-node-1', '{.spec.taints[*].key}')) === '');
    await until('evicted pods gone', async () => (await kubectl(['get', 'pod', 'short'])).code !== 0 && (await kubectl(['get', 'pod', 'default'])).code !== 0);
    await until('forever Ready', async () => (await jsonpath('pod', 'forever', '{.status.conditions[?(@.type=="Ready")].status}')) === 'True');
  });

  test('a stopped simulated agent renews no lease and starts no pod until resumed', async () => {
    const renewed = () => ok(['get', 'lease', '-n', 'kube-node-lease', 'simulated-node-2', '-o', 'jsonpath={.spec.renewTime}']);
    await ok(['annotate', 'node', 'simulated-node-2', 'skiff.dev/simulated-stopped=true']);
    await sleep(300);
    const before = await renewed();
    await ok(['run', 'late', '--image=busybox', `--overrides=${JSON.stringify({ spec: { nodeName: 'simulated-node-2' } })}`]);
    await advance(25);
    assert.equal(await renewed(), before, 'no renewals while stopped');
    assert.equal(await jsonpath('pod', 'late', '{.status.phase}'), 'Pending');
    await ok(['annotate', 'node', 'simulated-node-2', 'skiff.dev/simulated-stopped-']);
    await until('lease renewed', async () => (await renewed()) !== before);
    await until('late running', async () => (await jsonpath('pod', 'late', '{.status.phase}')) === 'Running');
  });

  test('Pod GC deletes the pods of a node that is gone, after the 40 s quarantine', async () => {
    await ok(['run', 'orphan', '--image=busybox', `--overrides=${JSON.stringify({ spec: { nodeName: 'simulated-node-2' } })}`]);
    await until('orphan running', async () => (await jsonpath('pod', 'orphan', '{.status.phase}')) === 'Running');
    await ok(['delete', 'node', 'simulated-node-2']);
    await advance(30);
    assert.equal((await kubectl(['get', 'pod', 'orphan'])).code, 0, 'still inside the quarantine');
    await advance(35);
    await until('orphan collected', async () => (await kubectl(['get', 'pod', 'orphan'])).code !== 0);
  });

  test('when every node is down the controller assumes its own outage: no NoExecute taints, no evictions', async () => {
    const nodes = ['simulated-node-0', 'simulated-node-1'];
    for (const n of nodes) await ok(['annotate', 'node', n, 'skiff.dev/simulated-stopped=true']);
    await advance(50);
    const taints = (n: string) => jsonpath('node', n, '{range .spec.taints[*]}{.key}:{.effect} {end}').then((t) => t.trim());
    for (const n of nodes) await until(`${n} Unknown`, async () => (await jsonpath('node', n, '{.status.conditions[?(@.type=="Ready")].status}')) === 'Unknown');
    await advance(10);
    for (const n of nodes) assert.equal(await taints(n), 'node.kubernetes.io/unreachable:NoSchedule', n);
    assert.equal(await jsonpath('pod', 'forever', '{.metadata.deletionTimestamp}'), '');
    for (const n of nodes) await ok(['annotate', 'node', n, 'skiff.dev/simulated-stopped-']);
    await advance(5);
    for (const n of nodes) await until(`${n} Ready`, async () => (await taints(n)) === '');
  });
});
