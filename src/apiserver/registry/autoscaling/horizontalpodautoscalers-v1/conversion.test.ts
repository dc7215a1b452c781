import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hpaToV1, hpaToV2 } from './conversion';

test('a v2 HPA survives a round trip through v1, keeping what v1 cannot say in annotations', () => {
  const v2: any = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
    },
  };
  const v1: any = hpaToV1(v2);
  assert.equal(v1.apiVersion, 'autoscaling/v1');
  assert.equal(v1.spec.targetCPUUtilizationPercentage, 70);
  assert.ok(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics']);
  assert.deepEqual(hpaToV2(v1), v2);
});

test('a plain v1 HPA becomes a CPU utilization metric', () => {
  const v2: any = hpaToV2({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x', apiVersion: 'apps/v1' }, maxReplicas: 3, targetCPUUtilizationPercentage: 50 } } as any);
  assert.deepEqual(v2.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
});
