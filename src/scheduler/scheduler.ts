/**
 * The scheduler (upstream kube-scheduler, default profile, in miniature): watches pods and nodes,
 * picks a node for each unscheduled pod that names `default-scheduler` (filter, then score), assumes it
 * there at once so the next decision counts it, and binds through pods/binding. A pod that fits nowhere
 * gets PodScheduled=False (Unschedulable) and a FailedScheduling event, and is retried when nodes or pods
 * change, and with back-off.
 */
import { randomBytes } from 'node:crypto';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Informer } from '../client/informer';
import { type Client, isConflict, isNotFound, type KubeObject } from '../client/interface';
import type { SharedInformers } from '../client/shared-informers';
import { WorkQueue } from '../client/workqueue';
import { type Clock, realClock } from '../util/clock';
import type { Logger } from '../util/logger';
import { rfc3339 as timestamp } from '../api/time';
import { filter, podRequests, type Resources, score, unschedulableMessage } from './fit';

const podsRef = { group: '', version: 'v1', resource: 'pods' };
const nodesRef = { group: '', version: 'v1', resource: 'nodes' };
const eventsRef = { group: '', version: 'v1', resource: 'events' };
export const schedulerName = 'default-scheduler';

export interface SchedulerOptions {
  client: Client;
  informers: SharedInformers;
  clock?: Clock;
  logger: Logger;
  /** How soon an unschedulable pod is tried again without any change seen. */
  retryMs?: number;
}


export class Scheduler {
  private readonly queue: WorkQueue;
  private readonly pods: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  private readonly clock: Clock;
  /** Pods bound here whose binding the informer has not shown yet: key → node. */
  private readonly assumed = new Map<string, string>();
  private readonly unschedulable = new Set<string>();

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? realClock;
    this.queue = new WorkQueue({ clock: this.clock, logger: options.logger });
    this.pods = options.informers.informerFor(podsRef);
    this.nodes = options.informers.informerFor(nodesRef);
    const key = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;
    const consider = (p: KubeObject) => {
      if (this.wants(p as unknown as Pod)) this.queue.add(key(p));
      else this.assumed.delete(key(p));
    };
    const retryAll = () => {
      for (const k of this.unschedulable) this.queue.add(k);
    };
    this.pods.addHandlers({ onAdd: consider, onUpdate: (_o, p) => consider(p), onDelete: (p) => (this.assumed.delete(key(p)), retryAll()) });
    this.nodes.addHandlers({ onAdd: retryAll, onUpdate: retryAll });
  }

  run(): Promise<void> {
    return this.queue.run(1, (k) => this.sync(k));
  }

  stop(): void {
    this.queue.shutdown();
  }

  private wants(pod: Pod): boolean {
    const phase = pod.status?.phase;
    return !pod.spec?.nodeName && (pod.spec?.schedulerName ?? schedulerName) === schedulerName && !pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
  }

  /** What is already placed on each node: bound pods still running, plus pods assumed here. */
  private usage(): Map<string, Resources> {
    const used = new Map<string, Resources>();
    const add = (node: string, pod: Pod) => {
      const r = podRequests(pod);
      const u = used.get(node) ?? { milliCPU: 0, memory: 0, pods: 0 };
      used.set(node, { milliCPU: u.milliCPU + r.milliCPU, memory: u.memory + r.memory, pods: u.pods + 1 });
    };
    for (const obj of this.pods.list()) {
      const pod = obj as unknown as Pod;
      const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
      const node = pod.spec?.nodeName ?? this.assumed.get(key);
      if (node && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') add(node, pod);
    }
    return used;
  }

  async sync(key: string): Promise<void> {
    const obj = this.pods.get(key);
    if (!obj || this.assumed.has(key)) return;
    const pod = obj as unknown as Pod;
    if (!this.wants(pod)) return;
    const nodes = this.nodes.list() as unknown as Node[];
    const used = this.usage();
    const none = { milliCPU: 0, memory: 0, pods: 0 };
    const reasons: string[] = [];
    let best: { node: Node; score: number } | undefined;
    for (const node of nodes) {
      const u = used.get(node.metadata!.name!) ?? none;
      const why = filter(pod, node, u);
      if (why) {
        reasons.push(why);
        continue;
      }
      const s = score(pod, node, u);
      if (!best || s > best.score) best = { node, score: s };
    }
    if (!best) return this.markUnschedulable(obj, unschedulableMessage(nodes.length, reasons));
    const nodeName = best.node.metadata!.name!;
    this.unschedulable.delete(key);
    this.assumed.set(key, nodeName);
    try {
      await this.options.client.create(podsRef, obj.metadata.namespace, {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      } as unknown as KubeObject, { subresource: 'binding' });
    } catch (err) {
      this.assumed.delete(key);
      if (isNotFound(err) || isConflict(err)) return;
      throw err;
    }
  }

  private async markUnschedulable(obj: KubeObject, message: string): Promise<void> {
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    this.unschedulable.add(key);
    const pod = obj as unknown as Pod;
    const existing = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (existing?.status !== 'False' || existing.message !== message) {
      const now = timestamp(this.clock.now());
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: now });
      await this.options.client
        .update(podsRef, obj.metadata.namespace, { ...obj, status: { ...(pod.status ?? {}), conditions } } as KubeObject, { subresource: 'status' })
        .catch((err: unknown) => {
          if (!isNotFound(err) && !isConflict(err)) throw err;
        });
      await this.event(obj, message, now);
    }
    this.queue.addAfter(key, this.options.retryMs ?? 5000);
  }

  private async event(obj: KubeObject, message: string, now: string): Promise<void> {
    const ns = obj.metadata.namespace!;
    await this.options.client
      .create(eventsRef, ns, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${obj.metadata.name}.${randomBytes(8).toString('hex')}`, namespace: ns },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: obj.metadata.name, namespace: ns, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
        reason: 'FailedScheduling',
        message,
        type: 'Warning',
        source: { component: schedulerName },
        reportingComponent: schedulerName,
        reportingInstance: schedulerName,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      } as unknown as KubeObject)
      .catch((err: unknown) => this.options.logger.warn('could not record an event', { err: err instanceof Error ? err.message : String(err) }));
  }
}
