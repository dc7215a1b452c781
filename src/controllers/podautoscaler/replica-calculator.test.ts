import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { averageValueReplicas, CalculationError, type PodMetrics, podRequests, resourceReplicas } from './replica-calculator';

const now = Date.parse('2026-01-01T12:00:00Z');
const long = new Date(now - 3600_000).toISOString();
const options = { tolerance: 0.1, cpuInitializationPeriodMs: 300_000, delayOfInitialReadinessStatusMs: 30_000, now };

interface PodCase {
  name: string;
  request?: string;
  phase?: string;
  ready?: boolean;
  readySince?: string;
  started?: string;
  deleting?: boolean;
}

function pod(c: PodCase): Pod {
  return {
    metadata: { name: c.name, namespace: 'default', ...(c.deleting ? { deletionTimestamp: long } : {}) },
    spec: { containers: [{ name: 'c', ...(c.request ? { resources: { requests: { cpu: c.request, memory: c.request } } } : {}) }] },
    status: {
      phase: c.phase ?? 'Running',
      startTime: c.started ?? long,
      conditions: [{ type: 'Ready', status: c.ready === false ? 'False' : 'True', lastTransitionTime: c.readySince ?? long }],
    },
  };
}

function metrics(values: Record<string, number>, timestamp = now): PodMetrics {
  return new Map(Object.entries(values).map(([name, value]) => [name, { value, timestamp, windowMs: 15_000 }]));
}

const cases: { name: string; current: number; target: number; pods: PodCase[]; usage: Record<string, number>; want: number; utilization?: number }[] = [
  { name: 'scale up by the ratio', current: 2, target: 50, pods: [{ name: 'a', request: '100m' }, { name: 'b', request: '100m' }], usage: { a: 150, b: 150 }, want: 6, utilization: 150 },
  { name: 'scale down by the ratio', current: 4, target: 50, pods: ['a', 'b', 'c', 'd'].map((name) => ({ name, request: '100m' })), usage: { a: 10, b: 10, c: 10, d: 10 }, want: 1, utilization: 10 },
  { name: 'within the 10% tolerance: no change', current: 3, target: 50, pods: ['a', 'b', 'c'].map((name) => ({ name, request: '100m' })), usage: { a: 54, b: 54, c: 54 }, want: 3, utilization: 54 },
  {
    name: 'scale up: a pod without metrics counts as using nothing',
    current: 3,
    target: 50,
    pods: ['a', 'b', 'c'].map((name) => ({ name, request: '100m' })),
    usage: { a: 100, b: 100 },
    want: 4,
  },
  {
    name: 'scale down: a pod without metrics counts as using its request',
    current: 3,
    target: 50,
    pods: ['a', 'b', 'c'].map((name) => ({ name, request: '100m' })),
    usage: { a: 10, b: 10 },
    want: 3,
  },
  {
    name: 'a pending pod counts as using nothing on a scale-up',
    current: 3,
    target: 50,
    pods: [{ name: 'a', request: '100m' }, { name: 'b', request: '100m' }, { name: 'p', request: '100m', phase: 'Pending' }],
    usage: { a: 100, b: 100 },
    want: 4,
  },
  {
    name: 'a CPU sample of a pod ready for less than a window is left out',
    current: 2,
    target: 50,
    pods: [{ name: 'a', request: '100m' }, { name: 'new', request: '100m', started: new Date(now - 20_000).toISOString(), readySince: new Date(now - 5_000).toISOString() }],
    // 200% of one ready pod; the new pod's sample is replaced by 0: 100% over two pods, 4 replicas.
    usage: { a: 200, new: 100 },
    want: 4,
  },
  {
    name: 'pods being deleted or failed are ignored',
    current: 3,
    target: 50,
    pods: [{ name: 'a', request: '100m' }, { name: 'gone', request: '100m', deleting: true }, { name: 'f', request: '100m', phase: 'Failed' }],
    usage: { a: 100, gone: 0, f: 0 },
    want: 2,
  },
];

for (const c of cases) {
  test(`resource utilization: ${c.name}`, () => {
    const got = resourceReplicas(c.current, c.target, 'cpu', c.pods.map(pod), metrics(c.usage), options);
    assert.equal(got.replicas, c.want);
    if (c.utilization !== undefined) assert.equal(got.utilization, c.utilization);
  });
}

test('resource utilization: a container without a request is an error', () => {
  assert.throws(() => resourceReplicas(1, 50, 'cpu', [pod({ name: 'a' })], metrics({ a: 10 }), options), (err: unknown) => err instanceof CalculationError && /missing request for cpu in container c of Pod a/.test(err.message));
});

test('resource utilization: no metrics for any ready pod is an error', () => {
  assert.throws(() => resourceReplicas(1, 50, 'cpu', [pod({ name: 'a', request: '100m', phase: 'Pending' })], metrics({}), options), /did not receive metrics for targeted pods/);
});

test('average value: the mean usage per pod against the target', () => {
  const pods = ['a', 'b'].map((name) => pod({ name, request: '100m' }));
  const got = averageValueReplicas(2, 100_000, 'memory', pods, metrics({ a: 300_000, b: 300_000 }), options);
  assert.deepEqual(got, { replicas: 6, usage: 300_000 });
  assert.equal(averageValueReplicas(2, 100_000, 'memory', pods, metrics({ a: 105_000, b: 100_000 }), options).replicas, 2);
});

test('requests: one container for ContainerResource metrics; sidecars count with the others', () => {
  const p: Pod = {
    metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'app', resources: { requests: { cpu: '200m' } } }],
      initContainers: [
        { name: 'setup', resources: { requests: { cpu: '1' } } },
        { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
      ],
    },
  };
  assert.deepEqual([...podRequests([p], 'cpu')], [['p', 250]]);
  assert.deepEqual([...podRequests([p], 'cpu', 'app')], [['p', 200]]);
});
