/**
 * Deployment timing on a ManualClock, in-process (no real waiting): minReadySeconds holds each rolling
 * step until the clock has moved past it, and progressDeadlineSeconds times a stuck rollout out only when
 * the clock passes the deadline.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Cluster, ManualClock, startCluster } from '../../src/index';
import { type AsyncKubectl, asyncKubectl, eventually } from '../helpers/kubectl-async';

describe('Deployment minReadySeconds and progress deadline (ManualClock)', () => {
  let cluster: Cluster;
  let k: AsyncKubectl;
  const clock = new ManualClock();
  before(async () => {
    cluster = await startCluster({ simulatedNodes: 2, clock });
    k = asyncKubectl(cluster.kubeconfigPath);
  });
  after(async () => {
    await cluster?.stop();
  });
  const deployment = (name: string, spec: Record<string, unknown>, podSpec: Record<string, unknown> = {}) =>
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }], ...podSpec } }, ...spec },
    });

  test('each rolling step waits for the new pods to be available for minReadySeconds', async () => {
    await k.ok(['apply', '-f', '-'], deployment('slow', { replicas: 2, minReadySeconds: 30, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    const status = async () => (await k.ok(['get', 'deploy', 'slow', '-o', 'jsonpath={.status.readyReplicas}/{.status.availableReplicas}/{.status.updatedReplicas}'])).trim();
    await eventually('pods ready', status, (s) => s === '2//2');
    clock.advance(31_000);
    await eventually('pods available', status, (s) => s === '2/2/2');
    await k.ok(['set', 'image', 'deploy/slow', 'c=nginx:2']);
    const sizes = async () => (await k.ok(['get', 'rs', '-l', 'app=slow', '--sort-by=.metadata.creationTimestamp', '-o', 'jsonpath={range .items[*]}{.spec.replicas}/{.status.readyReplicas} {end}'])).trim();
    await eventually('the surge pod ready', sizes, (s) => s === '2/2 1/1');
    await sleep(500);
    assert.equal(await sizes(), '2/2 1/1', 'an old pod went before the new one was available');
    clock.advance(31_000);
    await eventually('the second step', sizes, (s) => s === '1/1 2/2');
    clock.advance(31_000);
    await eventually('the rollout done', sizes, (s) => s === '0/ 2/2');
    assert.equal((await k.kubectl(['rollout', 'status', 'deploy/slow', '--timeout=5s'])).code, 0);
  });

  test('a stuck rollout times out only once the clock passes progressDeadlineSeconds', async () => {
    await k.ok(['apply', '-f', '-'], deployment('stuck', { replicas: 1, progressDeadlineSeconds: 60 }, { nodeSelector: { nowhere: 'true' } }));
    const reason = async () => (await k.ok(['get', 'deploy', 'stuck', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}'])).trim();
    await eventually('the rollout started', reason, (r) => r === 'NewReplicaSetCreated' || r === 'ReplicaSetUpdated');
    await sleep(500);
    clock.advance(30_000);
    await sleep(500);
    assert.notEqual(await reason(), 'ProgressDeadlineExceeded', 'timed out before the deadline');
    clock.advance(32_000);
    await eventually('the deadline', reason, (r) => r === 'ProgressDeadlineExceeded');
    const msg = await k.ok(['get', 'deploy', 'stuck', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].message}']);
    assert.match(msg, /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
  });
});
