/**
 * Taint-based eviction (upstream pkg/controller/tainteviction, the former NoExecute taint manager): a pod
 * bound to a node with a NoExecute taint it does not tolerate is deleted at once; one that tolerates
 * every such taint for tolerationSeconds is deleted that long after the controller first saw it so
 * (cancelled if the taints go). Before deleting, the pod gets DisruptionTarget=True
 * (DeletionByTaintManager), as upstream 1.30.
 */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../api/time';
import { EventRecorder } from '../../client/event-recorder';
import { type Informer, objectKey } from '../../client/informer';
import { type Client, isNotFound, type KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import type { Clock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';
import { decide } from './eviction';

const nodes = { group: '', version: 'v1', resource: 'nodes' };
const pods = { group: '', version: 'v1', resource: 'pods' };

export interface TaintEvictionOptions {
  client: Client;
  informers: InformerFactory;
  clock: Clock;
  logger: Logger;
}

const noExecute = (n: KubeObject | undefined) => JSON.stringify(((n?.spec as Node['spec'])?.taints ?? []).filter((t) => t.effect === 'NoExecute').map((t) => [t.key, t.value]));

export class TaintEvictionController {
  private readonly queue: WorkQueue;
  private readonly nodes: Informer;
  private readonly pods: Informer;
  private readonly events: EventRecorder;
  private readonly timers: KeyTimers;
  /** Pods waiting out their tolerationSeconds: when the wait began. */
  private readonly scheduled = new Map<string, number>();

  constructor(private readonly options: TaintEvictionOptions) {
    this.queue = new WorkQueue({ logger: options.logger });
    this.timers = new KeyTimers(options.clock);
    this.events = new EventRecorder({ client: options.client, clock: options.clock, logger: options.logger, component: 'taint-eviction-controller', kind: { apiVersion: 'v1', kind: 'Pod' } });
    this.nodes = options.informers.informerFor(nodes);
    this.pods = options.informers.informerFor(pods);
    const enqueuePod = (p: KubeObject) => (p.spec as Pod['spec'])?.nodeName && this.queue.add(objectKey(p));
    this.pods.addHandlers({ onAdd: enqueuePod, onUpdate: (_o, p) => enqueuePod(p), onDelete: (p) => this.cancel(objectKey(p)) });
    const enqueuePodsOf = (node: KubeObject) => {
      for (const p of this.pods.list()) if ((p.spec as Pod['spec'])?.nodeName === node.metadata.name) this.queue.add(objectKey(p));
    };
    const nodeChanged = (oldNode: KubeObject | undefined, node: KubeObject) => noExecute(oldNode) !== noExecute(node) && enqueuePodsOf(node);
    this.nodes.addHandlers({ onAdd: (n) => nodeChanged(undefined, n), onUpdate: nodeChanged, onDelete: enqueuePodsOf });
  }

  run(): Promise<void> {
    return this.queue.run(2, (key) => this.sync(key));
  }

  stop(): void {
    this.timers.stop();
    this.queue.shutdown();
  }

  private cancel(key: string, pod?: KubeObject): void {
    if (this.scheduled.delete(key) && pod) void this.events.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
    this.timers.cancel(key);
  }

  async sync(key: string): Promise<void> {
    const obj = this.pods.get(key);
    if (!obj) return this.cancel(key);
    const pod = obj as unknown as Pod;
    const node = pod.spec?.nodeName ? this.nodes.get(pod.spec.nodeName) : undefined;
    if (!node || obj.metadata.deletionTimestamp) return this.cancel(key);
    const taints: Taint[] = (node.spec as Node['spec'])?.taints ?? [];
    const decision = decide(pod, taints);
    if (decision.kind === 'keep') return this.cancel(key, obj);
    const now = this.options.clock.now();
    if (decision.kind === 'evictAfter') {
      const since = this.scheduled.get(key) ?? now;
      this.scheduled.set(key, since);
      const due = since + decision.afterMs;
      if (due > now) return this.timers.after(key, due - now, (k) => this.queue.add(k));
    }
    await this.evict(obj);
    this.scheduled.delete(key);
  }

  /** upstream addConditionAndDeletePod: DisruptionTarget=True, then delete. */
  private async evict(obj: KubeObject): Promise<void> {
    const pod = obj as unknown as Pod;
    const name = `${obj.metadata.namespace}/${obj.metadata.name}`;
    void this.events.event(obj, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${name}`);
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
    conditions.push({ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: rfc3339(this.options.clock.now()) });
    const ignoreGone = (err: unknown) => {
      if (!isNotFound(err)) throw err;
    };
    await this.options.client.update(pods, obj.metadata.namespace, { ...obj, status: { ...pod.status, conditions } }, { subresource: 'status' }).catch(ignoreGone);
    await this.options.client.delete(pods, obj.metadata.namespace, obj.metadata.name!, { preconditions: { uid: obj.metadata.uid } }).catch(ignoreGone);
  }
}
