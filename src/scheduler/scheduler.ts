/**
 * The scheduler (upstream kube-scheduler, default profile): watches pods and nodes into a cache of
 * per-node totals, takes unscheduled pods that name `default-scheduler` highest priority first, runs one
 * cycle (framework.ts: filter, score), assumes the pod on the chosen node at once so the next cycle
 * counts it, and binds through pods/binding in the background. A pod that fits nowhere tries preemption
 * (preemption.ts), gets PodScheduled=False (Unschedulable) and a FailedScheduling event, and is retried
 * when nodes or pods change, and with back-off.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Informer } from '../client/informer';
import { type Client, isConflict, isNotFound, type KubeObject } from '../client/interface';
import type { InformerFactory } from '../client/shared-informers';
import { EventRecorder } from '../client/event-recorder';
import { type Clock, realClock } from '../util/clock';
import type { Logger } from '../util/logger';
import { rfc3339 as timestamp } from '../api/time';
import { unschedulableMessage } from './fit';
import { ClusterView } from './cluster-view';
import { Cycle, findFeasible, type NodeStatus, selectHost, statusReasons } from './framework';
import { type NodeInfo, type PodInfo, newPodInfo, podPriority, SchedulerCache } from './node-info';
import { evictVictims, findCandidate } from './preemption';
import { SchedulingQueue } from './scheduling-queue';
import { VolumeBinding, reasons as volumeReasons } from './volume-binding';

const podsRef = { group: '', version: 'v1', resource: 'pods' };
const nodesRef = { group: '', version: 'v1', resource: 'nodes' };
export const schedulerName = 'default-scheduler';

export interface SchedulerOptions {
  client: Client;
  informers: InformerFactory;
  clock?: Clock;
  logger: Logger;
  /** How soon an unschedulable pod is tried again without any change seen. */
  retryMs?: number;
}


export class Scheduler {
  private readonly queue: SchedulingQueue;
  private readonly cache = new SchedulerCache();
  private readonly view: ClusterView;
  private readonly recorder: EventRecorder;
  /** Pods that preemption nominated to a node (status.nominatedNodeName), by node. */
  private readonly nominated = new Map<string, Map<string, PodInfo>>();
  private nextStartNode = 0;
  private readonly pods: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  private readonly clock: Clock;
  /** Pods bound here whose binding the informer has not shown yet: key → node. */
  private readonly assumed = new Map<string, string>();
  private readonly unschedulable = new Set<string>();
  private readonly volumes: VolumeBinding;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? realClock;
    this.queue = new SchedulingQueue(this.clock);
    this.recorder = new EventRecorder({ client: options.client, component: schedulerName, logger: options.logger, clock: this.clock, kind: { apiVersion: 'v1', kind: 'Pod' } });
    this.view = new ClusterView(options.informers);
    this.pods = options.informers.informerFor(podsRef);
    this.nodes = options.informers.informerFor(nodesRef);
    const retryAll = () => {
      for (const k of this.unschedulable) {
        const obj = this.pods.get(k);
        if (obj) this.queue.add(k, podPriority(obj as unknown as Pod));
      }
      this.unschedulable.clear();
    };
    this.pods.addHandlers({
      onAdd: (p) => this.onPod(p),
      onUpdate: (_o, p) => this.onPod(p),
      onDelete: (p) => (this.forget(objKey(p)), retryAll()),
    });
    this.nodes.addHandlers({
      onAdd: (n) => (this.cache.setNode(n as unknown as Node), retryAll()),
      onUpdate: (o, n) => {
        this.cache.setNode(n as unknown as Node);
        // Heartbeats change only times; only a change that could make a pod fit retries the pending ones.
        if (nodeSchedulingChanged(o as unknown as Node, n as unknown as Node)) retryAll();
      },
      onDelete: (n) => this.cache.removeNode(n.metadata.name!),
    });
    this.volumes = new VolumeBinding({ client: options.client, informers: options.informers, onChange: retryAll });
  }

  async run(): Promise<void> {
    for (let key = await this.queue.pop(); key !== undefined; key = await this.queue.pop()) {
      await this.sync(key).catch((err: unknown) => {
        this.options.logger.warn('scheduling failed', { pod: key, err: err instanceof Error ? err.message : String(err) });
        const obj = this.pods.get(key);
        if (obj) this.queue.addAfter(key, podPriority(obj as unknown as Pod), 1000);
      });
    }
  }

  /** Keeps the cache, the nominations and the queue in step with one pod's latest state. */
  private onPod(obj: KubeObject): void {
    const pod = obj as unknown as Pod;
    const key = objKey(obj);
    const phase = pod.status?.phase;
    const terminal = phase === 'Succeeded' || phase === 'Failed';
    this.setNominated(key, pod);
    if (pod.spec?.nodeName) {
      this.assumed.delete(key);
      if (terminal) this.forget(key, true);
      else this.cache.addPod(key, pod, pod.spec.nodeName);
      return;
    }
    if (this.assumed.has(key)) return;
    this.cache.removePod(key);
    if (this.wants(pod) && !this.unschedulable.has(key)) this.queue.add(key, podPriority(pod));
  }

  private forget(key: string, keepNominated = false): void {
    this.assumed.delete(key);
    this.cache.removePod(key);
    if (!keepNominated) this.setNominated(key, undefined);
  }

  private setNominated(key: string, pod: Pod | undefined): void {
    for (const [node, pods] of this.nominated) {
      if (pods.delete(key) && !pods.size) this.nominated.delete(node);
    }
    const node = pod && !pod.spec?.nodeName ? pod.status?.nominatedNodeName : undefined;
    if (!node) return;
    if (!this.nominated.has(node)) this.nominated.set(node, new Map());
    this.nominated.get(node)!.set(key, newPodInfo(key, pod!));
  }

  stop(): void {
    this.queue.shutdown();
  }

  private wants(pod: Pod): boolean {
    const phase = pod.status?.phase;
    return !pod.spec?.nodeName && (pod.spec?.schedulerName ?? schedulerName) === schedulerName && !pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
  }

  async sync(key: string): Promise<void> {
    const obj = this.pods.get(key);
    if (!obj || this.assumed.has(key)) return;
    const pod = obj as unknown as Pod;
    if (!this.wants(pod)) return;
    const nodes = this.cache.list();
    if (!nodes.length) return this.markUnschedulable(obj, unschedulableMessage(0, []));
    const cycle = new Cycle(pod, newPodInfo(key, pod), {
      cache: this.cache,
      namespaceLabels: this.view.namespaceLabels,
      defaultSelector: this.view.defaultSelector,
      extraFilter: (p, node) => this.volumes.filter(p, node),
      nominatedFor: (node, p) => {
        const here = this.nominated.get(node);
        return here ? [...here.values()].filter((n) => n.key !== p.key && n.priority >= p.priority) : [];
      },
    });
    const pre = this.preFilter(pod, nodes[0]!);
    if (pre) return this.preempt(obj, cycle, new Map(nodes.map((n) => [n.name, { reasons: [pre], resolvable: false }])), pre);
    const found = findFeasible(cycle, nodes, this.nextStartNode);
    this.nextStartNode = (this.nextStartNode + found.processed) % nodes.length;
    if (!found.feasible.length) return this.preempt(obj, cycle, found.statuses);
    const nodeName = selectHost(found.feasible, cycle.score(found.feasible)).name;
    this.unschedulable.delete(key);
    this.assumed.set(key, nodeName);
    this.cache.addPod(key, { ...pod, spec: { ...pod.spec!, nodeName } }, nodeName);
    void this.bind(obj, nodeName);
  }

  /** The binding cycle, in the background (upstream binds asynchronously too). */
  private async bind(obj: KubeObject, nodeName: string): Promise<void> {
    const key = objKey(obj);
    const pod = obj as unknown as Pod;
    try {
      await this.volumes.preBind(pod, nodeName);
      await this.options.client.create(podsRef, obj.metadata.namespace, {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      } as unknown as KubeObject, { subresource: 'binding' });
    } catch (err) {
      if (this.assumed.get(key) === nodeName) this.forget(key, true);
      if (isNotFound(err)) return;
      if (!isConflict(err)) this.options.logger.warn('binding failed', { pod: key, node: nodeName, err: err instanceof Error ? err.message : String(err) });
      this.queue.addAfter(key, podPriority(pod), 1000);
    }
  }

  /**
   * PreFilter: a reason that holds for the pod whatever the node (VolumeBinding's missing, deleting or
   * unbound Immediate claims), which upstream reports once rather than counted per node.
   */
  private preFilter(pod: Pod, anyNode: NodeInfo): string | undefined {
    if (!pod.spec?.volumes?.some((v) => v.persistentVolumeClaim)) return undefined;
    const why = this.volumes.filter(pod, anyNode.node!);
    return why && (why.startsWith('persistentvolumeclaim ') || why === volumeReasons.unboundImmediate) ? why : undefined;
  }

  /** PostFilter: preempt lower-priority pods for `obj`, or report why it fits nowhere. */
  private async preempt(obj: KubeObject, cycle: Cycle, statuses: Map<string, NodeStatus>, preFilterMessage?: string): Promise<void> {
    const nodes = this.cache.list();
    const fitError = preFilterMessage ? `0/${nodes.length} nodes are available: ${preFilterMessage}.` : unschedulableMessage(nodes.length, statusReasons(statuses));
    const result = findCandidate(cycle, nodes, statuses, this.view.podDisruptionBudgets());
    if (!('victims' in result)) return this.markUnschedulable(obj, `${fitError} ${result.message}`, result.clearNomination ? null : undefined);
    await evictVictims(cycle.pod, result, { client: this.options.client, recorder: this.recorder, schedulerName, now: this.clock.now() });
    // Lower-priority pods nominated to that node may no longer fit there: clear their nominations.
    for (const other of this.nominated.get(result.node.name)?.values() ?? []) {
      if (other.priority >= cycle.info.priority) continue;
      await this.options.client
        .patch(podsRef, other.pod.metadata!.namespace, other.pod.metadata!.name!, 'merge', { status: { nominatedNodeName: null } }, { subresource: 'status' })
        .catch((err: unknown) => this.options.logger.warn('could not clear a nomination', { pod: other.key, err: err instanceof Error ? err.message : String(err) }));
    }
    await this.markUnschedulable(obj, fitError, result.node.name);
  }

  /** `nominated`: the node preemption chose (status.nominatedNodeName), null to clear it, undefined to keep it. */
  private async markUnschedulable(obj: KubeObject, message: string, nominated?: string | null): Promise<void> {
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    this.unschedulable.add(key);
    const pod = obj as unknown as Pod;
    const existing = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const nomination = nominated === undefined ? pod.status?.nominatedNodeName : (nominated ?? undefined);
    if (existing?.status !== 'False' || existing.message !== message || nomination !== pod.status?.nominatedNodeName) {
      const now = timestamp(this.clock.now());
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: now });
      await this.options.client
        .update(podsRef, obj.metadata.namespace, { ...obj, status: { ...(pod.status ?? {}), conditions, nominatedNodeName: nomination } } as KubeObject, { subresource: 'status' })
        .catch((err: unknown) => {
          if (!isNotFound(err) && !isConflict(err)) throw err;
        });
      await this.recorder.event(obj, 'Warning', 'FailedScheduling', message);
    }
    this.queue.addAfter(key, podPriority(pod), this.options.retryMs ?? 5000);
  }

}

const objKey = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;

/** Whether a node update could let a pending pod fit (not a heartbeat). */
function nodeSchedulingChanged(a: Node, b: Node): boolean {
  const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return (
    ready(a) !== ready(b) ||
    JSON.stringify([a.spec, a.metadata?.labels, a.status?.allocatable]) !== JSON.stringify([b.spec, b.metadata?.labels, b.status?.allocatable])
  );
}
