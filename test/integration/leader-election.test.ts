/**
 * `skiff server` processes on one SQLite datastore: one holds the kube-controller-manager and
 * kube-scheduler Leases and runs the controllers and scheduler; another serves the API and stands by,
 * and takes over when the first stops (at once, since a clean stop releases the leases), or once the
 * leases expire when the leader dies without releasing them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type TestCluster } from '../helpers/cluster';
import { waitFor } from './kubectl-suite';

describe('leader election between servers on one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-le-'));
  const args = ['--datastore-endpoint', `sqlite://${join(dir, 'state.db')}`];
  let first: TestCluster;
  let second: TestCluster;
  let third: TestCluster | undefined;
  before(async () => {
    first = await startCluster({ extraArgs: [...args, '--simulate-nodes', '0'] });
    second = await startCluster({ extraArgs: [...args, '--simulate-nodes', '0'] });
  });
  after(async () => {
    await first?.stop();
    await second?.stop();
    await third?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ok = (c: TestCluster, a: string[]) => {
    const r = c.kubectl(a);
    assert.equal(r.code, 0, `${a.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const lease = (c: TestCluster, name: string) => JSON.parse(ok(c, ['get', 'lease', '-n', 'kube-system', name, '-o', 'json'])).spec;
  const identity = (logs: string, lease: string) => new RegExp(`acquired lease lease=kube-system/${lease} identity=(\\S+)`).exec(logs)?.[1];

  test('the first server leads; the second serves the API and stands by', async () => {
    // "ready" is logged when the API serves; the first election attempt comes right after.
    await waitFor(() => /standing by lease=kube-system\/kube-scheduler/.test(second.logs()), 5_000, () => second.logs());
    for (const name of ['kube-controller-manager', 'kube-scheduler']) {
      const spec = lease(second, name);
      assert.equal(spec.holderIdentity, identity(first.logs(), name), `${name} is held by the first server`);
      assert.equal(spec.leaseDurationSeconds, 15);
      assert.ok(spec.acquireTime && spec.renewTime);
    }
    assert.match(first.logs(), /controllers started/);
    assert.match(second.logs(), /standing by lease=kube-system\/kube-controller-manager/);
    assert.doesNotMatch(second.logs(), /controllers started|scheduler started/);
  });

  test('renewals move renewTime, not acquireTime', async () => {
    const before = lease(second, 'kube-controller-manager');
    await waitFor(() => lease(second, 'kube-controller-manager').renewTime !== before.renewTime, 5_000, () => 'renewTime did not move');
    assert.equal(lease(second, 'kube-controller-manager').acquireTime, before.acquireTime);
  });

  test('when the first stops, the second takes both leases over at once and its controllers work', async () => {
    const transitions = lease(second, 'kube-controller-manager').leaseTransitions ?? 0;
    const stopped = Date.now();
    assert.equal(await first.stop(), 0);
    await waitFor(() => /controllers started/.test(second.logs()) && /scheduler started/.test(second.logs()), 10_000, () => second.logs());
    const took = Date.now() - stopped;
    assert.ok(took < 6_000, `took over in ${took} ms`);
    for (const name of ['kube-controller-manager', 'kube-scheduler']) {
      const spec = lease(second, name);
      assert.equal(spec.holderIdentity, identity(second.logs(), name));
      assert.equal(spec.leaseTransitions, transitions + 1);
    }
    // The service-account controller, now in the second server, gives a new namespace its default account.
    ok(second, ['create', 'namespace', 'after-takeover']);
    await waitFor(() => second.kubectl(['get', 'serviceaccount', 'default', '-n', 'after-takeover']).code === 0, 10_000, () => 'no default service account');
  });

  test('when the leader dies without releasing, a standby takes over once the leases expire (~15-20 s)', async () => {
    third = await startCluster({ extraArgs: [...args, '--simulate-nodes', '0'] });
    const standby = third;
    await waitFor(() => /standing by lease=kube-system\/kube-scheduler/.test(standby.logs()), 5_000, () => standby.logs());
    const transitions = lease(standby, 'kube-controller-manager').leaseTransitions;
    const killed = Date.now();
    process.kill(second.pid, 'SIGKILL');
    await waitFor(() => /controllers started/.test(standby.logs()), 30_000, () => standby.logs());
    const took = Date.now() - killed;
    assert.ok(took >= 10_000 && took < 25_000, `took over after ${took} ms`);
    assert.equal(lease(standby, 'kube-controller-manager').holderIdentity, identity(standby.logs(), 'kube-controller-manager'));
    assert.equal(lease(standby, 'kube-controller-manager').leaseTransitions, transitions + 1);
  });
});
