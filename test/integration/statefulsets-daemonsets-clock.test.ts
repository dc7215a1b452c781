/**
 * minReadySeconds for StatefulSets and DaemonSets, in-process on a ManualClock (no real waiting): a ready
 * pod counts as available only once the clock has moved past minReadySeconds, and an OrderedReady
 * StatefulSet makes its next pod only then.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Cluster, ManualClock, startCluster } from '../../src/index';
import { asyncKubectl } from '../helpers/kubectl-async';

describe('StatefulSet and DaemonSet minReadySeconds (ManualClock)', () => {
  let cluster: Cluster;
  const clock = new ManualClock();
  before(async () => {
    cluster = await startCluster({ simulatedNodes: 2, clock });
  });
  after(async () => {
    await cluster?.stop();
  });

  const ok = (args: string[], input?: string) => asyncKubectl(cluster.kubeconfigPath).ok(args, input);
  const until = async (what: string, check: () => Promise<boolean>, last: () => Promise<string>) => {
    const end = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > end) assert.fail(`timed out waiting for ${what}: ${await last()}`);
      await sleep(100);
    }
  };
  const template = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

  test('an OrderedReady StatefulSet waits minReadySeconds before the next pod; availableReplicas follows the clock', async () => {
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { replicas: 2, minReadySeconds: 30, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db') } };
    await ok(['apply', '-f', '-'], JSON.stringify(sts));
    const status = async () => (await ok(['get', 'sts', 'db', '-o', 'jsonpath={.status.readyReplicas}/{.status.availableReplicas}/{.status.replicas}'])).trim();
    await until('db-0 ready', async () => (await status()) === '1/0/1', status);
    await sleep(500);
    assert.equal(await status(), '1/0/1', 'db-1 was made before db-0 had been ready for minReadySeconds');
    clock.advance(31_000);
    await until('db-1 ready', async () => (await status()).startsWith('2/1/'), status);
    clock.advance(31_000);
    await until('both available', async () => (await status()) === '2/2/2', status);
  });

  test('a DaemonSet counts a pod available only after minReadySeconds', async () => {
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'logs' }, spec: { minReadySeconds: 20, selector: { matchLabels: { app: 'logs' } }, template: template('logs') } };
    await ok(['apply', '-f', '-'], JSON.stringify(ds));
    const status = async () => (await ok(['get', 'ds', 'logs', '-o', 'jsonpath={.status.numberReady}/{.status.numberAvailable}/{.status.numberUnavailable}'])).trim();
    await until('pods ready', async () => (await status()) === '2//2', status); // zero counts are omitted, as upstream
    clock.advance(21_000);
    await until('pods available', async () => (await status()) === '2/2/', status);
  });
});
