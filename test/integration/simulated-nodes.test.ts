/** `skiff server --simulate-nodes N`: Ready nodes with leases that run bound pods without containers. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type TestCluster } from '../helpers/cluster';
import { waitFor } from './kubectl-suite';

describe('simulated nodes', () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster({ extraArgs: ['--simulate-nodes', '2'] });
  });
  after(async () => {
    await c?.stop({ remove: true });
  });
  const k = (args: string[]) => c.kubectl(args);
  const ok = (args: string[]) => {
    const r = k(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const run = (name: string, node: string, extra: string[] = [], annotations: Record<string, string> = {}) =>
    ok(['run', name, '--image=busybox', ...extra, `--overrides=${JSON.stringify({ metadata: { annotations }, spec: { nodeName: node } })}`]);
  const status = (name: string) => ok(['get', 'pod', name, '--no-headers']).trim().split(/\s+/).slice(1, 3).join(' ');

  test('nodes register Ready, with capacity and a lease each', () => {
    const rows = ok(['get', 'nodes', '--no-headers']).trim().split('\n');
    assert.deepEqual(rows.map((r) => r.split(/\s+/).slice(0, 2).join(' ')), ['simulated-node-0 Ready', 'simulated-node-1 Ready']);
    assert.equal(ok(['get', 'node', 'simulated-node-0', '-o', 'jsonpath={.status.allocatable.cpu}/{.status.allocatable.pods}']), '4/110');
    assert.equal(ok(['get', 'lease', '-n', 'kube-node-lease', 'simulated-node-1', '-o', 'jsonpath={.spec.holderIdentity}']), 'simulated-node-1');
  });

  test('a bound pod runs and is Ready with an IP from its node', async () => {
    run('web', 'simulated-node-0');
    await waitFor(() => status('web') === '1/1 Running', 10_000, () => status('web'));
    assert.match(ok(['get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}']), /^10\.42\.0\.\d+$/);
  });

  test('run-to-completion pods finish: exit 0 Completed, a set exit code Error', async () => {
    run('once', 'simulated-node-1', ['--restart=Never']);
    run('fails', 'simulated-node-1', ['--restart=Never'], { 'skiff.dev/simulated-exit-code': '3' });
    await waitFor(() => status('once') === '0/1 Completed' && status('fails') === '0/1 Error', 10_000, () => `${status('once')} / ${status('fails')}`);
    assert.equal(ok(['get', 'pod', 'fails', '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}']), 'Failed 3');
  });

  test('deleting a pod on a simulated node completes: the node confirms it', () => {
    run('doomed', 'simulated-node-0');
    const started = Date.now();
    ok(['delete', 'pod', 'doomed', '--timeout=20s']);
    assert.ok(Date.now() - started < 20_000);
    assert.notEqual(k(['get', 'pod', 'doomed']).code, 0);
  });

  test('the scheduler places pods by resources and explains what does not fit', async () => {
    const withCpu = (name: string, cpu: string) =>
      ok(['run', name, '--image=busybox', `--overrides=${JSON.stringify({ spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu } } }] } })}`]);
    ok(['cordon', 'simulated-node-1']);
    withCpu('s1', '3');
    await waitFor(() => status('s1') === '1/1 Running', 10_000, () => `s1 ${status('s1')}`);
    assert.equal(ok(['get', 'pod', 's1', '-o', 'jsonpath={.spec.nodeName}']), 'simulated-node-0');
    withCpu('s2', '3');
    const events = () => k(['get', 'events', '--field-selector', 'reason=FailedScheduling,involvedObject.name=s2', '-o', 'jsonpath={.items[0].message}']).stdout;
    await waitFor(() => events() !== '', 10_000, () => 'no FailedScheduling event');
    assert.equal(events(), '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.');
    assert.equal(status('s2'), '0/1 Pending');
    assert.equal(ok(['get', 'pod', 's2', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].reason}']), 'Unschedulable');
    ok(['uncordon', 'simulated-node-1']);
    await waitFor(() => status('s2') === '1/1 Running', 15_000, () => `s2 ${status('s2')}`);
    assert.equal(ok(['get', 'pod', 's2', '-o', 'jsonpath={.spec.nodeName}']), 'simulated-node-1');
  });
  test('a container set to exit crash-loops: CrashLoopBackOff and RESTARTS as kubectl shows them', async () => {
    run('crasher', 'simulated-node-0', [], { 'skiff.dev/simulated-run-seconds': '0', 'skiff.dev/simulated-exit-code': '1' });
    const row = () => ok(['get', 'pod', 'crasher', '--no-headers']).trim().split(/\s+/).slice(1, 4).join(' ');
    await waitFor(() => /^0\/1 CrashLoopBackOff 1/.test(row()), 10_000, row);
    assert.equal(ok(['get', 'pod', 'crasher', '-o', 'jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}']), '1');
  });

  test('init containers run in order before the containers; Ready waits for a readiness gate', async () => {
    const overrides = {
      metadata: { annotations: { 'skiff.dev/simulated-init-seconds': '1' } },
      spec: {
        nodeName: 'simulated-node-1',
        readinessGates: [{ conditionType: 'example.com/ready' }],
        initContainers: [{ name: 'one', image: 'busybox' }, { name: 'two', image: 'busybox' }],
        containers: [{ name: 'app', image: 'busybox' }],
      },
    };
    ok(['run', 'gated', '--image=busybox', `--overrides=${JSON.stringify(overrides)}`]);
    const seen = new Set<string>();
    await waitFor(() => (seen.add(status('gated')), status('gated') === '1/1 Running'), 15_000, () => [...seen].join(', '));
    assert.ok(seen.has('0/1 Init:0/2') || seen.has('0/1 Init:1/2'), `init progress shown: ${[...seen].join(', ')}`);
    const ready = () => ok(['get', 'pod', 'gated', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}/{.status.conditions[?(@.type=="Ready")].reason}']);
    assert.equal(ready(), 'False/ReadinessGatesNotReady');
    assert.match(ok(['get', 'pod', 'gated', '-o', 'wide']), /gated\s.*\s0\/1\s*$/m, 'READINESS GATES column');
    const patch = { status: { conditions: [{ type: 'example.com/ready', status: 'True' }] } };
    ok(['patch', 'pod', 'gated', '--subresource=status', '--type=strategic', '-p', JSON.stringify(patch)]);
    await waitFor(() => ready() === 'True/', 10_000, ready);
  });
});
