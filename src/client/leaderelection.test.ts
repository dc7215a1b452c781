import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../util/manual-clock';
import { silentLogger } from '../util/logger';
import { ApiError, type Client, type KubeObject } from './interface';
import { LeaderElector, type LeaseSpec } from './leaderelection';

/** Leases in a map with resourceVersion compare-and-swap, as the API server keeps them. */
function fakeLeases() {
  const objects = new Map<string, KubeObject>();
  let rv = 0;
  const client = {
    async get(_r: unknown, ns: string, name: string) {
      const o = objects.get(`${ns}/${name}`);
      if (!o) throw new ApiError(404, 'NotFound', 'not found');
      return structuredClone(o);
    },
    async create(_r: unknown, ns: string, obj: KubeObject) {
      const key = `${ns}/${obj.metadata.name}`;
      if (objects.has(key)) throw new ApiError(409, 'AlreadyExists', 'exists');
      const stored = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
      objects.set(key, stored);
      return structuredClone(stored);
    },
    async update(_r: unknown, ns: string, obj: KubeObject) {
      const key = `${ns}/${obj.metadata.name}`;
      if (objects.get(key)?.metadata.resourceVersion !== obj.metadata.resourceVersion) throw new ApiError(409, 'Conflict', 'conflict');
      const stored = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
      objects.set(key, stored);
      return structuredClone(stored);
    },
  } as unknown as Client;
  return { client, spec: () => objects.get('kube-system/kube-controller-manager')?.spec as LeaseSpec | undefined };
}

function candidate(client: Client, clock: ManualClock, identity: string, log: string[]) {
  return new LeaderElector({
    client,
    namespace: 'kube-system',
    name: 'kube-controller-manager',
    identity,
    clock,
    logger: silentLogger,
    onStartedLeading: () => void log.push(`${identity} started`),
    onStoppedLeading: () => void log.push(`${identity} stopped`),
  });
}

/** Lets the electors' awaited calls settle after the clock fired their timers. */
async function advance(clock: ManualClock, ms: number, step = 500): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  }
}

/** Candidates a and b on one lease; a started first and leads. */
async function twoCandidates() {
  const { client, spec } = fakeLeases();
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const log: string[] = [];
  const a = candidate(client, clock, 'a', log);
  const b = candidate(client, clock, 'b', log);
  await a.start();
  await b.start();
  return { client, spec, clock, log, a, b };
}

test('one candidate leads; the other takes over once the lease expires', async () => {
  const { client, spec, clock, log, a, b } = await twoCandidates();
  assert.deepEqual([a.isLeader(), b.isLeader()], [true, false]);
  assert.deepEqual({ ...spec(), renewTime: undefined, acquireTime: undefined }, { holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0, renewTime: undefined, acquireTime: undefined });
  const acquired = spec()!.acquireTime;
  await advance(clock, 20_000);
  assert.equal(b.isLeader(), false, 'a keeps renewing');
  assert.equal(spec()!.acquireTime, acquired, 'renewals keep acquireTime');
  assert.notEqual(spec()!.renewTime, acquired);

  // a stops renewing without releasing (a crash): b waits out the lease duration, measured on its own clock.
  (a as unknown as { stopped: boolean }).stopped = true;
  // Earliest expiry: a's last renewal (≥ 2 s before it stopped) + 15 s. Latest takeover: b saw that renewal up
  // to one jittered retry (≤ 2.2 × 2 s) late, the lease lasts 15 s, and b's next try is ≤ 4.4 s after that.
  await advance(clock, 10_000);
  assert.equal(b.isLeader(), false);
  await advance(clock, 14_500);
  assert.equal(b.isLeader(), true);
  assert.equal(spec()!.holderIdentity, 'b');
  assert.equal(spec()!.leaseTransitions, 1);
  assert.deepEqual(log, ['a started', 'b started']);
  await b.stop();
});

test('a released lease is taken at the next retry, and a leader that cannot renew stops leading', async () => {
  const { client, spec, clock, log, a, b } = await twoCandidates();
  await a.stop();
  assert.equal(spec()!.holderIdentity, undefined);
  await advance(clock, 5_000);
  assert.equal(b.isLeader(), true);
  assert.equal(spec()!.leaseTransitions, 1);
  assert.deepEqual(log, ['a started', 'a stopped', 'b started']);

  // Someone else writes the lease (b's renewals now conflict): after the renew deadline b steps down.
  const current = await client.get({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }, 'kube-system', 'kube-controller-manager');
  await client.update({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }, 'kube-system', { ...current, spec: { ...(current.spec as object), holderIdentity: 'c' } });
  await advance(clock, 12_000);
  assert.equal(b.isLeader(), false);
  assert.deepEqual(log.slice(-1), ['b stopped']);
  await b.stop();
});
