/**
 * The resource metrics API and the HorizontalPodAutoscaler, in-process with a ManualClock (so the 15 s
 * sync period and the 5 min scale-down stabilization take no real time) on 2 simulated nodes, driven by
 * the real kubectl: `kubectl top`, `kubectl autoscale`, `kubectl get hpa`; load comes from the pods'
 * skiff.dev/simulated-cpu-usage annotation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Cluster, ManualClock, startCluster } from '../../src/index';
import { asyncKubectl } from '../helpers/kubectl-async';

describe('HorizontalPodAutoscaler and metrics.k8s.io (ManualClock)', () => {
  let cluster: Cluster;
  const clock = new ManualClock();
  before(async () => {
    cluster = await startCluster({ simulatedNodes: 2, clock });
  });
  after(async () => {
    await cluster?.stop();
  });

  const kubectl = (args: string[], input?: string) => asyncKubectl(cluster.kubeconfigPath).kubectl(args, input);
  const ok = (args: string[], input?: string) => asyncKubectl(cluster.kubeconfigPath).ok(args, input);
  /** Advances the decision clock in sync periods, letting the controller act between them. */
  const periods = async (n: number) => {
    for (let i = 0; i < n; i++) {
      clock.advance(15_000);
      await sleep(150);
    }
  };
  const until = async (what: string, check: () => Promise<boolean>, onTimeout: () => Promise<string>, everyPeriod = false) => {
    const end = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > end) assert.fail(`timed out waiting for ${what}: ${await onTimeout()}`);
      if (everyPeriod) await periods(1);
      else await sleep(100);
    }
  };
  const jsonpath = (kind: string, name: string, path: string) => ok(['get', kind, name, '-o', `jsonpath=${path}`]);
  const runningPods = async (selector: string) => (await ok(['get', 'pods', '-l', selector, '-o', 'jsonpath={.items[*].status.phase}'])).split(' ').filter((p) => p === 'Running').length;
  const podSpec = (cpuUsage: string) => ({
    metadata: { labels: { app: 'web' }, annotations: { 'skiff.dev/simulated-cpu-usage': cpuUsage } },
    spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m' } } }] },
  });

  test('kubectl top: pods use what their annotation says, nodes the sum of their pods', async () => {
    for (const [name, node, cpu] of [['top-a', 'simulated-node-0', '250m'], ['top-b', 'simulated-node-0', '50m'], ['top-c', 'simulated-node-1', '1']]) {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { top: 'yes' }, annotations: { 'skiff.dev/simulated-cpu-usage': cpu, 'skiff.dev/simulated-memory-usage': '100Mi' } }, spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }] } };
      await ok(['run', name!, '--image=busybox', `--overrides=${JSON.stringify(pod)}`]);
    }
    await until('3 pods running', async () => (await runningPods('top=yes')) === 3, () => ok(['get', 'pods']));
    const pods = (await ok(['top', 'pods', '-l', 'top=yes'])).trim().split('\n').map((l) => l.trim().split(/\s+/));
    assert.deepEqual(pods, [['NAME', 'CPU(cores)', 'MEMORY(bytes)'], ['top-a', '250m', '100Mi'], ['top-b', '50m', '100Mi'], ['top-c', '1000m', '100Mi']]);
    const nodes = (await ok(['top', 'nodes'])).trim().split('\n').map((l) => l.trim().split(/\s+/));
    assert.deepEqual(nodes[0], ['NAME', 'CPU(cores)', 'CPU%', 'MEMORY(bytes)', 'MEMORY%']);
    // 4 CPUs and 16Gi per node: 300m is 7%, 200Mi is 1%.
    assert.deepEqual(nodes.slice(1), [['simulated-node-0', '300m', '7%', '200Mi', '1%'], ['simulated-node-1', '1000m', '25%', '100Mi', '0%']]);
    const api = JSON.parse(await ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/top-a']));
    assert.equal(api.kind, 'PodMetrics');
    assert.deepEqual(api.containers, [{ name: 'c', usage: { cpu: '250m', memory: '100Mi' } }]);
    // Read-only, as metrics-server: no watch, no writes.
    assert.notEqual((await kubectl(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/pods?watch=true'])).code, 0);
    await ok(['delete', 'pods', '-l', 'top=yes', '--wait=false']);
  });

  test('an HPA scales a Deployment up when its pods use more than the target and down when they use less', async () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: podSpec('150m') } };
    await applyJson(deployment);
    // Without a Deployment controller, pods with the Deployment's labels stand in for its replicas.
    await sleep(1500);
    if ((await runningPods('app=web')) === 0) {
      for (const name of ['web-1', 'web-2']) await applyJson({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...podSpec('150m').metadata }, spec: podSpec('150m').spec });
    }
    await until('web pods running', async () => (await runningPods('app=web')) >= 2, () => ok(['get', 'pods']));
    await ok(['autoscale', 'deploy', 'web', '--cpu-percent=50', '--min=1', '--max=5']);

    // 150% of the request against a 50% target: 3× the pods, at most max(2 × 2, 4) = 4 at a time.
    const replicas = () => jsonpath('deploy', 'web', '{.spec.replicas}');
    await until('scale-up to 4', async () => (await replicas()) === '4', async () => ok(['describe', 'hpa', 'web']), true);
    assert.equal(await jsonpath('hpa', 'web', '{.status.desiredReplicas}'), '4');
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=web,reason=SuccessfulRescale', '-o', 'jsonpath={.items[*].message}']);
    assert.match(events, /New size: 4; reason: cpu resource utilization \(percentage of request\) above target/);
    const row = (await ok(['get', 'hpa', 'web', '--no-headers'])).trim().split(/\s{2,}/);
    assert.deepEqual(row.slice(0, 6), ['web', 'Deployment/web', 'cpu: 150%/50%', '1', '5', '2']);
    await until('scale-up to the maximum', async () => (await replicas()) === '5', async () => ok(['describe', 'hpa', 'web']), true);
    assert.equal(await jsonpath('hpa', 'web', '{.status.conditions[?(@.type=="ScalingLimited")].reason}'), 'TooManyReplicas');

    // Load falls: the scale-down waits out the 5 minute stabilization window, then goes to minReplicas.
    await ok(['patch', 'deploy', 'web', '--type=merge', '-p', JSON.stringify({ spec: { template: { metadata: { annotations: { 'skiff.dev/simulated-cpu-usage': '5m' } } } } })]);
    // Pods already running take it from their own annotation (a rollout may be replacing some meanwhile).
    await kubectl(['annotate', 'pods', '-l', 'app=web', 'skiff.dev/simulated-cpu-usage=5m', '--overwrite']);
    await periods(2);
    assert.equal(await replicas(), '5');
    assert.equal(await jsonpath('hpa', 'web', '{.status.conditions[?(@.type=="AbleToScale")].reason}'), 'ScaleDownStabilized');
    await periods(19);
    await until('scale-down to 1', async () => (await replicas()) === '1', async () => ok(['describe', 'hpa', 'web']), true);
    const down = await ok(['get', 'events', '--field-selector', 'involvedObject.name=web,reason=SuccessfulRescale', '-o', 'jsonpath={.items[*].message}']);
    assert.match(down, /New size: 1; reason: All metrics below target/);
    assert.match(await ok(['get', 'hpa', 'web']), /cpu: 5%\/50%/);
  });

  async function applyJson(obj: unknown): Promise<void> {
    await ok(['apply', '-f', '-'], JSON.stringify(obj));
  }
});
