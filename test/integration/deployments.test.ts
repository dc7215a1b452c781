/**
 * Deployments, ReplicaSets and ReplicationControllers on three simulated nodes, driven by the real
 * kubectl: rollouts keep within maxSurge/maxUnavailable at every pod event, and kubectl's rollout
 * commands (status, history, undo, restart, pause, resume) and columns work as against upstream.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { parse as parseYaml } from 'yaml';
import { startCluster, type TestCluster } from '../helpers/cluster';
import { waitFor } from './kubectl-suite';

interface PodState {
  deleting: boolean;
  readySince?: number;
  hash?: string;
}

/** Watches the pods of a namespace over HTTPS and keeps their state, checking `check` at every event. */
function watchPods(c: TestCluster, ns: string, check: (pods: Map<string, PodState>, now: number) => void): { pods: Map<string, PodState>; errors: string[]; stop(): void } {
  const kc = parseYaml(readFileSync(c.kubeconfig, 'utf8'));
  const b64 = (s: string) => Buffer.from(s, 'base64');
  const pods = new Map<string, PodState>();
  const errors: string[] = [];
  let buffer = '';
  const req = request(new URL(`/api/v1/namespaces/${ns}/pods?watch=1`, c.url), {
    ca: b64(kc.clusters[0].cluster['certificate-authority-data']),
    cert: b64(kc.users[0].user['client-certificate-data']),
    key: b64(kc.users[0].user['client-key-data']),
  }, (resp) => {
    resp.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!line.trim()) continue;
        const { type, object: p } = JSON.parse(line);
        if (type === 'DELETED') pods.delete(p.metadata.name);
        else {
          const ready = p.status?.conditions?.find((x: { type: string }) => x.type === 'Ready');
          pods.set(p.metadata.name, { deleting: !!p.metadata.deletionTimestamp, readySince: ready?.status === 'True' ? Date.parse(ready.lastTransitionTime) : undefined, hash: p.metadata.labels?.['pod-template-hash'] });
        }
        try {
          check(pods, Date.now());
        } catch (err) {
          errors.push(String(err));
        }
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return { pods, errors, stop: () => req.destroy() };
}

describe('deployments', () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster({ extraArgs: ['--simulate-nodes', '3'] });
  });
  after(async () => {
    await c?.stop({ remove: true });
  });
  const k = (args: string[]) => c.kubectl(args);
  const ok = (args: string[], input?: string) => {
    const r = c.kubectl(args, { input });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const json = async (path: string) => (await c.http('GET', path)).json();
  const deployment = (name: string, spec: Record<string, unknown>) =>
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } }, ...spec },
    });

  test('a deployment makes a ReplicaSet <name>-<hash> whose pods carry the hash; columns as upstream', () => {
    ok(['apply', '-f', '-'], deployment('web', { replicas: 4, minReadySeconds: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    assert.match(ok(['rollout', 'status', 'deploy/web', '--timeout=30s']), /deployment "web" successfully rolled out/);
    const [head, row] = ok(['get', 'deploy', 'web']).trim().split('\n');
    assert.deepEqual(head!.split(/\s+/), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    assert.deepEqual(row!.split(/\s+/).slice(0, 4), ['web', '4/4', '4', '4']);
    const rsRows = ok(['get', 'rs', '-l', 'app=web']).trim().split('\n');
    assert.deepEqual(rsRows[0]!.split(/\s+/), ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    const [rsName, desired, current, ready] = rsRows[1]!.split(/\s+/);
    assert.deepEqual([desired, current, ready], ['4', '4', '4']);
    const hash = ok(['get', 'rs', rsName!, '-o', 'jsonpath={.metadata.labels.pod-template-hash}']);
    assert.equal(rsName, `web-${hash}`);
    assert.equal(ok(['get', 'rs', rsName!, '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.metadata.annotations.deployment\\.kubernetes\\.io/desired-replicas} {.metadata.annotations.deployment\\.kubernetes\\.io/max-replicas}']), '1 4 5');
    const pods = ok(['get', 'pods', '-l', `pod-template-hash=${hash}`, '-o', 'jsonpath={range .items[*]}{.metadata.name} {.metadata.ownerReferences[0].name} {.metadata.ownerReferences[0].controller} {.metadata.ownerReferences[0].blockOwnerDeletion}{"\\n"}{end}']).trim().split('\n');
    assert.equal(pods.length, 4);
    for (const p of pods) assert.match(p, new RegExp(`^${rsName}-[a-z0-9]{5} ${rsName} true true$`));
    assert.match(ok(['get', 'events', '--field-selector', 'involvedObject.name=web']), new RegExp(`ScalingReplicaSet\\s+deployment/web\\s+Scaled up replica set ${rsName} from 0 to 4`));
    assert.match(ok(['get', 'events', '--field-selector', `involvedObject.name=${rsName}`]), new RegExp(`SuccessfulCreate\\s+replicaset/${rsName}\\s+Created pod: ${rsName}-`));
  });

  /**
   * Changes the image of a Deployment (minReadySeconds 1) and watches its pods until every one runs the
   * new template, checking at each pod event that at most `maxLive` are not terminating and at least
   * `minAvailable` have been ready for a second. Returns the most pods seen not terminating at once.
   */
  async function observeRollout(name: string, replicas: number, image: string, maxLive: number, minAvailable: number): Promise<number> {
    let peak = 0;
    let armed = false;
    const mine = (pods: Map<string, PodState>) => [...pods.entries()].filter(([n]) => n.startsWith(`${name}-`)).map(([, p]) => p);
    const w = watchPods(c, 'default', (pods, now) => {
      if (!armed) return;
      const live = mine(pods).filter((p) => !p.deleting);
      peak = Math.max(peak, live.length);
      assert.ok(live.length <= maxLive, `${live.length} pods not terminating (max ${maxLive})`);
      const available = live.filter((p) => p.readySince !== undefined && p.readySince + 1000 <= now).length;
      assert.ok(available >= minAvailable, `${available} available (min ${minAvailable})`);
    });
    await waitFor(() => mine(w.pods).length === replicas, 10_000, () => `watch saw ${mine(w.pods).length} pods`);
    armed = true;
    const oldHash = mine(w.pods)[0]!.hash;
    ok(['set', 'image', `deploy/${name}`, `web=${image}`]);
    const done = () => {
      const pods = mine(w.pods);
      return pods.length === replicas && pods.every((p) => p.hash !== oldHash && !p.deleting && p.readySince !== undefined);
    };
    await waitFor(done, 30_000, () => JSON.stringify(mine(w.pods)));
    w.stop();
    assert.deepEqual(w.errors, []);
    return peak;
  }

  test('set image rolls out within maxSurge 1 / maxUnavailable 1 at every pod event', async () => {
    assert.equal(await observeRollout('web', 4, 'nginx:1.26', 5, 3), 5, 'the rollout surged to replicas + maxSurge');
    const d = await json('/apis/apps/v1/namespaces/default/deployments/web');
    assert.match(ok(['rollout', 'status', 'deploy/web', '--timeout=30s']), /successfully rolled out/);
    assert.equal(ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}']), '2');
    assert.equal(d.status.observedGeneration, d.metadata.generation);
    const history = ok(['rollout', 'history', 'deploy/web']);
    assert.match(history, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  });

  test('percentages round as upstream: 10 replicas, maxSurge 25% = 3, maxUnavailable 25% = 2', async () => {
    ok(['apply', '-f', '-'], deployment('pct', { replicas: 10, minReadySeconds: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } }));
    assert.match(ok(['rollout', 'status', 'deploy/pct', '--timeout=30s']), /successfully rolled out/);
    assert.equal(await observeRollout('pct', 10, 'nginx:1.26', 13, 8), 13, 'the rollout surged to 10 + ceil(2.5)');
    ok(['delete', 'deploy/pct']);
  });

  test('rollout undo brings back the first template as revision 3, keeping its history', () => {
    ok(['rollout', 'undo', 'deploy/web']);
    assert.match(ok(['rollout', 'status', 'deploy/web', '--timeout=30s']), /successfully rolled out/);
    assert.equal(ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'nginx:1.25');
    const rows = ok(['get', 'rs', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.spec.template.spec.containers[0].image} {.spec.replicas} {.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.metadata.annotations.deployment\\.kubernetes\\.io/revision-history}{"\\n"}{end}']);
    assert.deepEqual(rows.trim().split('\n').map((r) => r.trim()).sort(), ['nginx:1.25 4 3 1', 'nginx:1.26 0 2']);
    assert.match(ok(['rollout', 'history', 'deploy/web']), /2\s+<none>\n3\s+<none>/);
  });

  test('rollout restart makes a new ReplicaSet; pause holds a template change until resume', async () => {
    ok(['rollout', 'restart', 'deploy/web']);
    assert.match(ok(['rollout', 'status', 'deploy/web', '--timeout=30s']), /successfully rolled out/);
    const count = () => ok(['get', 'rs', '-l', 'app=web', '--no-headers']).trim().split('\n').length;
    assert.equal(count(), 3);
    ok(['rollout', 'pause', 'deploy/web']);
    ok(['set', 'image', 'deploy/web', 'web=nginx:1.27']);
    const progressing = () => ok(['get', 'deploy', 'web', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}']);
    await waitFor(() => progressing() === 'DeploymentPaused', 10_000, progressing);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(count(), 3, 'no new ReplicaSet while paused');
    ok(['rollout', 'resume', 'deploy/web']);
    assert.match(ok(['rollout', 'status', 'deploy/web', '--timeout=30s']), /successfully rolled out/);
    assert.equal(count(), 4);
    assert.equal(progressing(), 'NewReplicaSetAvailable');
  });

  test('kubectl scale resizes the deployment; revisionHistoryLimit trims old ReplicaSets', async () => {
    ok(['scale', 'deploy/web', '--replicas=6']);
    await waitFor(() => ok(['get', 'deploy', 'web', '--no-headers']).split(/\s+/).slice(1, 4).join(' ') === '6/6 6 6', 20_000, () => ok(['get', 'deploy', 'web']));
    ok(['patch', 'deploy/web', '-p', '{"spec":{"revisionHistoryLimit":1}}']);
    await waitFor(() => ok(['get', 'rs', '-l', 'app=web', '--no-headers']).trim().split('\n').length === 2, 10_000, () => ok(['get', 'rs']));
  });

  test('Recreate never runs old and new pods together', async () => {
    ok(['apply', '-f', '-'], deployment('rec', { replicas: 3, strategy: { type: 'Recreate' } }));
    assert.match(ok(['rollout', 'status', 'deploy/rec', '--timeout=30s']), /successfully rolled out/);
    const w = watchPods(c, 'default', (pods) => {
      const hashes = new Set([...pods.entries()].filter(([n]) => n.startsWith('rec-')).map(([, p]) => p.hash));
      assert.ok(hashes.size <= 1, `old and new pods at once: ${[...hashes].join(',')}`);
    });
    ok(['set', 'image', 'deploy/rec', 'web=nginx:1.26']);
    await waitFor(() => ok(['get', 'deploy', 'rec', '-o', 'jsonpath={.status.updatedReplicas}/{.status.availableReplicas}/{.status.replicas}']) === '3/3/3', 30_000, () => ok(['get', 'deploy', 'rec']));
    w.stop();
    assert.deepEqual(w.errors, []);
  });

  test('a rollout that cannot progress reports ProgressDeadlineExceeded and rollout status fails', async () => {
    const stuck = { progressDeadlineSeconds: 2, replicas: 1, template: { metadata: { labels: { app: 'stuck' } }, spec: { nodeSelector: { nowhere: 'true' }, containers: [{ name: 'web', image: 'nginx' }] } } };
    ok(['apply', '-f', '-'], deployment('stuck', stuck));
    const reason = () => ok(['get', 'deploy', 'stuck', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}']);
    await waitFor(() => reason() === 'ProgressDeadlineExceeded', 15_000, reason);
    const r = k(['rollout', 'status', 'deploy/stuck', '--timeout=10s']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /exceeded its progress deadline/);
    assert.equal(ok(['get', 'deploy', 'stuck', '-o', 'jsonpath={.status.conditions[?(@.type=="Available")].reason}']), 'MinimumReplicasUnavailable');
  });

  test('scaling mid-rollout is proportional (upstream e2e: 8 old + 5 new of 10, scaled to 30: 20 + 13)', async () => {
    ok(['apply', '-f', '-'], deployment('prop', { replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    assert.match(ok(['rollout', 'status', 'deploy/prop', '--timeout=30s']), /successfully rolled out/);
    // The new template's pods can never be scheduled, so the rollout stops where the limits hold it.
    ok(['patch', 'deploy/prop', '-p', '{"spec":{"template":{"spec":{"nodeSelector":{"nowhere":"true"}}}}}']);
    const sizes = () => ok(['get', 'rs', '-l', 'app=prop', '--sort-by=.metadata.creationTimestamp', '-o', 'jsonpath={range .items[*]}{.spec.replicas} {end}']).trim();
    await waitFor(() => sizes() === '8 5', 15_000, sizes);
    ok(['scale', 'deploy/prop', '--replicas=30']);
    await waitFor(() => sizes() === '20 13', 15_000, sizes);
    ok(['delete', 'deploy/prop']);
  });

  test('a ReplicaSet adopts matching orphans, releases pods that stop matching, and reports quota failures', async () => {
    const rs = (name: string, replicas: number) =>
      JSON.stringify({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
    ok(['run', 'stray', '--image=nginx', '--labels=app=adopt']);
    ok(['apply', '-f', '-'], rs('adopt', 2));
    const owner = () => ok(['get', 'pod', 'stray', '-o', 'jsonpath={.metadata.ownerReferences[*].name}']);
    await waitFor(() => owner() === 'adopt', 10_000, owner);
    const count = () => ok(['get', 'pods', '-l', 'app=adopt', '--no-headers']).trim().split('\n').filter(Boolean).length;
    await waitFor(() => count() === 2, 10_000, () => String(count()));
    ok(['label', 'pod', 'stray', 'app=gone', '--overwrite']);
    await waitFor(() => owner() === '' && count() === 2, 10_000, () => `${owner()} ${count()}`);

    ok(['create', 'namespace', 'tight']);
    ok(['create', 'quota', 'pods', '--hard=pods=1', '-n', 'tight']);
    ok(['apply', '-n', 'tight', '-f', '-'], rs('capped', 2));
    const cond = () => ok(['get', 'rs', 'capped', '-n', 'tight', '-o', 'jsonpath={.status.conditions[?(@.type=="ReplicaFailure")].reason}']);
    await waitFor(() => cond() === 'FailedCreate', 15_000, cond);
    assert.match(ok(['get', 'events', '-n', 'tight', '--field-selector', 'reason=FailedCreate']), /Error creating: pods "[^"]*" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1/);
    ok(['delete', 'quota', 'pods', '-n', 'tight']);
    await waitFor(() => cond() === '' && ok(['get', 'rs', 'capped', '-n', 'tight', '-o', 'jsonpath={.status.replicas}']) === '2', 20_000, cond);
  });

  test('a ReplicationController keeps and scales its pods; columns as upstream', async () => {
    const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy' }, spec: { replicas: 2, selector: { app: 'legacy' }, template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    ok(['apply', '-f', '-'], JSON.stringify(rc));
    const row = () => ok(['get', 'rc', 'legacy', '--no-headers']).trim().split(/\s+/).slice(0, 4).join(' ');
    await waitFor(() => row() === 'legacy 2 2 2', 15_000, row);
    assert.deepEqual(ok(['get', 'rc']).split('\n')[0]!.split(/\s+/).slice(0, 5), ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    ok(['scale', 'rc', 'legacy', '--replicas=3']);
    await waitFor(() => row() === 'legacy 3 3 3', 15_000, row);
    const victim = ok(['get', 'pods', '-l', 'app=legacy', '-o', 'jsonpath={.items[0].metadata.name}']);
    ok(['delete', 'pod', victim, '--wait=false']);
    await waitFor(() => row() === 'legacy 3 3 3' && !ok(['get', 'pods', '-l', 'app=legacy', '--no-headers']).includes(victim), 15_000, row);
    assert.match(ok(['get', 'pod', '-l', 'app=legacy', '-o', 'jsonpath={.items[0].metadata.ownerReferences[0].kind}']), /^ReplicationController$/);
  });
});
