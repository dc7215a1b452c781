import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError, type Client, type KubeObject, type ResourceRef } from '../../client/interface';
import { defaultCalculatorOptions } from './replica-calculator';
import { type AutoscalerState, reconcileAutoscaler } from './reconcile';
import { ScaleTargets } from './scale-target';

const now = Date.parse('2026-01-01T12:00:00Z');
const long = new Date(now - 3600_000).toISOString();
const deployments = { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['get'] };

/** A target's scale, its pods' PodMetrics, and what the reconcile wrote. */
function world(options: { replicas?: number; exists?: boolean; cpuPerPod?: string; pods?: number; selector?: string; alsoSelectedBy?: string }) {
  const writes: { scale?: number; status?: Record<string, any> } = {};
  const pods: Pod[] = Array.from({ length: options.pods ?? 2 }, (_, i) => ({
    metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }] },
    status: { phase: 'Running', startTime: long, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: long }] },
  }));
  const client = {
    async get(r: ResourceRef, _ns: string, name: string) {
      if (options.exists === false) throw new ApiError(404, 'NotFound', `${r.resource}.${r.group} "${name}" not found`);
      return { metadata: { name, namespace: 'default' }, spec: { replicas: options.replicas ?? 2 }, status: { replicas: options.replicas ?? 2, selector: options.selector ?? 'app=web' } };
    },
    async list() {
      return { metadata: {}, items: pods.map((p) => ({ metadata: { name: p.metadata!.name }, timestamp: new Date(now).toISOString(), window: '15s', containers: [{ name: 'c', usage: { cpu: options.cpuPerPod ?? '100m' } }] })) };
    },
    async update(_r: ResourceRef, _ns: string, obj: KubeObject, o: { subresource?: string }) {
      if (o.subresource === 'scale') writes.scale = (obj.spec as { replicas: number }).replicas;
      else writes.status = obj.status as Record<string, any>;
      return obj;
    },
  } as unknown as Client;
  const events: string[] = [];
  const deps = {
    client,
    targets: new ScaleTargets({ client, resources: [deployments] }),
    now,
    pods: () => pods,
    hpasSelecting: () => ['default/web', ...(options.alsoSelectedBy ? [options.alsoSelectedBy] : [])],
    event: (type: string, reason: string, message: string) => void events.push(`${type} ${reason} ${message}`),
    calculator: { ...defaultCalculatorOptions, now },
    downscaleStabilizationMs: 300_000,
  };
  return { deps, writes, events };
}

const hpa = (spec: Partial<HorizontalPodAutoscaler['spec']> = {}): HorizontalPodAutoscaler => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    ...spec,
  },
});
const fresh = (): AutoscalerState => ({ recommendations: [], scaleUpEvents: [], scaleDownEvents: [] });
const reasons = (status: Record<string, any> | undefined) => Object.fromEntries((status?.conditions ?? []).map((c: { type: string; status: string; reason: string }) => [c.type, `${c.status} ${c.reason}`]));

test('over target: rescales, records SuccessfulRescale, and writes status', async () => {
  const w = world({ cpuPerPod: '150m' });
  await reconcileAutoscaler(hpa(), fresh(), w.deps);
  assert.equal(w.writes.scale, 4);
  assert.deepEqual(w.events, ['Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target']);
  assert.equal(w.writes.status!.currentReplicas, 2);
  assert.equal(w.writes.status!.desiredReplicas, 4);
  assert.equal(w.writes.status!.lastScaleTime, '2026-01-01T12:00:00Z');
  assert.deepEqual(w.writes.status!.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '150m', averageUtilization: 150 } } }]);
  assert.deepEqual(reasons(w.writes.status), { AbleToScale: 'True SucceededRescale', ScalingActive: 'True ValidMetricFound', ScalingLimited: 'True ScaleUpLimit' });
});

test('a missing target: FailedGetScale condition and event, and the error is returned', async () => {
  const w = world({ exists: false });
  await assert.rejects(reconcileAutoscaler(hpa(), fresh(), w.deps), /not found/);
  assert.deepEqual(w.events, ['Warning FailedGetScale deployments.apps "web" not found']);
  assert.deepEqual(reasons(w.writes.status), { AbleToScale: 'False FailedGetScale' });
});

test('a target scaled to zero disables autoscaling', async () => {
  const w = world({ replicas: 0 });
  await reconcileAutoscaler(hpa(), fresh(), w.deps);
  assert.equal(w.writes.scale, undefined);
  assert.deepEqual(reasons(w.writes.status), { AbleToScale: 'True SucceededGetScale', ScalingActive: 'False ScalingDisabled' });
});

test('outside minReplicas/maxReplicas: back within bounds without reading metrics', async () => {
  const w = world({ replicas: 12, cpuPerPod: '1' });
  await reconcileAutoscaler(hpa(), fresh(), w.deps);
  assert.equal(w.writes.scale, 10);
  assert.deepEqual(w.events, ['Normal SuccessfulRescale New size: 10; reason: Current number of replicas above Spec.MaxReplicas']);
});

test('no metrics: FailedGetResourceMetric then FailedComputeMetricsReplicas, and no rescale', async () => {
  const w = world({ pods: 0 });
  await assert.rejects(reconcileAutoscaler(hpa(), fresh(), w.deps), /failed to compute desired number of replicas based on listed metrics for Deployment\/default\/web/);
  assert.equal(w.writes.scale, undefined);
  const missing = 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API';
  assert.deepEqual(w.events, [`Warning FailedGetResourceMetric ${missing}`, `Warning FailedComputeMetricsReplicas invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${missing}`]);
  assert.deepEqual(reasons(w.writes.status), { AbleToScale: 'True SucceededGetScale', ScalingActive: 'False FailedGetResourceMetric' });
  assert.deepEqual(w.writes.status!.currentMetrics, [{ type: '' }]);
});

test('under target: held by the scale-down stabilization window, with ScaleDownStabilized', async () => {
  const w = world({ replicas: 4, pods: 4, cpuPerPod: '10m' });
  const state = fresh();
  state.recommendations.push({ replicas: 4, timestamp: now - 60_000 });
  await reconcileAutoscaler(hpa(), state, w.deps);
  assert.equal(w.writes.scale, undefined);
  assert.equal(w.writes.status!.desiredReplicas, 4);
  assert.deepEqual(reasons(w.writes.status), { AbleToScale: 'True ScaleDownStabilized', ScalingActive: 'True ValidMetricFound', ScalingLimited: 'False DesiredWithinRange' });
});

test('a target whose scale has no selector: SelectorRequired, InvalidSelector', async () => {
  const w = world({ selector: '' });
  await assert.rejects(reconcileAutoscaler(hpa(), fresh(), w.deps), /selector is required/);
  assert.deepEqual(w.events, ['Warning SelectorRequired selector is required', 'Warning FailedComputeMetricsReplicas selector is required']);
  assert.deepEqual(reasons(w.writes.status), { AbleToScale: 'True SucceededGetScale', ScalingActive: 'False InvalidSelector' });
});

test("pods another HPA also autoscales: AmbiguousSelector, and no rescale", async () => {
  const w = world({ cpuPerPod: '150m', alsoSelectedBy: 'default/web-2' });
  const state = fresh();
  await assert.rejects(reconcileAutoscaler(hpa(), state, w.deps), /controlled by multiple HPAs/);
  assert.equal(w.writes.scale, undefined);
  assert.equal(state.selector, 'app=web');
  const msg = 'pods by selector app=web are controlled by multiple HPAs: [default/web default/web-2]';
  assert.deepEqual(w.events, [`Warning AmbiguousSelector ${msg}`, `Warning FailedComputeMetricsReplicas ${msg}`]);
  assert.deepEqual(reasons(w.writes.status), { AbleToScale: 'True SucceededGetScale', ScalingActive: 'False AmbiguousSelector' });
});
