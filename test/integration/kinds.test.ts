/**
 * The built-in kinds through the real kubectl: what `kubectl get` prints for them (headers and rows,
 * -o wide, `get all`), Service ClusterIP/NodePort allocation and conflicts, the `kubernetes` Service.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type TestCluster } from '../helpers/cluster';

function ok(r: { code: number; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.code, 0, `${what} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const header = (out: string) => out.split('\n')[0]!.trim().split(/\s{2,}/);

const manifests = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: kinds}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.25"}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: kinds}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: web-np, namespace: kinds}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
---
apiVersion: v1
kind: Pod
metadata: {name: solo, namespace: kinds}
spec:
  containers: [{name: box, image: busybox}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi, namespace: kinds}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: perl}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick, namespace: kinds}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: tick, image: busybox}]
`;

describe('built-in kinds with kubectl', () => {
  let cluster: TestCluster;
  const k = (args: string[], input?: string) => cluster.kubectl(args, { input });

  before(async () => {
    cluster = await startCluster();
    ok(k(['create', 'namespace', 'kinds']), 'create ns');
    ok(k(['apply', '-f', '-'], manifests), 'apply');
  });
  after(async () => {
    await cluster?.stop({ remove: true });
  });

  test('the kubernetes Service and its endpoints', () => {
    const out = ok(k(['get', 'svc', 'kubernetes', '-n', 'default']), 'get svc kubernetes');
    assert.deepEqual(header(out), ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    assert.match(out, /^kubernetes\s+ClusterIP\s+10\.43\.0\.1\s+<none>\s+443\/TCP\s+\d+s$/m);
    const port = new URL(cluster.url).port;
    assert.match(ok(k(['get', 'endpoints', 'kubernetes', '-n', 'default']), 'get ep'), new RegExp(`^kubernetes\\s+127\\.0\\.0\\.1:${port}\\s+`, 'm'));
    const slices = ok(k(['get', 'endpointslices', '-n', 'default']), 'get endpointslices');
    assert.deepEqual(header(slices), ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    assert.match(slices, new RegExp(`^kubernetes\\s+IPv4\\s+${port}\\s+127\\.0\\.0\\.1\\s+`, 'm'));
  });

  test('services: ClusterIP, NodePort, -o wide, conflicts', () => {
    const out = ok(k(['get', 'svc', '-n', 'kinds', '-o', 'wide']), 'get svc -o wide');
    assert.deepEqual(header(out), ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    assert.match(out, /^web\s+ClusterIP\s+10\.43\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s\s+app=web$/m);
    assert.match(out, /^web-np\s+NodePort\s+10\.43\.\d+\.\d+\s+<none>\s+80:30080\/TCP\s+\d+s\s+app=web$/m);
    const ip = ok(k(['get', 'svc', 'web', '-n', 'kinds', '-o', 'jsonpath={.spec.clusterIP}']), 'jsonpath').trim();
    const dup = k(['create', 'service', 'clusterip', 'dup', '-n', 'kinds', '--tcp=80:80', `--clusterip=${ip}`]);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, new RegExp(`spec\\.clusterIPs: Invalid value: \\["${ip.replace(/\./g, '\\.')}"\\]: failed to allocate IP ${ip.replace(/\./g, '\\.')}: provided IP is already allocated`));
    const outside = k(['create', 'service', 'clusterip', 'far', '-n', 'kinds', '--tcp=80:80', '--clusterip=1.2.3.4']);
    assert.match(outside.stderr, /the provided IP \(1\.2\.3\.4\) is not in the valid range\. The range of valid IPs is 10\.43\.0\.0\/16/);
    const port = k(['create', 'service', 'nodeport', 'np2', '-n', 'kinds', '--tcp=80:80', '--node-port=30080']);
    assert.match(port.stderr, /spec\.ports\[0\]\.nodePort: Invalid value: 30080: provided port is already allocated/);
  });

  test('deployments, pods, jobs and cronjobs print upstream columns', () => {
    const dep = ok(k(['get', 'deploy', '-n', 'kinds', '-o', 'wide']), 'get deploy');
    assert.deepEqual(header(dep), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    // No nodes here: the Deployment's pods stay Pending (UP-TO-DATE is 2 once its ReplicaSet exists).
    assert.match(dep, /^web\s+0\/2\s+[02]\s+0\s+\d+s\s+nginx\s+nginx:1\.25\s+app=web$/m);
    const pods = ok(k(['get', 'pods', '-n', 'kinds', '-o', 'wide']), 'get pods');
    assert.deepEqual(header(pods), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    assert.match(pods, /^solo\s+0\/1\s+Pending\s+0\s+\d+s\s+<none>\s+<none>\s+<none>\s+<none>$/m);
    const jobs = ok(k(['get', 'jobs', '-n', 'kinds']), 'get jobs');
    assert.deepEqual(header(jobs), ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    // The Job controller sets startTime at once, so DURATION is filled (its pod stays Pending without nodes).
    assert.match(jobs, /^pi\s+Running\s+0\/1\s+(\d+s\s+)?\d+s$/m);
    const cj = ok(k(['get', 'cronjobs', '-n', 'kinds']), 'get cronjobs');
    assert.deepEqual(header(cj), ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    assert.match(cj, /^tick\s+\*\/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\d+s$/m);
    const pod = JSON.parse(ok(k(['get', 'pod', 'solo', '-n', 'kinds', '-o', 'json']), 'get pod -o json'));
    assert.equal(pod.spec.containers[0].imagePullPolicy, 'Always');
    assert.equal(pod.spec.serviceAccountName, 'default');
    // The scheduler may already have added PodScheduled=False (there are no nodes here).
    assert.deepEqual({ phase: pod.status.phase, qosClass: pod.status.qosClass }, { phase: 'Pending', qosClass: 'BestEffort' });
    const job = JSON.parse(ok(k(['get', 'job', 'pi', '-n', 'kinds', '-o', 'json']), 'get job -o json'));
    assert.equal(job.spec.selector.matchLabels['batch.kubernetes.io/controller-uid'], job.metadata.uid);
    assert.equal(job.spec.template.metadata.labels['job-name'], 'pi');
  });

  test('kubectl get all', () => {
    const out = ok(k(['get', 'all', '-n', 'kinds']), 'get all');
    for (const name of ['pod/solo', 'service/web', 'service/web-np', 'deployment.apps/web', 'job.batch/pi', 'cronjob.batch/tick']) assert.match(out, new RegExp(`^${name.replace('.', '\\.')}\\s`, 'm'), name);
  });

  test('validation errors come back with upstream wording', () => {
    const bad = k(['apply', '-f', '-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad, namespace: kinds}\nspec:\n  replicas: -1\n  selector: {matchLabels: {app: bad}}\n  template:\n    metadata: {labels: {app: bad}}\n    spec:\n      containers: [{name: c, image: x}]\n');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
    const mismatch = k(['apply', '-f', '-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad2, namespace: kinds}\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: y}}\n    spec:\n      containers: [{name: c, image: x}]\n');
    assert.match(mismatch.stderr, /spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/);
  });
});

describe('the kubernetes Service across a restart', () => {
  test('is kept, with its IP, and the server starts again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skiff-kinds-'));
    try {
      const first = await startCluster({ dataDir });
      ok(first.kubectl(['create', 'service', 'clusterip', 'keep', '--tcp=80:80']), 'create svc');
      const ip = ok(first.kubectl(['get', 'svc', 'keep', '-o', 'jsonpath={.spec.clusterIP}']), 'get ip').trim();
      await first.stop();
      const second = await startCluster({ dataDir });
      try {
        assert.match(ok(second.kubectl(['get', 'svc', '-n', 'default']), 'get svc'), /^kubernetes\s+ClusterIP\s+10\.43\.0\.1\s+/m);
        assert.equal(ok(second.kubectl(['get', 'svc', 'keep', '-o', 'jsonpath={.spec.clusterIP}']), 'get ip').trim(), ip);
        const dup = second.kubectl(['create', 'service', 'clusterip', 'again', '--tcp=80:80', `--clusterip=${ip}`]);
        assert.match(dup.stderr, /provided IP is already allocated/);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
