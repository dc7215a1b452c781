/**
 * The scheduler's plugins through the real kubectl on 3 simulated nodes (4 cpu each): node affinity,
 * pod anti-affinity, topology spread, upstream's FailedScheduling texts, priority classes and preemption.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSimulatedCluster } from '../helpers/simulated-cluster';
import { waitFor } from './kubectl-suite';

const busybox = (cpu?: string) => [{ name: 'c', image: 'busybox', ...(cpu ? { resources: { requests: { cpu } } } : {}) }];

describe('scheduler', () => {
  const { cluster, ok } = useSimulatedCluster(3);
  const kubectl = (args: string[]) => cluster().kubectl(args);
  const pod = (name: string, spec: object, labels: Record<string, string> = {}) =>
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: busybox(), ...spec } }));
  const nodeOf = (name: string) => kubectl(['get', 'pod', name, '-o', 'jsonpath={.spec.nodeName}']).stdout;
  const bound = (names: string[]) => waitFor(() => names.every((n) => nodeOf(n) !== ''), 15_000, () => names.map((n) => `${n}=${nodeOf(n)}`).join(' '));
  const failedScheduling = (name: string) =>
    kubectl(['get', 'events', '--field-selector', `reason=FailedScheduling,involvedObject.name=${name}`, '-o', 'jsonpath={.items[-1:].message}']).stdout;
  const waitMessage = async (name: string, want: string) => {
    await waitFor(() => failedScheduling(name) === want, 15_000, () => `${name}: ${failedScheduling(name)}`);
  };

  test('required node affinity: matchExpressions on labels and matchFields on the name', async () => {
    const ready = () => ok(['get', 'nodes', '--no-headers']).split('\n').filter((l) => /\sReady\s/.test(l)).length;
    await waitFor(() => ready() === 3, 30_000, () => `${ready()} Ready nodes`);
    ok(['label', 'node', 'simulated-node-2', 'disk=ssd']);
    const term = (t: object) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [t] } } } });
    pod('ssd', term({ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }));
    pod('by-name', term({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['simulated-node-1'] }] }));
    pod('nowhere', term({ matchExpressions: [{ key: 'disk', operator: 'In', values: ['nvme'] }] }));
    await bound(['ssd', 'by-name']);
    assert.equal(nodeOf('ssd'), 'simulated-node-2');
    assert.equal(nodeOf('by-name'), 'simulated-node-1');
    await waitMessage('nowhere', "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    ok(['delete', 'pod', 'ssd', 'by-name', 'nowhere', '--wait=false']);
  });

  test('required pod anti-affinity spreads one pod per node; a fourth waits', async () => {
    const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'solo' } }, topologyKey: 'kubernetes.io/hostname' }] } } };
    for (const n of ['solo-0', 'solo-1', 'solo-2']) pod(n, anti, { app: 'solo' });
    await bound(['solo-0', 'solo-1', 'solo-2']);
    assert.deepEqual(['solo-0', 'solo-1', 'solo-2'].map(nodeOf).sort(), ['simulated-node-0', 'simulated-node-1', 'simulated-node-2']);
    pod('solo-3', anti, { app: 'solo' });
    await waitMessage('solo-3', "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
    // Without its own anti-affinity, a matching pod is still kept off: the existing pods' rules hold.
    pod('follower', {}, { app: 'solo' });
    await waitMessage('follower', "0/3 nodes are available: 3 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
    ok(['delete', 'pod', '-l', 'app=solo', '--wait=false']);
  });

  test('topology spread: maxSkew 1 over zones a (two nodes) and b (one node)', async () => {
    ok(['label', 'node', 'simulated-node-0', 'simulated-node-1', 'topology.kubernetes.io/zone=a']);
    ok(['label', 'node', 'simulated-node-2', 'topology.kubernetes.io/zone=b']);
    const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'spread' } } }] };
    const names = ['sp-0', 'sp-1', 'sp-2', 'sp-3'];
    for (const n of names) {
      pod(n, spread, { app: 'spread' });
      await bound([n]);
    }
    const zoneB = names.filter((n) => nodeOf(n) === 'simulated-node-2').length;
    assert.equal(zoneB, 2, names.map((n) => `${n}=${nodeOf(n)}`).join(' '));
    ok(['delete', 'pod', '-l', 'app=spread', '--wait=false']);
  });

  test('too much cpu: upstream FailedScheduling text with the preemption part', async () => {
    pod('huge', { containers: busybox('5') });
    await waitMessage('huge', '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    assert.equal(ok(['get', 'pod', 'huge', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].reason}']), 'Unschedulable');
    ok(['delete', 'pod', 'huge', '--wait=false']);
    // A reason of the pod, not of a node (VolumeBinding's PreFilter), is given once, uncounted.
    pod('claims', { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'nope' } }] });
    await waitMessage('claims', '0/3 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    ok(['delete', 'pod', 'claims', '--wait=false']);
  });

  test('priority classes: built-ins, resolution at create, unknown names refused', () => {
    assert.match(ok(['get', 'priorityclass', 'system-node-critical', '--no-headers']), /^system-node-critical\s+2000001000\s+false/);
    ok(['create', 'priorityclass', 'low', '--value=10']);
    ok(['create', 'priorityclass', 'high', '--value=1000']);
    ok(['create', 'priorityclass', 'polite', '--value=1000', '--preemption-policy=Never']);
    const r = kubectl(['run', 'lost', '--image=busybox', '--overrides={"spec":{"priorityClassName":"nope"}}']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /pods "lost" is forbidden: no PriorityClass with name nope was found/);
    pod('plain', {});
    assert.equal(ok(['get', 'pod', 'plain', '-o', 'jsonpath={.spec.priority}/{.spec.preemptionPolicy}']), '0/PreemptLowerPriority');
    const refused = (args: string[]) => kubectl(['create', 'priorityclass', ...args]).stderr;
    assert.match(refused(['system-mine', '--value=5']), /PriorityClass.scheduling.k8s.io "system-mine" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class/);
    assert.match(refused(['huge', '--value=2000000000']), /value: Forbidden: maximum allowed value of a user defined priority is 1000000000/);
    ok(['create', 'priorityclass', 'fallback', '--value=1', '--global-default']);
    assert.match(refused(['fallback2', '--value=2', '--global-default']), /priorityclasses.scheduling.k8s.io "fallback2" is forbidden: PriorityClass fallback is already marked as default. Only one default can exist/);
    pod('defaulted', {});
    assert.equal(ok(['get', 'pod', 'defaulted', '-o', 'jsonpath={.spec.priorityClassName}/{.spec.priority}']), 'fallback/1');
    ok(['delete', 'priorityclass', 'fallback']);
    ok(['delete', 'pod', 'defaulted', '--wait=false']);
    ok(['delete', 'pod', 'plain', '--wait=false']);
  });

  test('a high-priority pod preempts a low-priority one; preemptionPolicy Never does not', async () => {
    const low = ['low-0', 'low-1', 'low-2'];
    for (const n of low) pod(n, { priorityClassName: 'low', containers: busybox('3') });
    await bound(low);
    assert.equal(new Set(low.map(nodeOf)).size, 3);
    pod('polite', { priorityClassName: 'polite', containers: busybox('3') });
    await waitMessage('polite', '0/3 nodes are available: 3 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
    ok(['delete', 'pod', 'polite']);
    pod('vip', { priorityClassName: 'high', containers: busybox('3') });
    assert.equal(ok(['get', 'pod', 'vip', '-o', 'jsonpath={.spec.priority}']), '1000');
    await bound(['vip']);
    const left = () => ok(['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').filter((n) => n.startsWith('low-'));
    await waitFor(() => left().length === 2, 15_000, () => left().join(' '));
    const victim = low.find((n) => !left().includes(n))!;
    assert.equal(nodeOf('vip') !== '', true);
    const preempted = ok(['get', 'events', '--field-selector', `reason=Preempted,involvedObject.name=${victim}`, '-o', 'jsonpath={.items[0].message}']);
    assert.match(preempted, /^Preempted by pod [0-9a-f-]+ on node simulated-node-\d$/);
  });
});
