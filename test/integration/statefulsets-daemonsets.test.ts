/**
 * StatefulSets and DaemonSets on three simulated nodes, driven with the real kubectl: ordered scale up
 * and down (observed through a pod watch), PVCs from volumeClaimTemplates and their retention policy, a
 * partitioned rolling update and rollout history/undo; a DaemonSet that skips a tainted node until it
 * tolerates the taint.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { startCluster, type TestCluster } from '../helpers/cluster';
import { waitFor } from './kubectl-suite';

const statefulSet = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'nginx',
    replicas,
    selector: { matchLabels: { app: 'web' } },
    // Until a node carries stage=go nothing can run, so OrderedReady must stop at web-0.
    template: { metadata: { labels: { app: 'web' } }, spec: { nodeSelector: { stage: 'go' }, containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
});

const daemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] } },
  },
};

/** One line per pod watch event: type, name, Ready status, deletion timestamp. */
interface PodEvent {
  type: string;
  name: string;
  ready: boolean;
  deleting: boolean;
}

describe('statefulsets and daemonsets', () => {
  let c: TestCluster;
  let watcher: ChildProcess | undefined;
  const events: PodEvent[] = [];
  before(async () => {
    c = await startCluster({ extraArgs: ['--simulate-nodes', '3'] });
  });
  after(async () => {
    watcher?.kill();
    await c?.stop({ remove: true });
  });
  const ok = (args: string[], input?: string) => {
    const r = c.kubectl(args, input === undefined ? undefined : { input });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const apply = (obj: unknown) => ok(['apply', '-f', '-'], JSON.stringify(obj));
  const get = (args: string[]) => c.kubectl(['get', ...args]).stdout.trim();
  const podNames = (selector: string) => get(['pods', '-l', selector, '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').filter(Boolean).sort();

  /** Records pod events for app=web in order, through `kubectl get -w --output-watch-events`. */
  function watchPods(): Promise<void> {
    const template = '{.type} {.object.metadata.name} {.object.status.conditions[?(@.type=="Ready")].status} {.object.metadata.deletionTimestamp}{"\\n"}';
    watcher = spawn('kubectl', ['--kubeconfig', c.kubeconfig, 'get', 'pods', '-l', 'app=web', '-w', '--output-watch-events', '-o', `jsonpath=${template}`]);
    let buffer = '';
    watcher.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        // Empty fields collapse: Ready is the word True, a deletion is a timestamp.
        const [type, name, ...rest] = line.trim().split(/\s+/);
        if (type && name) events.push({ type, name, ready: rest.includes('True'), deleting: rest.some((w) => /^\d{4}-\d\d-\d\dT/.test(w)) });
      }
    });
    // The watch is up once kubectl has listed (an empty list prints nothing): give it a moment.
    return new Promise((res) => setTimeout(res, 1500));
  }
  const firstIndex = (pred: (e: PodEvent) => boolean) => events.findIndex(pred);

  test('a StatefulSet scales up in order, each pod Ready before the next, with its PVC', async () => {
    await watchPods();
    apply(statefulSet(3));
    await waitFor(() => podNames('app=web').length > 0, 10_000, () => 'no pod');
    await new Promise((res) => setTimeout(res, 1500));
    assert.deepEqual(podNames('app=web'), ['web-0'], 'OrderedReady made a second pod before the first was Ready');
    for (const n of [0, 1, 2]) ok(['label', 'node', `simulated-node-${n}`, 'stage=go']);
    await waitFor(() => get(['sts', 'web', '--no-headers']).split(/\s+/)[1] === '3/3', 20_000, () => get(['sts', 'web']));
    assert.deepEqual(podNames('app=web'), ['web-0', 'web-1', 'web-2']);
    await waitFor(() => firstIndex((e) => e.name === 'web-2' && e.ready) >= 0, 10_000, () => `watch saw: ${JSON.stringify(events)}`);
    const added = events.filter((e) => e.type === 'ADDED').map((e) => e.name);
    assert.deepEqual(added, ['web-0', 'web-1', 'web-2']);
    for (const [prev, next] of [['web-0', 'web-1'], ['web-1', 'web-2']]) {
      const readyAt = firstIndex((e) => e.name === prev && e.ready);
      const createdAt = firstIndex((e) => e.name === next && e.type === 'ADDED');
      assert.ok(readyAt >= 0 && readyAt < createdAt, `${next} was created before ${prev} was Ready: ${JSON.stringify(events)}`);
    }
    // PVCs with upstream names exist (they may stay Pending), and each pod mounts its own.
    assert.deepEqual(get(['pvc', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').sort(), ['www-web-0', 'www-web-1', 'www-web-2']);
    assert.equal(get(['pod', 'web-1', '-o', 'jsonpath={.spec.volumes[?(@.name=="www")].persistentVolumeClaim.claimName}']), 'www-web-1');
    assert.equal(get(['pod', 'web-1', '-o', 'jsonpath={.spec.hostname}.{.spec.subdomain} {.metadata.labels.statefulset\\.kubernetes\\.io/pod-name} {.metadata.labels.apps\\.kubernetes\\.io/pod-index}']), 'web-1.nginx web-1 1');
    const messages = get(['events', '--field-selector', 'involvedObject.kind=StatefulSet,involvedObject.name=web', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    assert.match(messages, /SuccessfulCreate: create Pod web-0 in StatefulSet web successful/);
    assert.match(messages, /SuccessfulCreate: create Claim www-web-2 Pod web-2 in StatefulSet web success/);
    // Columns as upstream: NAME READY AGE.
    assert.match(get(['sts']).split('\n')[0]!, /^NAME\s+READY\s+AGE$/);
  });

  test('it scales down in reverse order, one pod at a time', async () => {
    const before = events.length;
    // A finalizer holds web-2 in Terminating: web-1 must wait for it to be gone.
    ok(['patch', 'pod', 'web-2', '-p', JSON.stringify({ metadata: { finalizers: ['skiff.dev/test-hold'] } })]);
    ok(['scale', 'sts', 'web', '--replicas=1']);
    const deleting = (pod: string) => get(['pod', pod, '-o', 'jsonpath={.metadata.deletionTimestamp}']) !== '';
    await waitFor(() => deleting('web-2'), 10_000, () => 'web-2 not deleted');
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal(deleting('web-1'), false, 'web-1 was deleted while web-2 was still terminating');
    ok(['patch', 'pod', 'web-2', '--type=json', '-p', JSON.stringify([{ op: 'remove', path: '/metadata/finalizers' }])]);
    await waitFor(() => podNames('app=web').join() === 'web-0', 20_000, () => podNames('app=web').join());
    await waitFor(() => events.slice(before).some((e) => e.name === 'web-1' && e.type === 'DELETED'), 10_000, () => `watch saw: ${JSON.stringify(events.slice(before))}`);
    const later = events.slice(before);
    const marked = (name: string) => later.findIndex((e) => e.name === name && e.deleting);
    const gone = (name: string) => later.findIndex((e) => e.name === name && e.type === 'DELETED');
    assert.ok(marked('web-2') >= 0 && gone('web-2') < marked('web-1'), `web-1 was deleted before web-2 was gone: ${JSON.stringify(later)}`);
    assert.equal(later.filter((e) => e.name === 'web-0' && e.deleting).length, 0);
    // Retain (the default): the claims stay.
    assert.equal(get(['pvc', 'www-web-2', '-o', 'name']), 'persistentvolumeclaim/www-web-2');
  });

  test('a rolling update stops at the partition; rollout status, history and undo work', async () => {
    ok(['scale', 'sts', 'web', '--replicas=3']);
    await waitFor(() => get(['sts', 'web', '--no-headers']).split(/\s+/)[1] === '3/3', 20_000, () => get(['sts', 'web']));
    ok(['patch', 'sts', 'web', '-p', JSON.stringify({ spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } } })]);
    ok(['set', 'image', 'sts/web', 'nginx=nginx:1.26']);
    const images = () => ['web-0', 'web-1', 'web-2'].map((p) => get(['pod', p, '-o', 'jsonpath={.spec.containers[0].image}'])).join(' ');
    await waitFor(() => images() === 'nginx:1.25 nginx:1.25 nginx:1.26', 20_000, images);
    assert.match(ok(['rollout', 'status', 'sts', 'web', '--timeout=20s']), /partitioned roll out complete: 1 new pods have been updated/);
    const status = JSON.parse(get(['sts', 'web', '-o', 'jsonpath={.status}']));
    assert.notEqual(status.currentRevision, status.updateRevision);
    assert.equal(get(['pod', 'web-2', '-o', 'jsonpath={.metadata.labels.controller-revision-hash}']), status.updateRevision);
    assert.equal(get(['pod', 'web-0', '-o', 'jsonpath={.metadata.labels.controller-revision-hash}']), status.currentRevision);
    ok(['patch', 'sts', 'web', '-p', JSON.stringify({ spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } })]);
    await waitFor(() => images() === 'nginx:1.26 nginx:1.26 nginx:1.26', 20_000, images);
    await waitFor(() => /complete/.test(c.kubectl(['rollout', 'status', 'sts', 'web', '--timeout=1s']).stdout), 10_000, () => get(['sts', 'web', '-o', 'jsonpath={.status}']));
    const history = ok(['rollout', 'history', 'sts', 'web']);
    assert.match(history, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    ok(['rollout', 'undo', 'sts', 'web']);
    assert.equal(get(['sts', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'nginx:1.25');
    await waitFor(() => images() === 'nginx:1.25 nginx:1.25 nginx:1.25', 20_000, images);
  });

  test('persistentVolumeClaimRetentionPolicy Delete: claims go with scaled-down pods and with the set', async () => {
    ok(['patch', 'sts', 'web', '-p', JSON.stringify({ spec: { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Delete' } } })]);
    const claims = () => get(['pvc', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').filter(Boolean).sort().join(' ');
    await waitFor(() => get(['pvc', 'www-web-0', '-o', 'jsonpath={.metadata.ownerReferences[0].kind}']) === 'StatefulSet', 10_000, () => get(['pvc', 'www-web-0', '-o', 'yaml']));
    ok(['scale', 'sts', 'web', '--replicas=2']);
    await waitFor(() => claims() === 'www-web-0 www-web-1', 20_000, claims);
    ok(['delete', 'sts', 'web']);
    await waitFor(() => claims() === '' && podNames('app=web').length === 0, 20_000, () => `${claims()} / ${podNames('app=web').join()}`);
  });

  test('a DaemonSet skips a NoSchedule-tainted node until it tolerates the taint', async () => {
    ok(['taint', 'node', 'simulated-node-2', 'dedicated=gpu:NoSchedule']);
    apply(daemonSet);
    const nodesOf = () => get(['pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}']).split(' ').filter(Boolean).sort().join(' ');
    await waitFor(() => get(['ds', 'agent', '--no-headers']).split(/\s+/).slice(1, 6).join(' ') === '2 2 2 2 2', 20_000, () => get(['ds', 'agent']));
    assert.equal(nodesOf(), 'simulated-node-0 simulated-node-1');
    assert.match(get(['ds']).split('\n')[0]!, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE$/);
    const affinity = JSON.parse(get(['pods', '-l', 'app=agent', '-o', 'jsonpath={.items[0].spec.affinity.nodeAffinity}']));
    assert.deepEqual(affinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key, 'metadata.name');
    const tolerations = get(['pods', '-l', 'app=agent', '-o', 'jsonpath={.items[0].spec.tolerations[*].key}']);
    assert.match(tolerations, /node\.kubernetes\.io\/not-ready.*node\.kubernetes\.io\/unschedulable/);
    ok(['patch', 'ds', 'agent', '-p', JSON.stringify({ spec: { template: { spec: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] } } } })]);
    assert.match(ok(['rollout', 'status', 'ds', 'agent', '--timeout=30s']), /daemon set "agent" successfully rolled out/);
    await waitFor(() => nodesOf() === 'simulated-node-0 simulated-node-1 simulated-node-2', 20_000, nodesOf);
    assert.equal(get(['ds', 'agent', '--no-headers']).split(/\s+/).slice(1, 6).join(' '), '3 3 3 3 3');
    assert.equal(get(['controllerrevisions', '-l', 'app=agent', '-o', 'jsonpath={.items[*].revision}']).split(' ').sort().join(' '), '1 2');
  });
});
