/**
 * Jobs and CronJobs with the real kubectl on simulated nodes: a Job from `kubectl create job` completes; a
 * failing Job retries after the back-off and fails with BackoffLimitExceeded; an Indexed Job keeps to its
 * parallelism and records completedIndexes. CronJobs run in-process on a ManualClock that the test advances.
 */
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Cluster, ManualClock, startCluster as startInProcess } from '../../src/index';
import { startCluster, type TestCluster } from '../helpers/cluster';
import { waitFor } from './kubectl-suite';

interface PodJson {
  metadata: { name: string; creationTimestamp: string; deletionTimestamp?: string; annotations?: Record<string, string>; labels?: Record<string, string>; finalizers?: string[]; ownerReferences?: { kind: string; name: string }[] };
  spec: { hostname?: string; containers: { env?: { name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[] }[] };
  status: { phase?: string };
}

/** A Job manifest whose pods (container `main`, restartPolicy Never) carry the given annotations. */
function jobManifest(name: string, spec: Record<string, unknown>, annotations: Record<string, string>) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { ...spec, template: { metadata: { annotations } as Record<string, unknown>, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } },
  };
}

describe('jobs on simulated nodes', () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster({ extraArgs: ['--simulate-nodes', '3'] });
    // The failing Job waits out a real 10 s back-off: it runs while the other tests do.
    const failing = jobManifest('failing', { backoffLimit: 1 }, { 'skiff.dev/simulated-exit-code': '3', 'skiff.dev/simulated-run-seconds': '0' });
    assert.equal(c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(failing) }).code, 0);
  });
  after(async () => {
    await c?.stop({ remove: true });
  });
  const ok = (args: string[], input?: string) => {
    const r = c.kubectl(args, { input });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const json = (args: string[]) => JSON.parse(ok([...args, '-o', 'json']));
  const podsOf = (job: string): PodJson[] => json(['get', 'pods', '-l', `job-name=${job}`]).items;
  const events = (name: string) => ok(['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
  const apply = (obj: unknown) => ok(['apply', '-f', '-'], JSON.stringify(obj));

  test('kubectl create job: the pod runs and the Job completes', () => {
    ok(['create', 'job', 'hello', '--image=busybox']);
    ok(['wait', '--for=condition=complete', 'job/hello', '--timeout=30s']);
    const row = ok(['get', 'jobs', 'hello', '--no-headers']).trim().split(/\s+/);
    assert.deepEqual(row.slice(0, 3), ['hello', 'Complete', '1/1']);
    const job = json(['get', 'job', 'hello']);
    assert.equal(job.status.succeeded, 1);
    assert.equal(job.status.active, undefined, 'zero counters are left out, as upstream');
    assert.equal(job.status.failed, undefined);
    assert.deepEqual(job.status.conditions.map((x: { type: string; reason: string }) => `${x.type}/${x.reason}`), ['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
    assert.ok(job.status.completionTime && job.status.startTime);
    const [pod] = podsOf('hello');
    assert.ok(pod, 'the pod is kept after the Job completes');
    assert.equal(pod.status.phase, 'Succeeded');
    assert.equal(pod.metadata.labels?.['batch.kubernetes.io/controller-uid'], job.metadata.uid);
    assert.deepEqual(pod.metadata.ownerReferences?.map((r) => `${r.kind}/${r.name}`), ['Job/hello']);
    assert.ok(!pod.metadata.finalizers?.includes('batch.kubernetes.io/job-tracking'), 'the tracking finalizer is removed once counted');
    const ev = events('hello');
    assert.match(ev, new RegExp(`SuccessfulCreate: Created pod: ${pod.metadata.name}`));
    assert.match(ev, /Completed: Job completed/);
  });

  test('an Indexed Job runs at most parallelism pods and records completedIndexes', async () => {
    apply(jobManifest('indexed', { completions: 5, parallelism: 2, completionMode: 'Indexed' }, { 'skiff.dev/simulated-run-seconds': '1' }));
    let most = 0;
    await waitFor(
      () => {
        const active = podsOf('indexed').filter((p) => !p.metadata.deletionTimestamp && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed').length;
        most = Math.max(most, active);
        return ok(['get', 'job', 'indexed', '-o', 'jsonpath={.status.conditions[?(@.type=="Complete")].status}']) === 'True';
      },
      40_000,
      () => `not complete: ${ok(['get', 'job', 'indexed', '-o', 'jsonpath={.status}'])}`,
    );
    assert.ok(most <= 2, `at most 2 pods ran at once, saw ${most}`);
    assert.ok(most >= 1);
    const job = json(['get', 'job', 'indexed']);
    assert.equal(job.status.completedIndexes, '0-4');
    assert.equal(job.status.succeeded, 5);
    const pods = podsOf('indexed');
    const indexes = pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort();
    assert.deepEqual(indexes, ['0', '1', '2', '3', '4']);
    for (const p of pods) {
      const ix = p.metadata.annotations!['batch.kubernetes.io/job-completion-index'];
      assert.equal(p.spec.hostname, `indexed-${ix}`);
      assert.equal(p.metadata.labels?.['batch.kubernetes.io/job-completion-index'], ix);
      assert.ok(p.metadata.name.startsWith(`indexed-${ix}-`));
      const env = p.spec.containers[0]!.env?.find((e) => e.name === 'JOB_COMPLETION_INDEX');
      assert.equal(env?.valueFrom?.fieldRef?.fieldPath, "metadata.labels['batch.kubernetes.io/job-completion-index']");
    }
  });

  const condition = (job: string, type: string) => ok(['get', 'job', job, '-o', `jsonpath={.status.conditions[?(@.type=="${type}")].reason}`]);

  test('activeDeadlineSeconds fails the Job with DeadlineExceeded and stops its pods', async () => {
    apply(jobManifest('deadline', { activeDeadlineSeconds: 2 }, { 'skiff.dev/simulated-run-seconds': '600' }));
    await waitFor(() => condition('deadline', 'Failed') !== '', 20_000, () => `not failed: ${ok(['get', 'job', 'deadline', '-o', 'jsonpath={.status}'])}`);
    assert.equal(condition('deadline', 'Failed'), 'DeadlineExceeded');
    await waitFor(() => podsOf('deadline').length === 0, 10_000, () => `pods left: ${podsOf('deadline').map((p) => p.metadata.name)}`);
    assert.match(events('deadline'), /DeadlineExceeded: Job was active longer than specified deadline/);
  });

  test('a podFailurePolicy FailJob rule on an exit code fails the Job at once', async () => {
    const policy = { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }] };
    apply(jobManifest('policy', { backoffLimit: 6, podFailurePolicy: policy }, { 'skiff.dev/simulated-exit-code': '42', 'skiff.dev/simulated-run-seconds': '0' }));
    await waitFor(() => condition('policy', 'Failed') !== '', 20_000, () => `not failed: ${ok(['get', 'job', 'policy', '-o', 'jsonpath={.status}'])}`);
    assert.equal(condition('policy', 'Failed'), 'PodFailurePolicy');
    const [pod] = podsOf('policy');
    assert.equal(podsOf('policy').length, 1, 'no retry');
    assert.equal(
      ok(['get', 'job', 'policy', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].message}']),
      `Container main for pod default/${pod!.metadata.name} failed with exit code 42 matching FailJob rule at index 0`,
    );
  });

  test('a Job adopts a matching orphan pod, with the tracking finalizer, and counts it', async () => {
    apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', namespace: 'default', labels: { app: 'adopt' }, annotations: { 'skiff.dev/simulated-run-seconds': '3' } },
      spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] },
    });
    await waitFor(() => ok(['get', 'pod', 'stray', '-o', 'jsonpath={.status.phase}']) === 'Running', 10_000, () => 'stray not running');
    const job = jobManifest('adopter', { manualSelector: true, selector: { matchLabels: { app: 'adopt' } } }, {});
    job.spec.template.metadata.labels = { app: 'adopt' };
    apply(job);
    const owner = () => ok(['get', 'pod', 'stray', '-o', 'jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}']);
    await waitFor(() => owner() === 'Job/adopter', 10_000, () => `owner: ${owner()}`);
    ok(['wait', '--for=condition=complete', 'job/adopter', '--timeout=20s']);
    assert.deepEqual(ok(['get', 'pods', '-l', 'app=adopt', '-o', 'jsonpath={.items[*].metadata.name}']).split(' '), ['stray'], 'no pod of its own: the adopted one ran');
    assert.equal(ok(['get', 'job', 'adopter', '-o', 'jsonpath={.status.succeeded}']), '1');
  });

  test('deleting a running Job deletes its pods; their tracking finalizers are released', async () => {
    apply(jobManifest('doomed', { parallelism: 2, completions: 4 }, { 'skiff.dev/simulated-run-seconds': '600' }));
    await waitFor(() => ok(['get', 'job', 'doomed', '-o', 'jsonpath={.status.ready}']) === '2', 10_000, () => 'pods not running');
    ok(['delete', 'job', 'doomed']);
    await waitFor(() => podsOf('doomed').length === 0, 15_000, () => `pods left: ${JSON.stringify(podsOf('doomed').map((p) => p.metadata))}`);
  });

  test('a suspended Job makes no pods until resumed', async () => {
    apply(jobManifest('paused', { suspend: true }, { 'skiff.dev/simulated-run-seconds': '0' }));
    await waitFor(() => condition('paused', 'Suspended') === 'JobSuspended', 10_000, () => 'no Suspended condition');
    assert.equal(podsOf('paused').length, 0);
    assert.equal(ok(['get', 'jobs', 'paused', '--no-headers']).trim().split(/\s+/)[1], 'Suspended');
    ok(['patch', 'job', 'paused', '--type=merge', '-p', '{"spec":{"suspend":false}}']);
    ok(['wait', '--for=condition=complete', 'job/paused', '--timeout=20s']);
    assert.equal(condition('paused', 'Suspended'), 'JobResumed');
    assert.match(events('paused'), /Suspended: Job suspended/);
    assert.match(events('paused'), /Resumed: Job resumed/);
  });

  test('a failing Job retries after the back-off, then fails with BackoffLimitExceeded', async () => {
    const failedCondition = () => ok(['get', 'job', 'failing', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}']);
    await waitFor(() => failedCondition() !== '', 40_000, () => `not failed: ${ok(['get', 'job', 'failing', '-o', 'jsonpath={.status}'])}`);
    assert.equal(failedCondition(), 'BackoffLimitExceeded');
    const job = json(['get', 'job', 'failing']);
    assert.equal(job.status.failed, 2);
    assert.equal(job.status.conditions.find((x: { type: string }) => x.type === 'FailureTarget')?.reason, 'BackoffLimitExceeded');
    const created = podsOf('failing').map((p) => Date.parse(p.metadata.creationTimestamp)).sort();
    assert.equal(created.length, 2, 'backoffLimit 1: one retry');
    assert.ok(created[1]! - created[0]! >= 9_000, `the retry waited the 10 s back-off (${created[1]! - created[0]!} ms)`);
    assert.deepEqual(ok(['get', 'jobs', 'failing', '--no-headers']).trim().split(/\s+/).slice(0, 3), ['failing', 'Failed', '0/1']);
    assert.match(events('failing'), /BackoffLimitExceeded: Job has reached the specified backoff limit/);
  });
});

describe('CronJobs and TTL on a manual clock (in-process)', () => {
  let cluster: Cluster;
  const clock = new ManualClock(Date.now());
  before(async () => {
    cluster = await startInProcess({ simulatedNodes: 2, clock });
  });
  after(async () => {
    await cluster?.stop();
  });
  // The server runs in this process: kubectl must not block the event loop.
  const k = async (args: string[], input?: string): Promise<string> => {
    const child = execFile('kubectl', ['--kubeconfig', cluster.kubeconfigPath, ...args], { encoding: 'utf8' });
    if (input !== undefined) child.stdin!.end(input);
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: string) => (out += d));
    child.stderr!.on('data', (d: string) => (err += d));
    const code = await new Promise<number | null>((res) => child.on('close', res));
    assert.equal(code, 0, `${args.join(' ')}: ${err}`);
    return out;
  };
  const until = async (cond: () => Promise<boolean>, timeoutMs: number, message: () => string | Promise<string>) => {
    const start = Date.now();
    while (!(await cond())) {
      if (Date.now() - start > timeoutMs) throw new Error(await message());
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const jobNames = async () => (await k(['get', 'jobs', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').filter(Boolean).sort();

  test('a */1 CronJob with Forbid starts a Job when its minute comes, and skips the next while it runs', async () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: 'default' },
      spec: {
        schedule: '*/1 * * * *',
        concurrencyPolicy: 'Forbid',
        jobTemplate: {
          spec: { template: { metadata: { annotations: { 'skiff.dev/simulated-run-seconds': '3600' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox' }] } } },
        },
      },
    };
    await k(['apply', '-f', '-'], JSON.stringify(cronJob));
    const created = Date.parse(await k(['get', 'cronjob', 'tick', '-o', 'jsonpath={.metadata.creationTimestamp}']));
    const first = Math.floor(created / 60_000) * 60_000 + 60_000;
    clock.set(first - 2_000);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await jobNames(), [], 'nothing before the minute');
    clock.set(first + 1_000);
    const name = `tick-${first / 60_000}`;
    await until(async () => (await jobNames()).includes(name), 15_000, () => `no job ${name}`);
    const job = JSON.parse(await k(['get', 'job', name, '-o', 'json']));
    assert.equal(job.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'], new Date(first).toISOString().replace('.000Z', 'Z'));
    assert.equal(job.metadata.ownerReferences[0].kind, 'CronJob');
    await until(async () => (await k(['get', 'cronjob', 'tick', '-o', 'jsonpath={.status.active[*].name}'])) === name, 10_000, () => 'status.active');
    assert.equal(await k(['get', 'cronjob', 'tick', '-o', 'jsonpath={.status.lastScheduleTime}']), new Date(first).toISOString().replace('.000Z', 'Z'));
    await until(async () => (await k(['get', 'job', name, '-o', 'jsonpath={.status.ready}'])) === '1', 10_000, () => 'the pod is not running');
    clock.set(first + 61_000);
    const events = () => k(['get', 'events', '--field-selector', 'involvedObject.name=tick', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    await until(async () => /JobAlreadyActive/.test(await events()), 10_000, () => 'no JobAlreadyActive event');
    assert.match(await events(), /JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid/);
    assert.match(await events(), new RegExp(`SuccessfulCreate: Created job ${name}`));
    assert.deepEqual(await jobNames(), [name], 'the second minute started no Job');
    await k(['create', 'job', 'by-hand', '--from=cronjob/tick']);
    assert.equal(await k(['get', 'job', 'by-hand', '-o', 'jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate}']), 'manual');
    await k(['delete', 'cronjob', 'tick']);
  });

  const cron = (name: string, spec: Record<string, unknown>, runSeconds: string) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '*/1 * * * *',
      ...spec,
      jobTemplate: { spec: { template: { metadata: { annotations: { 'skiff.dev/simulated-run-seconds': runSeconds } }, spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox' }] } } } },
    },
  });
  const ownedBy = async (cj: string) => (await jobNames()).filter((n) => n.startsWith(`${cj}-`));
  /** Moves the clock just past the next minute and returns that minute's Job name. */
  const nextMinute = (cj: string) => {
    const minute = Math.floor(clock.now() / 60_000) + 1;
    clock.set(minute * 60_000 + 1_000);
    return `${cj}-${minute}`;
  };

  test('Replace deletes the running Job when the next one is due', async () => {
    await k(['apply', '-f', '-'], JSON.stringify(cron('swap', { concurrencyPolicy: 'Replace' }, '3600')));
    await new Promise((r) => setTimeout(r, 300));
    const first = nextMinute('swap');
    await until(async () => (await ownedBy('swap')).includes(first), 10_000, () => `no ${first}`);
    await until(async () => (await k(['get', 'cronjob', 'swap', '-o', 'jsonpath={.status.active[*].name}'])) === first, 10_000, () => 'active');
    const second = nextMinute('swap');
    await until(async () => JSON.stringify(await ownedBy('swap')) === JSON.stringify([second]), 15_000, async () => `jobs: ${await ownedBy('swap')}`);
    await k(['delete', 'cronjob', 'swap']);
  });

  test('successfulJobsHistoryLimit keeps only the newest finished Jobs; lastSuccessfulTime follows', async () => {
    await k(['apply', '-f', '-'], JSON.stringify(cron('hist', { successfulJobsHistoryLimit: 1 }, '0')));
    await new Promise((r) => setTimeout(r, 300));
    let last = '';
    for (let i = 0; i < 3; i++) {
      last = nextMinute('hist');
      await k(['wait', '--for=condition=complete', `job/${last}`, '--timeout=20s']).catch(async () => {
        await until(async () => (await ownedBy('hist')).includes(last), 10_000, () => `no ${last}`);
        await k(['wait', '--for=condition=complete', `job/${last}`, '--timeout=20s']);
      });
    }
    await until(async () => JSON.stringify(await ownedBy('hist')) === JSON.stringify([last]), 10_000, async () => `jobs: ${await ownedBy('hist')}`);
    const completion = await k(['get', 'job', last, '-o', 'jsonpath={.status.completionTime}']);
    await until(async () => (await k(['get', 'cronjob', 'hist', '-o', 'jsonpath={.status.lastSuccessfulTime}'])) === completion, 10_000, () => 'lastSuccessfulTime');
    const events = await k(['get', 'events', '--field-selector', 'involvedObject.name=hist', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    assert.match(events, /SawCompletedJob: Saw completed job: hist-\d+, status: Complete/);
    assert.match(events, /SuccessfulDelete: Deleted job hist-\d+/);
    await k(['delete', 'cronjob', 'hist']);
  });

  test('the pod failure back-off (10 s, then 20 s) runs on the controller clock', async () => {
    const job = jobManifest('retry', { backoffLimit: 2 }, { 'skiff.dev/simulated-exit-code': '1', 'skiff.dev/simulated-run-seconds': '0' });
    const failed = async () => Number((await k(['get', 'job', 'retry', '-o', 'jsonpath={.status.failed}'])) || 0);
    const pods = async () => (await k(['get', 'pods', '-l', 'job-name=retry', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').filter(Boolean).length;
    await k(['apply', '-f', '-'], JSON.stringify(job));
    await until(async () => (await failed()) === 1, 10_000, () => 'first failure not counted');
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(await pods(), 1, 'no replacement before the back-off');
    clock.advance(10_500);
    await until(async () => (await failed()) === 2, 10_000, () => 'second failure not counted');
    clock.advance(10_500);
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(await pods(), 2, 'the second back-off is 20 s');
    clock.advance(10_000);
    await until(async () => (await k(['get', 'job', 'retry', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}'])) === 'BackoffLimitExceeded', 10_000, () => 'not failed');
    assert.equal(await pods(), 3);
  });

  test('backoffLimitPerIndex retries each index after its own back-off, then lists it in failedIndexes', async () => {
    const spec = { completions: 2, parallelism: 2, completionMode: 'Indexed', backoffLimitPerIndex: 1 };
    await k(['apply', '-f', '-'], JSON.stringify(jobManifest('per-index', spec, { 'skiff.dev/simulated-exit-code': '1', 'skiff.dev/simulated-run-seconds': '0' })));
    const counts = async () => (await k(['get', 'pods', '-l', 'job-name=per-index', '-o', "jsonpath={.items[*].metadata.annotations.batch\\.kubernetes\\.io/job-index-failure-count}"])).split(' ').sort().join(',');
    await until(async () => (await counts()) === '0,0', 10_000, async () => `first pods: ${await counts()}`);
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(await counts(), '0,0', 'no retry before the back-off');
    clock.advance(11_000);
    await until(async () => (await counts()) === '0,0,1,1', 10_000, async () => `retries: ${await counts()}`);
    const reason = () => k(['get', 'job', 'per-index', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}']);
    await until(async () => (await reason()) === 'FailedIndexes', 10_000, async () => `status: ${await k(['get', 'job', 'per-index', '-o', 'jsonpath={.status}'])}`);
    assert.equal(await k(['get', 'job', 'per-index', '-o', 'jsonpath={.status.failedIndexes}']), '0,1');
  });

  test('ttlSecondsAfterFinished deletes a finished Job once the clock passes it', async () => {
    const job = jobManifest('short', { ttlSecondsAfterFinished: 30 }, { 'skiff.dev/simulated-run-seconds': '0' });
    await k(['apply', '-f', '-'], JSON.stringify(job));
    await k(['wait', '--for=condition=complete', 'job/short', '--timeout=20s']);
    clock.advance(20_000);
    await new Promise((r) => setTimeout(r, 500));
    assert.ok((await jobNames()).includes('short'), 'kept before the TTL');
    clock.advance(15_000);
    await until(async () => !(await jobNames()).includes('short'), 10_000, () => 'the Job was not deleted');
  });
});
