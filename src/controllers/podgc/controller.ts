/**
 * The pod garbage collector (upstream pkg/controller/podgc): every 20 s (on the decision clock) it
 * force-deletes
 * - terminated pods above --terminated-pod-gc-threshold (12500), evicted and oldest first,
 * - terminating pods on not-ready nodes tainted node.kubernetes.io/out-of-service,
 * - pods bound to a node that no longer exists (once the API confirms it after a 40 s quarantine),
 *   marked Failed with DisruptionTarget=True (DeletionByPodGC) first,
 * - terminating pods that were never scheduled.
 * Pods not yet terminal are marked Failed before they go, as upstream 1.30.
 */
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../api/time';
import type { Informer } from '../../client/informer';
import { type Client, isConflict, isNotFound, type KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import type { Clock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';
import { defaultTerminatedThreshold, isTerminal, missingNodes, quarantineMs, terminatedOverThreshold, terminatingOutOfService, unscheduledTerminating } from './collect';

const nodes = { group: '', version: 'v1', resource: 'nodes' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const gcKey = 'gc';

export interface PodGCOptions {
  client: Client;
  informers: InformerFactory;
  clock: Clock;
  logger: Logger;
  terminatedPodThreshold?: number;
  /** Upstream gcCheckPeriod (20 s). */
  periodMs?: number;
}

export class PodGCController {
  private readonly queue: WorkQueue;
  private readonly nodes: Informer;
  private readonly pods: Informer;
  private readonly timers: KeyTimers;
  /** Nodes missing from the cache: when first noticed. */
  private readonly missingSince = new Map<string, number>();
  private ticker: { cancel(): void } | undefined;

  constructor(private readonly options: PodGCOptions) {
    this.queue = new WorkQueue({ logger: options.logger });
    this.timers = new KeyTimers(options.clock);
    this.nodes = options.informers.informerFor(nodes);
    this.pods = options.informers.informerFor(pods);
  }

  run(): Promise<void> {
    this.queue.add(gcKey);
    this.ticker = this.options.clock.setInterval(() => this.queue.add(gcKey), this.options.periodMs ?? 20_000);
    return this.queue.run(1, () => this.sync());
  }

  stop(): void {
    this.ticker?.cancel();
    this.timers.stop();
    this.queue.shutdown();
  }

  async sync(): Promise<void> {
    const all = this.pods.list() as unknown as Pod[];
    const nodeMap = new Map((this.nodes.list() as unknown as Node[]).map((n) => [n.metadata!.name!, n]));
    for (const p of terminatedOverThreshold(all, this.options.terminatedPodThreshold ?? defaultTerminatedThreshold)) await this.forceDelete(p);
    for (const p of terminatingOutOfService(all, nodeMap)) await this.forceDelete(p);
    await this.collectOrphans(all, nodeMap);
    for (const p of unscheduledTerminating(all)) await this.forceDelete(p);
  }

  /** Pods on nodes gone from the cache for the quarantine time and confirmed gone by the API. */
  private async collectOrphans(all: Pod[], nodeMap: Map<string, Node>): Promise<void> {
    const missing = missingNodes(all, nodeMap);
    for (const name of this.missingSince.keys()) if (!missing.has(name)) this.missingSince.delete(name);
    const now = this.options.clock.now();
    for (const name of missing) {
      const since = this.missingSince.get(name) ?? now;
      this.missingSince.set(name, since);
      if (now - since < quarantineMs) {
        this.timers.after(gcKey, since + quarantineMs - now, () => this.queue.add(gcKey));
        continue;
      }
      if (await this.nodeExists(name)) continue;
      const condition: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: rfc3339(now) };
      for (const p of all) if (p.spec?.nodeName === name) await this.forceDelete(p, condition);
    }
  }

  private async nodeExists(name: string): Promise<boolean> {
    try {
      await this.options.client.get(nodes, undefined, name);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** upstream markFailedAndDeletePodWithCondition: Failed (and the condition) unless terminal, then grace 0. */
  private async forceDelete(pod: Pod, condition?: PodCondition): Promise<void> {
    const obj = pod as unknown as KubeObject;
    const ns = obj.metadata.namespace;
    this.options.logger.info('deleting pod', { pod: `${ns}/${obj.metadata.name}` });
    const tolerate = (err: unknown) => {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    };
    if (!isTerminal(pod)) {
      const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== condition?.type), ...(condition ? [condition] : [])];
      await this.options.client.update(pods, ns, { ...obj, status: { ...pod.status, phase: 'Failed', conditions } }, { subresource: 'status' }).catch(tolerate);
    }
    await this.options.client.delete(pods, ns, obj.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: obj.metadata.uid } }).catch(tolerate);
  }
}
