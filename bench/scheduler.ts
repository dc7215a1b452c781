/**
 * Scheduler benchmark: `skiff server --simulate-nodes N` as its own process (bundle if built, else source),
 * driven over HTTPS from this one.
 *   decisions  the scheduler's own cost without the API: one cycle per pod on a cache of the nodes
 *   scheduler  10,000 pods (10m cpu, 16Mi each) created by 32 concurrent clients and placed by the
 *              scheduler: pods/s from the first create to the last pod seen bound, and the server's CPU;
 *              then (uncounted) until the simulated nodes have them all Running, and the server's RSS
 *              holding them (VmRSS of its process); then a 1,000-replica Deployment: time until status.availableReplicas is 1,000
 *   baseline   then, in the same cluster, the same pods naming another schedulerName, bound round-robin by
 *              a trivial binder (a watch and one pods/binding POST per pod) through the same API: the cost
 *              of create + bind + watch without scheduling decisions (its RSS column: the server holding both runs)
 * Prints figures and the scheduler / baseline ratio; asserts nothing.
 *
 *   npx tsx bench/scheduler.ts [--pods 10000] [--nodes 1000] [--replicas 1000] [--only decisions,scheduler,baseline]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSeconds } from './api/measure';
import { startSkiff, type SkiffServer } from './api/skiff';
import { measureDecisions } from './scheduler/decisions';
import { Api } from './scheduler/https';

const GOAL_PODS_PER_SECOND = 1000;
const GOAL_DEPLOYMENT_SECONDS = 10;
const GOAL_RSS_MB = 400;
const CLIENTS = 32;
const BASELINE_SCHEDULER = 'bench-round-robin';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Run {
  podsPerSecond: number;
  seconds: number;
  rssMb: number;
  /** The server's CPU while placing the pods, % of one core. */
  cpuPercent: number;
  deploymentSeconds?: number;
  note?: string;
}

function pod(name: string, schedulerName?: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: { ...(schedulerName ? { schedulerName } : {}), containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}

async function createPods(api: Api, ns: string, count: number, schedulerName?: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await api.send('POST', `/api/v1/namespaces/${ns}/pods`, pod(`p-${i}`, schedulerName));
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
}

/** Resolves `done` with the time the `count`-th pod of `ns` was seen with a node, `running` once all are Running. */
function allBound(api: Api, ns: string, count: number): { done: Promise<number>; running: Promise<number>; stop(): void } {
  const bound = new Set<string>();
  const running = new Set<string>();
  let resolve!: (t: number) => void;
  let resolveRunning!: (t: number) => void;
  const done = new Promise<number>((r) => (resolve = r));
  const allRunning = new Promise<number>((r) => (resolveRunning = r));
  const w = api.watch(`/api/v1/namespaces/${ns}/pods`, (_type, obj) => {
    const name = obj.metadata.name;
    if (obj.status?.phase === 'Running' && !running.has(name)) {
      running.add(name);
      if (running.size === count) resolveRunning(performance.now());
    }
    if (!obj.spec?.nodeName || bound.has(name)) return;
    bound.add(name);
    if (bound.size === count) resolve(performance.now());
  });
  return { done, running: allRunning, stop: () => w.stop() };
}

/** Waits until `count` nodes exist and 99% of them are Ready (on a loaded machine a few may miss a lease). */
async function waitForNodes(api: Api, count: number): Promise<number> {
  for (;;) {
    const list = await api.send<{ items: { status?: { conditions?: { type: string; status: string }[] } }[] }>('GET', '/api/v1/nodes');
    const ready = list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    if (list.items.length >= count && ready >= Math.ceil(count * 0.99)) return ready;
    await sleep(500);
  }
}

async function withServer<T>(nodes: number, fn: (api: Api, server: SkiffServer) => Promise<T>): Promise<T> {
  const started = performance.now();
  const server = await startSkiff((line) => console.log(line), ['--simulate-nodes', String(nodes)]);
  const api = new Api(server.kubeconfigPath, CLIENTS);
  try {
    const ready = await waitForNodes(api, nodes);
    console.log(`  server with ${nodes} nodes (${ready} Ready) in ${((performance.now() - started) / 1000).toFixed(1)} s; RSS ${rssMb(server.pid).toFixed(0)} MB`);
    return await fn(api, server);
  } finally {
    api.close();
    await server.stop();
  }
}

/** VmRSS of a process, in MB. */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** Creates the pods and waits until all are bound; `binder` (baseline) binds them itself. */
async function placePods(api: Api, server: SkiffServer, ns: string, count: number, binder?: (name: string) => Promise<void>): Promise<Omit<Run, 'deploymentSeconds'>> {
  await api.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const bound = allBound(api, ns, count);
  const binds: Promise<void>[] = [];
  const pending = binder ? api.watch(`/api/v1/namespaces/${ns}/pods`, (type, obj) => void (type === 'ADDED' && !obj.spec?.nodeName && binds.push(binder(obj.metadata.name)))) : undefined;
  const first = performance.now();
  const cpu0 = cpuSeconds(server.pid);
  await createPods(api, ns, count, binder ? BASELINE_SCHEDULER : undefined);
  const last = await bound.done;
  await Promise.all(binds);
  const cpuPercent = ((cpuSeconds(server.pid) - cpu0) / ((performance.now() - first) / 1000)) * 100;
  pending?.stop();
  const seconds = (last - first) / 1000;
  // Uncounted: the simulated nodes report the pods Running, so the next measurement starts on a settled cluster.
  const settled = (await bound.running) - last;
  bound.stop();
  console.log(`  all ${count} Running ${(settled / 1000).toFixed(1)} s after the last was bound`);
  return { podsPerSecond: count / seconds, seconds, rssMb: rssMb(server.pid), cpuPercent };
}

function deploymentControllerRegistered(): boolean {
  return /['"]deployment-controller['"]/.test(readFileSync(join(__dirname, '..', 'src', 'controllers', 'manager.ts'), 'utf8'));
}

async function deploymentAvailable(api: Api, replicas: number): Promise<number | undefined> {
  const ns = 'bench-deploy';
  await api.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const labels = { app: 'web' };
  const started = performance.now();
  await api.send('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '10m' } } }] } } },
  });
  while (performance.now() - started < 120_000) {
    const d = await api.send<{ status?: { availableReplicas?: number } }>('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`);
    if ((d.status?.availableReplicas ?? 0) >= replicas) return (performance.now() - started) / 1000;
    await sleep(100);
  }
  return undefined;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pods: { type: 'string', default: '10000' }, nodes: { type: 'string', default: '1000' }, replicas: { type: 'string', default: '1000' }, only: { type: 'string' } } });
  const pods = Number(values.pods);
  const nodes = Number(values.nodes);
  const replicas = Number(values.replicas);
  const only = values.only?.split(',');
  const results = new Map<string, Run>();
  if (!only || only.includes('decisions')) {
    const d = measureDecisions(nodes, pods);
    console.log(`decisions: ${pods} pods on ${nodes} nodes without the API: ${d.perSecond.toFixed(0)} pods/s (${d.seconds.toFixed(2)} s)`);
  }
  // One server for both runs: registering 1,000 simulated nodes takes a while on a loaded machine.
  await withServer(nodes, async (api, server) => {
    if (!only || only.includes('scheduler')) {
      console.log(`scheduler: ${pods} pods on ${nodes} simulated nodes`);
      const placed = await placePods(api, server, 'bench', pods);
      console.log(`  ${pods} pods bound in ${placed.seconds.toFixed(2)} s; RSS ${placed.rssMb.toFixed(0)} MB`);
      let run: Run = { ...placed, note: 'Deployment not measured: no deployment-controller in src/controllers/manager.ts' };
      if (deploymentControllerRegistered()) {
        const seconds = await deploymentAvailable(api, replicas);
        run = { ...placed, deploymentSeconds: seconds, note: seconds === undefined ? 'Deployment not available within 120 s' : undefined };
      }
      results.set('scheduler', run);
    }
    if (!only || only.includes('baseline')) {
      console.log(`baseline: the same pods, another schedulerName, bound round-robin by a trivial binder`);
      let i = 0;
      const bind = (name: string) =>
        api.send('POST', `/api/v1/namespaces/bench-baseline/pods/${name}/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: `simulated-node-${i++ % nodes}` } }).then(() => undefined);
      const run = await placePods(api, server, 'bench-baseline', pods, bind);
      console.log(`  ${pods} pods bound in ${run.seconds.toFixed(2)} s`);
      results.set('baseline', run);
    }
  });
  report(results, pods, replicas);
}

function report(results: Map<string, Run>, pods: number, replicas: number): void {
  const s = results.get('scheduler');
  const b = results.get('baseline');
  console.log(`\n${'run'.padEnd(10)}${'pods/s'.padStart(9)}${'seconds'.padStart(9)}${'RSS MB'.padStart(8)}${'srv CPU'.padStart(9)}`);
  for (const [name, r] of results) console.log(`${name.padEnd(10)}${r.podsPerSecond.toFixed(0).padStart(9)}${r.seconds.toFixed(2).padStart(9)}${r.rssMb.toFixed(0).padStart(8)}${`${r.cpuPercent.toFixed(0)}%`.padStart(9)}`);
  if (s && b) console.log(`scheduler / baseline throughput: ${(s.podsPerSecond / b.podsPerSecond).toFixed(2)}`);
  if (s) {
    const goal = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(`goal ≥ ${GOAL_PODS_PER_SECOND} pods/s: ${goal(s.podsPerSecond >= GOAL_PODS_PER_SECOND)}`);
    console.log(`goal RSS < ${GOAL_RSS_MB} MB with ${pods} pods (the server process): ${goal(s.rssMb < GOAL_RSS_MB)}`);
    const d = s.deploymentSeconds;
    console.log(d === undefined ? `${replicas}-replica Deployment: ${s.note}` : `${replicas}-replica Deployment available in ${d.toFixed(2)} s; goal < ${GOAL_DEPLOYMENT_SECONDS} s: ${goal(d < GOAL_DEPLOYMENT_SECONDS)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
