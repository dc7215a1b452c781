import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../../../../api/validation/field-errors';
import type { KubeObject, Strategy } from '../../generic/strategy';
import { deploymentStrategy } from './strategy';
import { replicaSetStrategy } from '../replicasets/strategy';
import { statefulSetStrategy } from '../statefulsets/strategy';
import { daemonSetStrategy } from '../daemonsets/strategy';
import { jobStrategy } from '../../batch/jobs/strategy';
import { cronJobStrategy } from '../../batch/cronjobs/strategy';

const now = Date.parse('2024-01-01T00:10:00Z');
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } };

function make(strategy: Strategy, spec: Record<string, unknown>, name = 'web'): KubeObject {
  const obj: KubeObject = { metadata: { name, namespace: 'default', uid: 'uid-1', creationTimestamp: '2024-01-01T00:00:00Z' }, spec: structuredClone(spec) };
  strategy.prepareForCreate?.(obj);
  strategy.defaults?.(obj);
  return obj;
}

const errors = (s: Strategy, obj: KubeObject) => s.validate(obj).map(formatFieldError);

test('deployment defaults', () => {
  const d = make(deploymentStrategy, { selector: { matchLabels: { app: 'web' } }, template });
  const spec = d.spec as any;
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.progressDeadlineSeconds, 600);
  assert.equal(spec.template.spec.restartPolicy, 'Always');
  assert.equal(spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
  assert.equal(d.metadata.generation, 1);
  assert.deepEqual(errors(deploymentStrategy, d), []);
});

test('workload validation messages', () => {
  const cases: [string, Strategy, Record<string, unknown>, string[]][] = [
    ['negative replicas', deploymentStrategy, { replicas: -1, selector: { matchLabels: { app: 'web' } }, template }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['missing selector', deploymentStrategy, { template }, ['spec.selector: Required value']],
    ['selector mismatch', replicaSetStrategy, { selector: { matchLabels: { app: 'db' } }, template }, ['spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`']],
    ['statefulset restart policy', statefulSetStrategy, { selector: { matchLabels: { app: 'web' } }, template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } }, ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['daemonset no containers', daemonSetStrategy, { selector: { matchLabels: { app: 'web' } }, template: { metadata: template.metadata, spec: { containers: [] } } }, ['spec.template.spec.containers: Required value']],
    ['job restart policy', jobStrategy, { template }, ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']],
    ['cronjob schedule', cronJobStrategy, { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'x' }] } } } } }, ['spec.schedule: Required value']],
  ];
  for (const [name, s, spec, want] of cases) assert.deepEqual(errors(s, make(s, spec)), want, name);
});

test('selectors are immutable', () => {
  const old = make(deploymentStrategy, { selector: { matchLabels: { app: 'web' } }, template });
  const changed = structuredClone(old);
  (changed.spec as any).selector = { matchLabels: { app: 'web', tier: 'x' } };
  (changed.spec as any).template.metadata.labels.tier = 'x';
  const errs = deploymentStrategy.validateUpdate!(changed, old).map(formatFieldError);
  assert.deepEqual(errs, ['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable']);
});

test('job defaults and generated selector', () => {
  const j = make(jobStrategy, { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } }, 'pi');
  const spec = j.spec as any;
  assert.equal(spec.completions, 1);
  assert.equal(spec.parallelism, 1);
  assert.equal(spec.backoffLimit, 6);
  assert.equal(spec.completionMode, 'NonIndexed');
  assert.equal(spec.suspend, false);
  assert.equal(spec.manualSelector, false);
  assert.deepEqual(spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-1' } });
  assert.deepEqual(spec.template.metadata.labels, { 'batch.kubernetes.io/controller-uid': 'uid-1', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'uid-1', 'job-name': 'pi' });
  assert.deepEqual(errors(jobStrategy, j), []);
  j.status = { succeeded: 1, startTime: '2024-01-01T00:00:00Z', completionTime: '2024-01-01T00:00:05Z', conditions: [{ type: 'Complete', status: 'True' }] };
  assert.deepEqual(jobStrategy.row(j, now), ['pi', 'Complete', '1/1', '5s', '10m', 'pi', 'perl', 'batch.kubernetes.io/controller-uid=uid-1']);
  assert.deepEqual(jobStrategy.columns.map((c) => c.name), ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers', 'Images', 'Selector']);
});

test('cronjob defaults and row', () => {
  const c = make(cronJobStrategy, { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'a', image: 'busybox' }] } } } } }, 'tick');
  const spec = c.spec as any;
  assert.equal(spec.concurrencyPolicy, 'Allow');
  assert.equal(spec.suspend, false);
  assert.equal(spec.successfulJobsHistoryLimit, 3);
  assert.equal(spec.failedJobsHistoryLimit, 1);
  assert.deepEqual(errors(cronJobStrategy, c), []);
  assert.deepEqual(cronJobStrategy.row(c, now), ['tick', '*/5 * * * *', '<none>', 'False', 0, '<none>', '10m', 'a', 'busybox', '<none>']);
  assert.match(errors(cronJobStrategy, make(cronJobStrategy, { ...spec, schedule: 'every minute' }))[0]!, /^spec\.schedule: Invalid value: "every minute": expected exactly 5 fields/);
});

test('workload rows', () => {
  const d = make(deploymentStrategy, { replicas: 3, selector: { matchLabels: { app: 'web' } }, template });
  d.status = { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
  assert.deepEqual(deploymentStrategy.row(d, now), ['web', '2/3', 3, 2, '10m', 'nginx', 'nginx:1.25', 'app=web']);
  const rs = make(replicaSetStrategy, { selector: { matchLabels: { app: 'web' } }, template });
  assert.deepEqual(replicaSetStrategy.row(rs, now), ['web', 1, 0, 0, '10m', 'nginx', 'nginx:1.25', 'app=web']);
  const sts = make(statefulSetStrategy, { selector: { matchLabels: { app: 'web' } }, template });
  assert.deepEqual(statefulSetStrategy.row(sts, now), ['web', '0/1', '10m', 'nginx', 'nginx:1.25']);
  const ds = make(daemonSetStrategy, { selector: { matchLabels: { app: 'web' } }, template });
  assert.deepEqual(daemonSetStrategy.row(ds, now), ['web', 0, 0, 0, 0, 0, '<none>', '10m', 'nginx', 'nginx:1.25', 'app=web']);
});

test('statefulset spec and job template updates are restricted', () => {
  const sts = make(statefulSetStrategy, { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template });
  const scaled = structuredClone(sts);
  (scaled.spec as any).replicas = 3;
  assert.deepEqual(statefulSetStrategy.validateUpdate!(scaled, sts), []);
  const renamed = structuredClone(sts);
  (renamed.spec as any).serviceName = 'other';
  assert.deepEqual(statefulSetStrategy.validateUpdate!(renamed, sts).map(formatFieldError), [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
  const j = make(jobStrategy, { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } }, 'pi');
  const changed = structuredClone(j);
  (changed.spec as any).template.spec.containers[0].image = 'perl:5';
  const errs = jobStrategy.validateUpdate!(changed, j).map(formatFieldError);
  assert.equal(errs.length, 1);
  assert.match(errs[0]!, /^spec\.template: Invalid value: .*: field is immutable$/);
});
