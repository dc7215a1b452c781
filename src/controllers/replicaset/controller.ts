/**
 * The ReplicaSet controller (upstream pkg/controller/replicaset), also serving ReplicationControllers:
 * keeps spec.replicas active pods from the template, adopting matching orphans and releasing pods that
 * no longer match, and writes status. Handlers only enqueue the owner's key; `sync(key)` is level-based.
 */
import type { ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import { selects } from '../../api/label-selector';
import type { Informer } from '../../client/informer';
import { type Client, isConflict, isNotFound, type KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';
import { EventRecorder } from '../../client/event-recorder';
import { claimObjects } from './claim';
import { podsToDelete } from './delete-order';
import { Expectations } from './expectations';
import { type ReplicatedKind, replicaSetKind, specOf } from './kinds';
import { errorMessage, PodControl } from './pod-control';
import { asPod, controllerOf, isPodActive, isPodReady, objectKeyOf } from './pods';
import { calculateStatus, type ManageError, statusChanged } from './status';

const podsRef = { group: '', version: 'v1', resource: 'pods' };

/** Upstream BurstReplicas: at most this many creations or deletions per sync. */
const burstReplicas = 500;

export interface ReplicaSetControllerOptions {
  client: Client;
  informers: InformerFactory;
  clock?: Clock;
  logger: Logger;
  /** ReplicaSets (default) or ReplicationControllers. */
  kind?: ReplicatedKind;
  workers?: number;
}

export class ReplicaSetController {
  private readonly queue: WorkQueue;
  private readonly owners: Informer;
  private readonly pods: Informer;
  private readonly clock: Clock;
  private readonly kind: ReplicatedKind;
  private readonly expectations: Expectations;
  private readonly podControl: PodControl;
  private readonly timers: KeyTimers;

  constructor(private readonly options: ReplicaSetControllerOptions) {
    this.clock = options.clock ?? realClock;
    this.kind = options.kind ?? replicaSetKind;
    this.expectations = new Expectations(this.clock);
    this.timers = new KeyTimers(this.clock);
    this.queue = new WorkQueue({ logger: options.logger });
    const recorder = new EventRecorder({ client: options.client, clock: this.clock, logger: options.logger, component: this.kind.component, kind: { apiVersion: this.kind.apiVersion, kind: this.kind.kind } });
    this.podControl = new PodControl({ client: options.client, recorder, ownerApiVersion: this.kind.apiVersion, ownerKind: this.kind.kind });
    this.owners = options.informers.informerFor(this.kind.resource);
    this.pods = options.informers.informerFor(podsRef);
    this.owners.addHandlers({
      onAdd: (o) => this.queue.add(objectKeyOf(o)),
      onUpdate: (_old, o) => this.queue.add(objectKeyOf(o)),
      onDelete: (o) => {
        this.expectations.delete(objectKeyOf(o));
        this.queue.add(objectKeyOf(o));
      },
    });
    this.pods.addHandlers({ onAdd: (p) => this.addPod(p), onUpdate: (o, p) => this.updatePod(o, p), onDelete: (p) => this.deletePod(p) });
  }

  run(): Promise<void> {
    return this.queue.run(this.options.workers ?? 2, (key) => this.sync(key));
  }

  stop(): void {
    this.timers.stop();
    this.queue.shutdown();
  }

  /** The owner a controller reference names, if it is one of ours and still the same object. */
  private resolveOwner(pod: KubeObject): KubeObject | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== this.kind.kind) return undefined;
    const owner = this.owners.get(`${pod.metadata.namespace}/${ref.name}`);
    return owner?.metadata.uid === ref.uid ? owner : undefined;
  }

  /** Owners whose selector matches an orphan pod: one of them may adopt it. */
  private enqueueMatching(pod: KubeObject): void {
    for (const o of this.owners.list()) {
      if (o.metadata.namespace === pod.metadata.namespace && selects(this.kind.selector(o), pod.metadata.labels)) this.queue.add(objectKeyOf(o));
    }
  }

  private addPod(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    if (controllerOf(pod)) {
      const owner = this.resolveOwner(pod);
      if (!owner) return;
      this.expectations.creationObserved(objectKeyOf(owner));
      this.queue.add(objectKeyOf(owner));
      return;
    }
    this.enqueueMatching(pod);
  }

  private updatePod(old: KubeObject, pod: KubeObject): void {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {});
    if (pod.metadata.deletionTimestamp) {
      this.deletePod(pod);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const oldRef = controllerOf(old);
    const ref = controllerOf(pod);
    const refChanged = oldRef?.uid !== ref?.uid;
    if (refChanged && oldRef) {
      const previous = this.resolveOwner(old);
      if (previous) this.queue.add(objectKeyOf(previous));
    }
    if (ref) {
      const owner = this.resolveOwner(pod);
      if (!owner) return;
      this.queue.add(objectKeyOf(owner));
      // A pod that just became ready is available minReadySeconds later: look again then (upstream adds 1 s).
      const minReady = specOf(owner).minReadySeconds ?? 0;
      if (!isPodReady(asPod(old)) && isPodReady(asPod(pod)) && minReady > 0) this.enqueueAfter(objectKeyOf(owner), minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) this.enqueueMatching(pod);
  }

  private deletePod(pod: KubeObject): void {
    const owner = this.resolveOwner(pod);
    if (!owner) return;
    const key = objectKeyOf(owner);
    this.expectations.deletionObserved(key, objectKeyOf(pod));
    this.queue.add(key);
  }

  /** A delayed re-sync on the decision clock (a ManualClock in tests); one pending per key, the earliest. */
  private enqueueAfter(key: string, ms: number): void {
    this.timers.after(key, ms, (k) => this.queue.add(k));
  }

  async sync(key: string): Promise<void> {
    const owner = this.owners.get(key);
    if (!owner) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    const active = this.pods.byNamespace(owner.metadata.namespace!).filter((p) => isPodActive(asPod(p)));
    const pods = await claimObjects(
      { client: this.options.client, resource: podsRef, owner, ownerApiVersion: this.kind.apiVersion, ownerKind: this.kind.kind, selector: this.kind.selector(owner), canAdopt: () => this.canAdopt(owner) },
      active,
    );
    let manageError: (ManageError & { cause: unknown }) | undefined;
    if (needsSync && !owner.metadata.deletionTimestamp) manageError = await this.manageReplicas(owner, pods);
    const spec = specOf(owner);
    const minReady = spec.minReadySeconds ?? 0;
    const now = this.clock.now();
    const status = calculateStatus(owner.status as ReplicaSetStatus | undefined, spec.template?.metadata?.labels ?? {}, minReady, pods.map(asPod), manageError, now);
    await this.updateStatus(owner, status);
    // Ready pods that are not yet available become so after minReadySeconds (upstream requeues then).
    if (!manageError && minReady > 0 && status.readyReplicas === (spec.replicas ?? 1) && status.availableReplicas !== (spec.replicas ?? 1)) this.enqueueAfter(key, minReady * 1000);
    if (manageError) throw manageError.cause;
  }

  /** Upstream RecheckDeletionTimestamp: adopt only if the owner, read fresh, is the same and not being deleted. */
  private async canAdopt(owner: KubeObject): Promise<boolean> {
    const fresh = await this.options.client.get(this.kind.resource, owner.metadata.namespace, owner.metadata.name!);
    return fresh.metadata.uid === owner.metadata.uid && !fresh.metadata.deletionTimestamp;
  }

  /** Creates or deletes pods to reach spec.replicas (upstream manageReplicas); returns what failed. */
  private async manageReplicas(owner: KubeObject, pods: KubeObject[]): Promise<(ManageError & { cause: unknown }) | undefined> {
    const key = objectKeyOf(owner);
    const spec = specOf(owner);
    const diff = pods.length - (spec.replicas ?? 1);
    if (diff < 0) {
      const want = Math.min(-diff, burstReplicas);
      this.expectations.expectCreations(key, want);
      const { created, error } = await this.podControl.createPods(owner, spec.template ?? {}, want);
      if (error === undefined) return undefined;
      // Creations never attempted or failed will not be observed: stop expecting them.
      this.expectations.lowerCreations(key, want - created);
      return { creating: true, message: errorMessage(error), cause: error };
    }
    if (diff > 0) {
      const victims = podsToDelete(pods.map(asPod), this.relatedPods(owner).map(asPod), Math.min(diff, burstReplicas), this.clock.now()) as unknown as KubeObject[];
      this.expectations.expectDeletions(key, victims.map(objectKeyOf));
      const results = await Promise.allSettled(victims.map((p) => this.podControl.deletePod(owner, p)));
      let failure: unknown;
      results.forEach((r, i) => {
        if (r.status === 'rejected') {
          this.expectations.deletionObserved(key, objectKeyOf(victims[i]!));
          failure ??= r.reason;
        }
      });
      if (failure !== undefined) return { creating: false, message: errorMessage(failure), cause: failure };
    }
    return undefined;
  }

  /** Pods of every owner with the same controller (a Deployment's ReplicaSets), for the per-node rank. */
  private relatedPods(owner: KubeObject): KubeObject[] {
    const parent = controllerOf(owner);
    const siblings = new Set(parent ? this.owners.byNamespace(owner.metadata.namespace!).filter((o) => controllerOf(o)?.uid === parent.uid).map((o) => o.metadata.uid) : [owner.metadata.uid]);
    return this.pods.byNamespace(owner.metadata.namespace!).filter((p) => siblings.has(controllerOf(p)?.uid));
  }

  private async updateStatus(owner: KubeObject, status: ReplicaSetStatus): Promise<void> {
    if (!statusChanged(owner.status as ReplicaSetStatus | undefined, status, owner.metadata.generation)) return;
    // Upstream's counters other than replicas are `omitempty`: zeros are left out.
    const next = Object.fromEntries(Object.entries({ ...status, observedGeneration: owner.metadata.generation }).filter(([k, v]) => v !== 0 || k === 'replicas'));
    const write = (obj: KubeObject) => this.options.client.update(this.kind.resource, obj.metadata.namespace, { ...obj, status: next }, { subresource: 'status' });
    try {
      await write(owner);
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isConflict(err)) throw err;
      // Upstream retries once on a fresh copy.
      await write(await this.options.client.get(this.kind.resource, owner.metadata.namespace, owner.metadata.name!));
    }
  }
}

