/**
 * The plumbing the StatefulSet and DaemonSet controllers share: a work queue keyed `namespace/name`, the
 * owner informer, pod and ControllerRevision informers whose events go to the controlling owner, an event
 * recorder, revision history, delayed re-syncs on the decision clock and the status write.
 */
import type { Informer } from '../../client/informer';
import { type Client, isNotFound, type KubeObject, type ResourceRef } from '../../client/interface';
import { EventRecorder } from '../../client/event-recorder';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';
import { ownedHandlers } from './owned';
import { type Revision, RevisionHistory, revisionsRef } from './revisions';

export const podsRef = { group: '', version: 'v1', resource: 'pods' };

export interface WorkloadControllerOptions {
  client: Client;
  informers: InformerFactory;
  clock?: Clock;
  logger: Logger;
}

export interface WorkloadKind {
  resource: ResourceRef;
  kind: string;
  /** The controller's name as its events' source, e.g. 'statefulset-controller'. */
  component: string;
}

export abstract class WorkloadController {
  protected readonly queue: WorkQueue;
  protected readonly owners: Informer;
  protected readonly pods: Informer;
  protected readonly history: RevisionHistory;
  protected readonly recorder: EventRecorder;
  protected readonly clock: Clock;
  private readonly timers: KeyTimers;

  constructor(
    protected readonly options: WorkloadControllerOptions,
    protected readonly kind: WorkloadKind,
  ) {
    this.clock = options.clock ?? realClock;
    this.timers = new KeyTimers(this.clock);
    this.queue = new WorkQueue({ logger: options.logger });
    this.owners = options.informers.informerFor(kind.resource);
    this.pods = options.informers.informerFor(podsRef);
    const revisions = options.informers.informerFor<Revision>(revisionsRef);
    this.history = new RevisionHistory({ client: options.client, informer: revisions });
    this.recorder = new EventRecorder({ client: options.client, component: kind.component, logger: options.logger, clock: this.clock, kind: { apiVersion: 'apps/v1', kind: kind.kind } });
    const enqueue = (o: KubeObject) => this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
    this.owners.addHandlers({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue });
    const lookup = { kind: kind.kind, ownersIn: (ns: string) => this.owners.byNamespace(ns), enqueue: (k: string) => this.queue.add(k) };
    this.pods.addHandlers(ownedHandlers(lookup));
    revisions.addHandlers(ownedHandlers(lookup));
  }

  abstract sync(key: string): Promise<void>;

  run(): Promise<void> {
    return this.queue.run(2, (key) => this.sync(key));
  }

  stop(): void {
    this.timers.stop();
    this.queue.shutdown();
  }

  /** Re-syncs `key` after `ms` of decision time (minReadySeconds). */
  protected requeueAfter(key: string, ms: number): void {
    this.timers.after(key, ms, (k) => this.queue.add(k));
  }

  /** The owner's pods in its namespace, from the cache. */
  protected podsIn(namespace: string | undefined): KubeObject[] {
    return this.pods.byNamespace(namespace ?? '');
  }

  protected async writeStatus(owner: KubeObject, status: object): Promise<void> {
    await this.options.client.update(this.kind.resource, owner.metadata.namespace, { ...owner, status } as unknown as KubeObject, { subresource: 'status' }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
