/**
 * The scheduler's own cost without the API: 1,000 nodes in a cache, then one cycle (filter, score,
 * select, assume) per pod for 10,000 pods owned by one ReplicaSet (so the default spread constraints
 * apply), as the scheduler runs them.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { selectorFromSet } from '../../src/api/label-selector';
import { Cycle, findFeasible, selectHost } from '../../src/scheduler/framework';
import { newPodInfo, SchedulerCache } from '../../src/scheduler/node-info';

function node(i: number): Node {
  const name = `simulated-node-${i}`;
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function pod(i: number): Pod {
  return {
    metadata: { name: `p-${i}`, namespace: 'bench', labels: { app: 'bench' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true }] },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}

/** Decisions per second for `pods` pods on `nodes` nodes. */
export function measureDecisions(nodes: number, pods: number): { perSecond: number; seconds: number } {
  const cache = new SchedulerCache();
  for (let i = 0; i < nodes; i++) cache.setNode(node(i));
  const selector = selectorFromSet({ app: 'bench' });
  const deps = { cache, namespaceLabels: () => undefined, defaultSelector: () => selector };
  let start = 0;
  const began = performance.now();
  for (let i = 0; i < pods; i++) {
    const p = pod(i);
    const key = `bench/p-${i}`;
    const cycle = new Cycle(p, newPodInfo(key, p), deps);
    const found = findFeasible(cycle, cache.list(), start);
    start = (start + found.processed) % nodes;
    const chosen = selectHost(found.feasible, cycle.score(found.feasible));
    cache.addPod(key, { ...p, spec: { ...p.spec!, nodeName: chosen.name } }, chosen.name);
  }
  const seconds = (performance.now() - began) / 1000;
  return { perSecond: pods / seconds, seconds };
}
