import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job, JobSpec } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { EventRecorder } from '../../client/event-recorder';
import type { Client, KubeObject, ResourceRef } from '../../client/interface';
import { silentLogger } from '../../util/logger';
import { ManualClock } from '../../util/manual-clock';
import { PodExpectations } from './expectations';
import { trackingFinalizer } from './pods';
import { reconcileJob } from './reconcile';
import type { JobDeps } from './state';

/** Just enough of the API for one sync: what it writes is recorded and echoed back. */
function fakeClient() {
  const created: KubeObject[] = [];
  const statuses: Job[] = [];
  const patched: string[] = [];
  const deleted: string[] = [];
  let n = 0;
  const client = {
    async create(r: ResourceRef, _ns: string | undefined, obj: KubeObject) {
      if (r.resource === 'pods') created.push(obj);
      return { ...obj, metadata: { ...obj.metadata, name: obj.metadata.name ?? `${obj.metadata.generateName}${n++}` } };
    },
    async update(_r: ResourceRef, _ns: string | undefined, obj: KubeObject) {
      statuses.push(structuredClone(obj) as unknown as Job);
      return obj;
    },
    async patch(_r: ResourceRef, _ns: string | undefined, name: string) {
      patched.push(name);
      return {} as KubeObject;
    },
    async delete(_r: ResourceRef, _ns: string | undefined, name: string) {
      deleted.push(name);
    },
  } as unknown as Client;
  return { client, created, statuses, patched, deleted };
}

function setup(now: number) {
  const fake = fakeClient();
  const clock = new ManualClock(now);
  const requeued: number[] = [];
  const deps: JobDeps = {
    client: fake.client,
    clock,
    logger: silentLogger,
    recorder: new EventRecorder({ client: fake.client, component: 'job-controller', logger: silentLogger }),
    expectations: new PodExpectations(),
    backoff: new Map(),
    requeueAfter: (_key, ms) => requeued.push(ms),
  };
  return { ...fake, deps, requeued };
}

const job = (spec: Partial<JobSpec>, status: Job['status'] = {}): Job => ({
  metadata: { name: 'j', namespace: 'ns', uid: 'job-uid' },
  spec: { template: { metadata: { labels: { 'job-name': 'j' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } }, backoffLimit: 6, ...spec },
  status,
});

const pod = (name: string, phase: string, finishedAt?: string): Pod => ({
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, finalizers: [trackingFinalizer] },
  status: { phase, containerStatuses: finishedAt ? [{ name: 'c', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: phase === 'Failed' ? 1 : 0, finishedAt } } }] : [] },
});

test('a new Job gets parallelism pods from its template, owned by it, with the tracking finalizer', async () => {
  const t = setup(Date.parse('2030-01-01T00:00:00Z'));
  await reconcileJob(t.deps, 'ns/j', job({ completions: 3, parallelism: 2 }), []);
  assert.equal(t.created.length, 2);
  for (const p of t.created) {
    assert.equal(p.metadata.generateName, 'j-');
    assert.deepEqual(p.metadata.finalizers, [trackingFinalizer]);
    assert.equal(p.metadata.ownerReferences?.[0]?.uid, 'job-uid');
  }
  const last = t.statuses.at(-1)!;
  assert.equal(last.status?.active, 2);
  assert.equal(last.status?.startTime, '2030-01-01T00:00:00Z');
});

test('finished pods go through uncountedTerminatedPods, lose the finalizer, and complete the Job', async () => {
  const t = setup(Date.parse('2030-01-01T00:01:00Z'));
  const pods = [pod('a', 'Succeeded', '2030-01-01T00:00:30Z'), pod('b', 'Succeeded', '2030-01-01T00:00:40Z')];
  await reconcileJob(t.deps, 'ns/j', job({ completions: 2, parallelism: 2 }, { startTime: '2030-01-01T00:00:00Z' }), pods);
  assert.deepEqual(t.statuses[0]!.status?.uncountedTerminatedPods?.succeeded, ['uid-a', 'uid-b'], 'first written as uncounted');
  assert.deepEqual(t.patched.sort(), ['a', 'b'], 'then the finalizers go');
  const last = t.statuses.at(-1)!.status!;
  assert.equal(last.succeeded, 2);
  assert.equal(last.uncountedTerminatedPods?.succeeded, undefined);
  assert.deepEqual(last.conditions?.map((c) => `${c.type}=${c.status}`), ['SuccessCriteriaMet=True', 'Complete=True']);
  assert.equal(last.completionTime, '2030-01-01T00:01:00Z');
  assert.equal(t.created.length, 0);
});

test('after a failure no replacement is made until the back-off has passed; the sync is requeued for then', async () => {
  const t = setup(Date.parse('2030-01-01T00:00:02Z'));
  await reconcileJob(t.deps, 'ns/j', job({ completions: 1, parallelism: 1 }, { startTime: '2030-01-01T00:00:00Z' }), [pod('a', 'Failed', '2030-01-01T00:00:00Z')]);
  assert.equal(t.created.length, 0);
  assert.deepEqual(t.requeued, [8_000]);
  assert.equal(t.statuses.at(-1)!.status?.failed, 1);
});

test('failures beyond backoffLimit fail the Job: FailureTarget, then Failed with BackoffLimitExceeded', async () => {
  const t = setup(Date.parse('2030-01-01T00:05:00Z'));
  const pods = [pod('a', 'Failed', '2030-01-01T00:00:00Z'), pod('b', 'Failed', '2030-01-01T00:01:00Z')];
  await reconcileJob(t.deps, 'ns/j', job({ completions: 1, parallelism: 1, backoffLimit: 1 }, { startTime: '2030-01-01T00:00:00Z' }), pods);
  const last = t.statuses.at(-1)!.status!;
  assert.equal(last.failed, 2);
  assert.deepEqual(last.conditions?.map((c) => `${c.type}/${c.reason}`), ['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
  assert.equal(last.conditions?.[1]?.message, 'Job has reached the specified backoff limit');
});

test('an Indexed Job meeting its successPolicy stops its other pods and gets SuccessCriteriaMet', async () => {
  const t = setup(Date.parse('2030-01-01T00:01:00Z'));
  const indexed = (name: string, phase: string, ix: number) => {
    const p = pod(name, phase, phase === 'Succeeded' ? '2030-01-01T00:00:30Z' : undefined);
    p.metadata!.annotations = { 'batch.kubernetes.io/job-completion-index': String(ix) };
    return p;
  };
  const spec = { completions: 3, parallelism: 2, completionMode: 'Indexed', successPolicy: { rules: [{ succeededIndexes: '0' }] } };
  await reconcileJob(t.deps, 'ns/j', job(spec, { startTime: '2030-01-01T00:00:00Z' }), [indexed('a', 'Succeeded', 0), indexed('b', 'Running', 1)]);
  assert.deepEqual(t.deleted, ['b']);
  assert.equal(t.created.length, 0);
  const first = t.statuses[0]!.status!;
  assert.deepEqual(first.conditions?.map((c) => `${c.type}/${c.reason}/${c.message}`), ['SuccessCriteriaMet/SuccessPolicy/Matched rules at index 0']);
  assert.equal(t.statuses.at(-1)!.status!.completedIndexes, '0');
  assert.ok(!t.statuses.at(-1)!.status!.conditions?.some((c) => c.type === 'Complete'), 'Complete waits for the terminating pod');
});

test('restartPolicy OnFailure: container restarts of running pods count against backoffLimit', async () => {
  const t = setup(Date.parse('2030-01-01T00:05:00Z'));
  const running = (restartCount: number): Pod => ({
    metadata: { name: 'r', namespace: 'ns', uid: 'uid-r', finalizers: [trackingFinalizer] },
    status: { phase: 'Running', containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: true, restartCount }] },
  });
  const spec = (limit: number) => {
    const s = job({ completions: 1, parallelism: 1, backoffLimit: limit }).spec!;
    s.template.spec!.restartPolicy = 'OnFailure';
    return s;
  };
  await reconcileJob(t.deps, 'ns/j', job(spec(3), { startTime: '2030-01-01T00:00:00Z' }), [running(2)]);
  assert.ok(!t.statuses.at(-1)?.status?.conditions?.length, 'two restarts are under a limit of 3');
  await reconcileJob(t.deps, 'ns/j', job(spec(3), { startTime: '2030-01-01T00:00:00Z' }), [running(3)]);
  assert.deepEqual(t.deleted, ['r'], 'the pod is stopped');
  const conditions = t.statuses.at(-1)!.status!.conditions!;
  assert.equal(conditions[0]?.type, 'FailureTarget');
  assert.equal(conditions[0]?.reason, 'BackoffLimitExceeded');
});

test('backoffLimitPerIndex: a failed index is retried with its failure count, then fails for good', async () => {
  const at = (name: string, phase: string, ix: number, failures: number, finishedAt?: string) => {
    const p = pod(name, phase, finishedAt);
    p.metadata!.annotations = { 'batch.kubernetes.io/job-completion-index': String(ix), 'batch.kubernetes.io/job-index-failure-count': String(failures) };
    return p;
  };
  const spec = { completions: 2, parallelism: 2, completionMode: 'Indexed', backoffLimitPerIndex: 1, backoffLimit: 2147483647 };
  const retry = setup(Date.parse('2030-01-01T00:01:00Z'));
  await reconcileJob(retry.deps, 'ns/j', job(spec, { startTime: '2030-01-01T00:00:00Z' }), [at('a', 'Failed', 0, 0, '2030-01-01T00:00:40Z'), at('b', 'Running', 1, 0)]);
  assert.equal(retry.created.length, 1);
  assert.equal(retry.created[0]!.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], '0');
  assert.equal(retry.created[0]!.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count'], '1');
  assert.deepEqual(retry.patched, [], 'the failed pod keeps its finalizer until its replacement is seen');

  const fail = setup(Date.parse('2030-01-01T00:02:00Z'));
  await reconcileJob(fail.deps, 'ns/j', job(spec, { startTime: '2030-01-01T00:00:00Z' }), [at('c', 'Failed', 0, 1, '2030-01-01T00:01:40Z'), at('d', 'Succeeded', 1, 0, '2030-01-01T00:01:30Z')]);
  assert.equal(fail.created.length, 0);
  const last = fail.statuses.at(-1)!.status!;
  assert.equal(last.failedIndexes, '0');
  assert.equal(last.completedIndexes, '1');
  assert.deepEqual(last.conditions?.map((c) => `${c.type}/${c.reason}`), ['FailureTarget/FailedIndexes', 'Failed/FailedIndexes']);
});
