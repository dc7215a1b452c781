/**
 * The disruption controller's second worker (upstream syncStalePodDisruption): a pod marked
 * DisruptionTarget=True that is still not being deleted 2 minutes later (its eviction or deletion failed)
 * gets the condition set back to False. Conditions the kubelet set, and those of finished pods, stay.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../api/time';
import { type Informer, objectKey } from '../../client/informer';
import { type Client, isNotFound, type KubeObject } from '../../client/interface';
import { WorkQueue } from '../../client/workqueue';
import type { Clock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';

/** Upstream stalePodDisruptionTimeout. */
export const staleDisruptionMs = 2 * 60 * 1000;

/** The stale condition and how long until it is stale, or undefined when the pod has none that can go stale. */
export function staleCondition(pod: Pod, now: number): { condition: PodCondition; waitMs: number } | undefined {
  if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return undefined;
  const condition = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
  if (!condition || condition.status !== 'True' || condition.reason === 'TerminationByKubelet') return undefined;
  const since = Date.parse(condition.lastTransitionTime ?? '') || now;
  return { condition, waitMs: Math.max(0, since + staleDisruptionMs - now) };
}

export class StalePodDisruption {
  private readonly queue: WorkQueue;
  private readonly timers: KeyTimers;

  constructor(private readonly options: { client: Client; pods: Informer; clock: Clock; logger: Logger }) {
    this.queue = new WorkQueue({ logger: options.logger });
    this.timers = new KeyTimers(options.clock);
    const enqueue = (p: KubeObject) => staleCondition(p as unknown as Pod, options.clock.now()) && this.queue.add(objectKey(p));
    options.pods.addHandlers({ onAdd: enqueue, onUpdate: (_o, p) => enqueue(p), onDelete: (p) => this.timers.cancel(objectKey(p)) });
  }

  run(): Promise<void> {
    return this.queue.run(1, (key) => this.sync(key));
  }

  stop(): void {
    this.timers.stop();
    this.queue.shutdown();
  }

  async sync(key: string): Promise<void> {
    const obj = this.options.pods.get(key);
    if (!obj) return;
    const pod = obj as unknown as Pod;
    const now = this.options.clock.now();
    const stale = staleCondition(pod, now);
    if (!stale) return;
    if (stale.waitMs > 0) return this.timers.after(key, stale.waitMs, (k) => this.queue.add(k));
    const conditions = (pod.status?.conditions ?? []).map((c) => (c.type === 'DisruptionTarget' ? { type: c.type, status: 'False', lastTransitionTime: rfc3339(now) } : c));
    await this.options.client.update({ group: '', version: 'v1', resource: 'pods' }, obj.metadata.namespace, { ...obj, status: { ...pod.status, conditions } }, { subresource: 'status' }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
